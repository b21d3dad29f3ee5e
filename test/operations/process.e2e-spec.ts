// The service as operators run it: a real process per role, its exit codes, its log lines.
import { connect } from 'node:net';
import { createTestDatabase, dropTestDatabase } from '../support/databases';
import { spawnService, waitForLine } from '../support/service-process';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

describe('the service as a process', () => {
  let db: { name: string; url: string };
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = () => ({ DATABASE_URL: db.url, REDIS_URL: process.env.TEST_REDIS_URL!, PORT: String(port), QUEUE_PREFIX: `proc${port}` });

  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => dropTestDatabase(db.name));

  it('refuses to start on bad configuration, naming each bad value', async () => {
    const r = spawnService({ DATABASE_URL: 'mysql://nope', REDIS_URL: 'redis://127.0.0.1:6379', ROLE: 'everything' });
    expect(await r.exited).toBe(78);
    const output = r.lines.join('\n');
    expect(output).toContain('DATABASE_URL must be a postgres:// URL');
    expect(output).toContain('ROLE must be one of api, worker, all');
  });

  it('ROLE=worker runs without an HTTP port and stops cleanly on SIGTERM', async () => {
    const r = spawnService({ ...env(), ROLE: 'worker' });
    try {
      const started = JSON.parse(await waitForLine(r, /worker started/));
      expect(started).toMatchObject({ level: 'info', role: 'worker' });
      expect(await portOpen(port)).toBe(false);
    } finally {
      r.proc.kill('SIGTERM');
    }
    expect(await r.exited).toBe(0);
    expect(r.lines.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
  });

  it('ROLE=api serves HTTP, logs JSON lines carrying the request id, and stops cleanly on SIGTERM', async () => {
    const r = spawnService({ ...env(), ROLE: 'api' });
    try {
      await waitForLine(r, /listening on port/);
      const res = await fetch(`http://127.0.0.1:${port}/tmf-api/customerManagement/v4/customer?limit=1`, { headers: { 'X-Request-Id': 'trace-42' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('trace-42');
      const bad = await fetch(`http://127.0.0.1:${port}/tmf-api/customerManagement/v4/customer?limit=5000`);
      expect(bad.status).toBe(400);
      const generated = bad.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const done = JSON.parse(await waitForLine(r, /"reqId":"trace-42"/));
      expect(done).toMatchObject({ level: 'info', reqId: 'trace-42', res: { statusCode: 200 }, msg: 'request completed' });
      expect(JSON.parse(await waitForLine(r, new RegExp(`"reqId":"${generated}"`)))).toMatchObject({ level: 'warn', res: { statusCode: 400 } });
      for (const line of r.lines) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      r.proc.kill('SIGTERM');
    }
    expect(await r.exited).toBe(0);
  });
});

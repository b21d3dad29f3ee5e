// Hub callbacks may not reach private, loopback or link-local addresses unless HUB_CALLBACK_ALLOWLIST allows them
// (server-side request forgery); checked at registration and again before each delivery.
import request from 'supertest';
import { CallbackGuard } from '../../src/tmf/hub/callback-guard';
import { expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';

const BASE = '/tmf-api/customerManagement/v4';

describe('hub callback addresses', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { HUB_CALLBACK_ALLOWLIST: 'listener.internal,10.20.0.0/16' } })));
  afterAll(() => t.close());

  const subscriptions = async () => Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM hub_subscription')).rows[0].n);

  it.each([
    'http://127.0.0.1:8080/events',
    'http://localhost/events',
    'http://10.0.0.5/events',
    'http://172.16.3.4/events',
    'http://192.168.1.1/events',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/events',
    'http://[fe80::1]/events',
    'http://[::ffff:127.0.0.1]/events',
    'http://0.0.0.0/events',
  ])('refuses %s with 400 and stores nothing', async (callback) => {
    const before = await subscriptions();
    const res = await request(t.server).post(`${BASE}/hub`).send({ callback });
    expectTmfError(res, 400);
    expect(res.body.code).toBe('invalidCallback');
    expect(res.body.message).toMatch(/private, loopback or link-local/);
    expect(await subscriptions()).toBe(before);
  });

  it.each(['http://10.20.3.4/events', 'http://listener.internal/events', 'https://93.184.216.34/events'])('accepts %s (allow-listed or public)', async (callback) => {
    await request(t.server).post(`${BASE}/hub`).send({ callback }).expect(201);
  });
});

describe('CallbackGuard', () => {
  it('allows loopback only when a range or host allows it', async () => {
    expect(await new CallbackGuard({ hubCallbackAllowlist: [] }).refusal('http://127.0.0.1/x')).toMatch(/127\.0\.0\.1/);
    expect(await new CallbackGuard({ hubCallbackAllowlist: ['127.0.0.0/8'] }).refusal('http://127.0.0.1/x')).toBeUndefined();
    expect(await new CallbackGuard({ hubCallbackAllowlist: ['::1'] }).refusal('http://[::1]/x')).toBeUndefined();
    expect(await new CallbackGuard({ hubCallbackAllowlist: ['localhost'] }).refusal('http://localhost:9/x')).toBeUndefined();
    expect(await new CallbackGuard({ hubCallbackAllowlist: [] }).refusal('ftp://example.com/x')).toMatch(/http\(s\)/);
  });
});

#!/usr/bin/env node
// `npm test`: installs dependencies when needed, starts a throwaway PostgreSQL and Redis (unless
// TEST_DATABASE_URL / TEST_REDIS_URL point at servers to use), runs the whole Jest suite, stops them again.
// Extra arguments go to Jest, e.g. `npm test -- test/customer`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, freePort, log, removeDir, startPostgres, startRedis } from './infra.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureNodeModules(root);

const stops = [];
let dir;
const cleanup = () => {
  while (stops.length) stops.pop()();
  if (dir) removeDir(dir);
};
process.on('SIGINT', () => { cleanup(); process.exit(130); });
process.on('SIGTERM', () => { cleanup(); process.exit(143); });

let status = 1;
try {
  const env = { ...process.env };
  if (!env.TEST_DATABASE_URL || !env.TEST_REDIS_URL) {
    dir = mkdtempSync(join(tmpdir(), 'bss-test-'));
    chmodSync(dir, 0o755); // the postgres user (when run as root) must reach its data folder
    log(`throwaway PostgreSQL and Redis under ${dir}`);
  }
  if (!env.TEST_DATABASE_URL) {
    const pg = await startPostgres({ dir: join(dir, 'pg'), port: await freePort(), database: 'postgres', throwaway: true });
    stops.push(pg.stop);
    env.TEST_DATABASE_URL = pg.url;
  }
  if (!env.TEST_REDIS_URL) {
    const redis = await startRedis({ dir: join(dir, 'redis'), port: await freePort() });
    stops.push(redis.stop);
    env.TEST_REDIS_URL = redis.url;
  }
  const jest = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
  status = jest.status ?? 1;
} catch (e) {
  console.error(`test setup failed: ${e.message}`);
} finally {
  cleanup();
}
process.exit(status);

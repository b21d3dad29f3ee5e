// What the benchmarks share: a fresh build, a temp folder with throwaway PostgreSQL and Redis (unless
// DATABASE_URL and REDIS_URL are both set), migrations, and child processes that go away on success, failure
// and Ctrl-C alike.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, freePort, removeDir, startPostgres, startRedis } from '../scripts/infra.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

const children = new Set();
const stops = [];
let tmp;

/** Kills the children, stops the throwaway servers and removes the temp folder. */
export function cleanup() {
  for (const child of children) child.kill('SIGKILL');
  while (stops.length) stops.pop()();
  if (tmp) removeDir(tmp);
  tmp = undefined;
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });
process.on('SIGTERM', () => { cleanup(); process.exit(143); });

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const main = join(root, 'dist', 'main.js');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'migrations')));
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  log('building the service (npm run build)');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
}

/** Installs and builds when needed, provides PostgreSQL and Redis, migrates; returns their URLs. */
export async function provision(name) {
  ensureNodeModules(root);
  buildIfStale();
  tmp = mkdtempSync(join(tmpdir(), `bss-${name}-`));
  chmodSync(tmp, 0o755); // as root, postgres runs as user `postgres` and must reach its data folder
  let { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = process.env;
  if (!databaseUrl || !redisUrl) {
    log(`throwaway PostgreSQL and Redis under ${tmp}`);
    const pgServer = await startPostgres({ dir: join(tmp, 'pg'), port: await freePort(), throwaway: true });
    stops.push(pgServer.stop);
    const redis = await startRedis({ dir: join(tmp, 'redis'), port: await freePort() });
    stops.push(redis.stop);
    [databaseUrl, redisUrl] = [pgServer.url, redis.url];
  }
  const migrate = spawnSync(process.execPath, ['node_modules/typeorm/cli.js', '-d', 'dist/database/data-source.js', 'migration:run'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  return { databaseUrl, redisUrl };
}

const tail = (file) => readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');

/** Starts `node <nodeArgs>` with its output in the temp folder. */
export function startProcess(name, nodeArgs, env) {
  const logFile = join(tmp, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, nodeArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return { name, child, logFile };
}

export async function waitReady(proc, url, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}):\n${tail(proc.logFile)}`);
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${proc.name} not ready after ${timeoutMs} ms:\n${tail(proc.logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopProcess({ child }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(timer);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

/** Runs a benchmark's main (which returns the exit status), cleaning up unless `keep`, and exits. */
export async function runBench(main, { keep = false } = {}) {
  let status = 1;
  try {
    status = await main();
  } catch (e) {
    console.error(`bench failed: ${e.stack ?? e.message}`);
  } finally {
    if (!keep) cleanup();
  }
  process.exit(status);
}

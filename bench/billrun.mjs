#!/usr/bin/env node
// `npm run bench:billrun [-- --accounts N --chunk-size N --keep]`
//
// A monthly bill run of N billing accounts (default 100,000) against the built service — billing, then features and
// segments per chunk, then the run's close (learned segments re-fitted, customers re-assigned to the nearest
// centroid) — and the same work as plain SQL in one transaction (bench/billrun-floor.sql, then
// bench/billrun-floor-segments.sql) — the honest floor of set-based billing and segmentation on this machine.
//
// 1. Generates the accounts set-based (bench/seed-billing.mjs: customers with numberOfEmployees and industry,
//    billing accounts, 1–3 products each with QuotePrice snapshots and a product family — recurring, discounts with
//    applicationDuration, one-time, usage prices; mid-period starts and ends — usage records in the period on the
//    products' families, two earlier periods of bills for the trend features, TMF620 categories naming the
//    families, plus a few parked accounts), then copies the database (CREATE DATABASE … TEMPLATE) so both sides
//    start from the same rows. The 8 default segments come with the migrations.
// 2. Service: an API process (ROLE=api) and ONE worker process (ROLE=worker), LOG_LEVEL=warn; POSTs
//    /bss/billing/v1/billRun with the previous calendar month as explicit billingPeriod and polls it until it
//    ends. Wall time from the POST to the poll that sees it ended; the worker's RSS sampled every 200 ms.
// 3. Floor: the two SQL files on the copy, in one transaction, with the run's bill date and id. Learned segments:
//    the floor does not run k-means; the learned segments the service's run published (market_segment, kind
//    'learned') are copied to the floor's database before it starts, and the floor assigns each customer to the
//    nearest of their centroids with INSERT…SELECT, as the service's close does.
// 4. Verifies both wrote the same bills, rates and usage marks — per account, documents compared with the ids
//    and bill numbers masked — the same features per customer (customer_feature of the run), the same open
//    memberships (customer, segment, version, document) and the same customer documents (marketSegment) — the
//    percentile segment (Key accounts) included: the service's close ranks the run's customers again over the whole
//    population, as the floor's single statement does. Prints the times, the service/floor
//    ratio, accounts/s, chunk size, the worker's peak RSS, the segment sizes, cores and machine. Targets: service
//    <= 2x the floor, worker RSS < 512 MB. Exits non-zero when the outputs differ or the run fails.
//
// PostgreSQL and Redis are throwaway servers in a temp dir unless DATABASE_URL and REDIS_URL are both set; then
// that database's billing and segmentation tables (customers, accounts, products, usage, bills, runs, features,
// memberships, learned segments) are truncated and reloaded
// and a second database `<name>_floor` is created next to it (dropped at the end unless --keep): point it at a
// scratch server. --keep leaves both databases (and the throwaway servers, running) for inspection.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import pg from 'pg';
import { freePort } from '../scripts/infra.mjs';
import { log, printTable, provision, root, runBench, startProcess, stopProcess, waitReady } from './harness.mjs';
import { seedBilling } from './seed-billing.mjs';

const BILL_RUN_PATH = '/bss/billing/v1/billRun';
const FINAL_STATES = ['completed', 'completedWithErrors', 'failed'];
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 512;
const SERVICE_DEFAULT_CHUNK_SIZE = 2000; // src/config/config.ts, when BILL_RUN_CHUNK_SIZE is unset
const PAYMENT_TERM_DAYS = 30; // the service default (PAYMENT_TERM_DAYS unset)
/** What a bill run writes: vacuumed after the service's run so that autovacuum does not work during the floor's. */
const WRITTEN_TABLES = ['applied_billing_rate', 'customer_bill', 'usage_record', 'outbox_event', 'bill_run', 'bill_run_chunk', 'bill_run_parked_account',
  'customer_feature', 'customer_feature_current', 'segment_membership', 'customer', 'market_segment'];
/** Percentile segments: the service ranks each chunk's customers among those evaluated so far, the floor among all (see below). */
/** The feature columns compared between the two sides (everything but the row ids). */
const FEATURE_COLUMNS = ['bill_run_id', 'trigger', 'as_of', 'period_end', 'currency', 'spend', 'spend_avg3', 'spend_trend3', 'periods_billed', 'product_count', 'families',
  'tenure_days', 'overdue_bills', 'employees', 'industry', 'usage_volume', 'usage_share'];
const MINOR_UNITS = { BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, CLF: 4, UYW: 4 };

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    'chunk-size': { type: 'string' }, // BILL_RUN_CHUNK_SIZE of the service (unset: its default)
    keep: { type: 'boolean', default: false },
    'poll-ms': { type: 'string', default: '100' },
  },
});
const opts = {
  accounts: Number(args.accounts),
  chunkSize: args['chunk-size'] === undefined ? undefined : Number(args['chunk-size']),
  keep: args.keep,
  pollMs: Number(args['poll-ms']),
};
if (!Number.isInteger(opts.accounts) || opts.accounts < 1) {
  console.error('--accounts must be a positive integer');
  process.exit(2);
}
if (opts.chunkSize !== undefined && (!Number.isInteger(opts.chunkSize) || opts.chunkSize < 10 || opts.chunkSize > 100000)) {
  console.error('--chunk-size must be an integer between 10 and 100000 (BILL_RUN_CHUNK_SIZE)');
  process.exit(2);
}
const resultsDir = join(root, 'bench', 'results');

/** The previous calendar month (UTC): the period a monthly run on the 1st closes. */
function previousMonth(now = new Date()) {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { start, end };
}

const withDatabase = (url, name) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
const ident = (name) => `"${name.replace(/"/g, '""')}"`;
const literal = (value) => `'${String(value).replace(/'/g, "''")}'`;

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Lets the server settle before a timed side: VACUUM (ANALYZE) what the other side wrote (so autovacuum does not
 * run on it during the measurement), wait for any autovacuum worker to finish, then CHECKPOINT.
 */
async function settle(url, tables = []) {
  await withClient(url, async (c) => {
    if (tables.length) await c.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
      if (!rows[0].n) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await c.query('CHECKPOINT');
  });
}

/** Copies database `from` into a new `to` (no session may be connected to `from`). */
async function copyDatabase(adminUrl, from, to) {
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(to)}`);
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${ident(to)} TEMPLATE ${ident(from)}`);
        return;
      } catch (e) {
        if (attempt >= 10 || !/being accessed by other users/.test(e.message)) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  });
}

// --- the worker's memory ------------------------------------------------------------------------------------
function rssKb(pid, field = 'VmRSS') {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function sampleRss(pid, everyMs = 200) {
  const samples = [];
  const take = () => {
    const kb = rssKb(pid);
    if (kb !== undefined) samples.push(kb);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakKb: Math.max(...samples), firstKb: samples[0], samples: samples.length };
    },
  };
}

// --- service ------------------------------------------------------------------------------------------------
async function waitForWorkers(redisUrl, timeoutMs = 60000) {
  const queues = ['bss-bill-run-chunk', 'bss-bill-run'].map((name) => new Queue(name, { connection: parseRedis(redisUrl), prefix: '{bss}' }));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getWorkersCount()));
      if (counts.every((n) => n >= 1)) return counts;
      if (Date.now() > deadline) throw new Error(`the worker did not register with the bill-run queues within ${timeoutMs} ms (workers: ${counts.join(', ')})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

function parseRedis(url) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 6379), password: u.password || undefined, db: Number(u.pathname.slice(1) || 0) };
}

async function runService({ databaseUrl, redisUrl, period }) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    PUBLIC_BASE_URL: baseUrl,
    ...(opts.chunkSize !== undefined ? { BILL_RUN_CHUNK_SIZE: String(opts.chunkSize) } : {}),
  };
  const api = startProcess('api', ['dist/main.js'], { ...env, ROLE: 'api', PORT: String(port) });
  const worker = startProcess('worker', ['dist/main.js'], { ...env, ROLE: 'worker', PORT: String(await freePort()) });
  try {
    await waitReady(api, `${baseUrl}/health`);
    if (worker.child.exitCode !== null) throw new Error(`the worker exited (${worker.child.exitCode}): see ${worker.logFile}`);
    await waitForWorkers(redisUrl);
    await settle(databaseUrl);
    const idleKb = rssKb(worker.child.pid);
    const rss = sampleRss(worker.child.pid);
    const apiRss = sampleRss(api.child.pid);

    const body = { billingPeriod: { startDateTime: period.start.toISOString(), endDateTime: period.end.toISOString() }, description: `bench:billrun ${opts.accounts} accounts` };
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${BILL_RUN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await res.json();
    if (res.status !== 202) throw new Error(`POST ${BILL_RUN_PATH} answered ${res.status}: ${JSON.stringify(created)}`);
    let run = created;
    let lastLog = t0;
    while (!FINAL_STATES.includes(run.state)) {
      await new Promise((r) => setTimeout(r, opts.pollMs));
      if (worker.child.exitCode !== null) throw new Error(`the worker exited (${worker.child.exitCode}) during the run: see ${worker.logFile}`);
      const got = await fetch(`${baseUrl}${BILL_RUN_PATH}/${created.id}`);
      if (got.status !== 200) throw new Error(`GET bill run answered ${got.status}: ${await got.text()}`);
      run = await got.json();
      if (performance.now() - lastLog > 10000) {
        lastLog = performance.now();
        const c = run.counters ?? {};
        log(`  ${run.state}: ${c.chunksDone ?? 0}/${c.chunksTotal ?? '?'} chunks, ${run.throughput?.accountsPerSecond ?? '?'} accounts/s`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const memory = rss.stop();
    const hwmKb = rssKb(worker.child.pid, 'VmHWM');
    const apiMemory = apiRss.stop();
    return { seconds, run, baseUrl, memory: { ...memory, idleKb, hwmKb }, apiPeakKb: apiMemory.peakKb, logs: { api: api.logFile, worker: worker.logFile } };
  } finally {
    await Promise.all([stopProcess(api), stopProcess(worker)]);
  }
}

// --- floor --------------------------------------------------------------------------------------------------
/** billrun-floor.sql (billing) then billrun-floor-segments.sql (features and segments; commits): one transaction. */
async function runFloor(floorUrl, vars) {
  const sql = ['billrun-floor.sql', 'billrun-floor-segments.sql'].map((file) => readFileSync(join(root, 'bench', file), 'utf8').replace(/:'(\w+)'/g, (_, name) => {
    if (!(name in vars)) throw new Error(`${file} uses :'${name}', which the bench does not set`);
    return literal(vars[name]);
  })).join('\n');
  return withClient(floorUrl, async (c) => {
    const t0 = performance.now();
    let results;
    try {
      results = await c.query(sql);
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw new Error(`the floor script failed: ${e.message}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const all = [].concat(results);
    const counts = { ...all.find((r) => r.command === 'SELECT' && r.rows[0]?.bills !== undefined).rows[0], ...all.find((r) => r.command === 'SELECT' && r.rows[0]?.features !== undefined).rows[0] };
    return { seconds, counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])) };
  });
}

// --- what each side wrote -----------------------------------------------------------------------------------
/** Totals of the bills, rates and usage marks of the period, and one hash per account of its bill and rates. */
async function outputOf(url, period) {
  return withClient(url, async (c) => {
    const p = [period.start, period.end];
    const { rows: [totals] } = await c.query(
      `SELECT count(*)::int AS bills, coalesce(sum(tax_excluded_amount), 0)::text AS excl, coalesce(sum(tax_included_amount), 0)::text AS incl,
              (SELECT coalesce(jsonb_object_agg(currency, jsonb_build_array(n, excl, incl)), '{}') FROM (
                 SELECT currency, count(*) AS n, sum(tax_excluded_amount)::text AS excl, sum(tax_included_amount)::text AS incl
                   FROM customer_bill WHERE run_type = 'onCycle' AND period_start = $1 AND period_end = $2 GROUP BY currency) t) AS "byCurrency"
         FROM customer_bill WHERE run_type = 'onCycle' AND period_start = $1 AND period_end = $2`,
      p,
    );
    const { rows: rateTypes } = await c.query(
      `SELECT r.type, count(*)::int AS n, sum((r.doc -> 'taxExcludedAmount' ->> 'value')::numeric)::text AS excl,
              sum((r.doc -> 'taxIncludedAmount' ->> 'value')::numeric)::text AS incl
         FROM applied_billing_rate r JOIN customer_bill b ON b.id = r.bill_id
        WHERE b.run_type = 'onCycle' AND b.period_start = $1 AND b.period_end = $2 GROUP BY r.type ORDER BY r.type`,
      p,
    );
    const { rows: [usage] } = await c.query(
      `SELECT count(*)::int AS marked, count(*) FILTER (WHERE b.billing_account_id <> u.billing_account_id)::int AS "wrongAccount"
         FROM usage_record u JOIN customer_bill b ON b.id = u.bill_id WHERE b.period_start = $1 AND b.period_end = $2`,
      p,
    );
    // documents with the ids and numbers that differ by construction masked; everything else compared as is
    const { rows: accounts } = await c.query(
      `SELECT b.billing_account_id AS id,
              md5(concat_ws('|', b.state, b.run_type, b.period_start, b.period_end, b.bill_date, b.currency, b.tax_excluded_amount, b.tax_included_amount,
                            b.bill_no ~ ('^B-' || to_char(b.bill_date, 'YYYYMM') || '-[0-9]{8}$'),
                            replace(replace(b.doc::text, b.id::text, '<bill id>'), b.bill_no, '<bill no>'))) AS bill,
              r.rates, u.usage
         FROM customer_bill b
         LEFT JOIN (SELECT r.bill_id, md5(string_agg(concat_ws('|', r.billing_account_id, r.product_id, r.charge_key, r.type, r.is_billed, r.rate_date, r.period_start,
                                                               r.period_end, replace(r.doc::text, r.bill_id::text, '<bill id>')), E'\\n' ORDER BY r.charge_key)) AS rates
                      FROM applied_billing_rate r GROUP BY r.bill_id) r ON r.bill_id = b.id
         LEFT JOIN (SELECT u.bill_id, md5(string_agg(u.id::text, ',' ORDER BY u.id)) AS usage FROM usage_record u WHERE u.bill_id IS NOT NULL GROUP BY u.bill_id) u ON u.bill_id = b.id
        WHERE b.run_type = 'onCycle' AND b.period_start = $1 AND b.period_end = $2`,
      p,
    );
    const { rows: [rates] } = await c.query(`SELECT count(*)::int AS n FROM applied_billing_rate`);
    return { totals, rateTypes, usage, rates: rates.n, accounts: new Map(accounts.map((a) => [a.id, a])) };
  });
}

async function sampleAccount(url, accountId, period) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT b.doc AS bill, (SELECT jsonb_agg(r.doc ORDER BY r.charge_key) FROM applied_billing_rate r WHERE r.bill_id = b.id) AS rates
         FROM customer_bill b WHERE b.billing_account_id = $1 AND b.period_start = $2 AND b.period_end = $3`,
      [accountId, period.start, period.end],
    );
    return rows[0] ?? null;
  });
}

/**
 * What the run's segmentation left: per customer its feature row of the run (the feature columns hashed), its open
 * memberships (segment → hash of version, start, entry run and document), its document (with `marketSegment`),
 * and each segment's size.
 */
async function segmentationOf(url, runId) {
  return withClient(url, async (c) => {
    const { rows: features } = await c.query(
      `SELECT customer_id AS id, md5(jsonb_build_array(${FEATURE_COLUMNS.join(', ')})::text) AS h FROM customer_feature WHERE bill_run_id = $1`, [runId]);
    const { rows: current } = await c.query(`SELECT count(*)::int AS n FROM customer_feature_current WHERE bill_run_id = $1`, [runId]);
    const { rows: memberships } = await c.query(
      `SELECT customer_id AS id, market_segment_id AS segment, md5(concat_ws('|', segment_version, valid_from, entry_bill_run_id, doc::text)) AS h
         FROM segment_membership WHERE valid_to IS NULL`);
    const { rows: customers } = await c.query(`SELECT id, md5(doc::text) AS h FROM customer`);
    const { rows: sizes } = await c.query(
      `SELECT s.id, s.name, s.kind, count(m.id)::int AS size FROM market_segment s LEFT JOIN segment_membership m ON m.market_segment_id = s.id AND m.valid_to IS NULL
        WHERE s.status = 'active' GROUP BY s.id ORDER BY s.kind = 'learned', s.id`);
    const byCustomer = new Map();
    for (const m of memberships) {
      if (!byCustomer.has(m.id)) byCustomer.set(m.id, new Map());
      byCustomer.get(m.id).set(m.segment, m.h);
    }
    return { features: new Map(features.map((f) => [f.id, f.h])), current: current[0].n, memberships: byCustomer, count: memberships.length,
      customers: new Map(customers.map((x) => [x.id, x.h])), sizes };
  });
}

/** Differences of features, open memberships and customer documents (any one fails the comparison). */
function segmentationDifferences(service, floor) {
  const lines = [];
  const samples = [];
  let features = 0;
  for (const id of new Set([...service.features.keys(), ...floor.features.keys()])) {
    if (service.features.get(id) !== floor.features.get(id)) {
      features++;
      if (samples.length < 2) samples.push(id);
    }
  }
  if (features) lines.push(`${features} customers' features differ (customer_feature rows of the run)`);
  if (service.current !== floor.current) lines.push(`customer_feature_current rows of the run differ: service ${service.current}, floor ${floor.current}`);
  let memberships = 0;
  for (const id of new Set([...service.memberships.keys(), ...floor.memberships.keys()])) {
    const a = service.memberships.get(id) ?? new Map();
    const b = floor.memberships.get(id) ?? new Map();
    for (const segment of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(segment) === b.get(segment)) continue;
      memberships++;
      if (samples.length < 4) samples.push(id);
    }
  }
  if (memberships) lines.push(`${memberships} open memberships (customer, segment) differ in presence or document`);
  let docs = 0;
  for (const [id, h] of service.customers) {
    if (floor.customers.get(id) !== h) docs++;
  }
  if (docs) lines.push(`${docs} customer documents (marketSegment) differ`);
  return { lines, samples };
}

async function sampleCustomer(url, customerId, runId) {
  return withClient(url, async (c) => {
    const { rows: [f] } = await c.query(`SELECT ${FEATURE_COLUMNS.join(', ')} FROM customer_feature WHERE customer_id = $1 AND bill_run_id = $2`, [customerId, runId]);
    const { rows: m } = await c.query(`SELECT market_segment_id, segment_version, doc FROM segment_membership WHERE customer_id = $1 AND valid_to IS NULL ORDER BY market_segment_id`, [customerId]);
    return { features: f ?? null, memberships: m };
  });
}

/** The service's published learned segments, copied into the floor's database (the floor assigns to their centroids). */
async function copyLearnedSegments(fromUrl, toUrl) {
  const { rows } = await withClient(fromUrl, (c) => c.query(`SELECT id, name, kind, status, version, doc, created_at, updated_at FROM market_segment WHERE kind = 'learned'`));
  await withClient(toUrl, (c) => c.query(
    `INSERT INTO market_segment (id, name, kind, status, version, doc, created_at, updated_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, name text, kind text, status text, version int, doc jsonb, created_at timestamptz, updated_at timestamptz)`,
    [JSON.stringify(rows)]));
  return rows.filter((r) => r.status === 'active').length;
}

/** Differences between the two sides, as readable lines (empty: the same output). */
function differences(service, floor) {
  const out = [];
  const t = (o) => JSON.stringify(o);
  if (t(service.totals) !== t(floor.totals)) out.push(`bill totals differ: service ${t(service.totals)}, floor ${t(floor.totals)}`);
  if (t(service.rateTypes) !== t(floor.rateTypes)) out.push(`rates by type differ: service ${t(service.rateTypes)}, floor ${t(floor.rateTypes)}`);
  if (service.rates !== floor.rates) out.push(`applied_billing_rate rows differ: service ${service.rates}, floor ${floor.rates}`);
  if (t(service.usage) !== t(floor.usage)) out.push(`usage marks differ: service ${t(service.usage)}, floor ${t(floor.usage)}`);
  if (service.usage.wrongAccount || floor.usage.wrongAccount) out.push('usage records were marked with another account\'s bill');
  const diffAccounts = [];
  for (const id of new Set([...service.accounts.keys(), ...floor.accounts.keys()])) {
    const a = service.accounts.get(id);
    const b = floor.accounts.get(id);
    if (!a || !b || a.bill !== b.bill || a.rates !== b.rates || a.usage !== b.usage) diffAccounts.push({ id, service: a, floor: b });
  }
  if (diffAccounts.length) out.push(`${diffAccounts.length} accounts' bills, rates or usage marks differ`);
  return { lines: out, accounts: diffAccounts };
}

// --- main ---------------------------------------------------------------------------------------------------
async function main() {
  const period = previousMonth();
  const { databaseUrl, redisUrl } = await provision('bench-billrun');
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const floorName = `${dbName}_floor`;
  const floorUrl = withDatabase(databaseUrl, floorName);
  const adminUrl = withDatabase(databaseUrl, 'postgres');
  mkdirSync(resultsDir, { recursive: true });

  // 1. data, and its copy for the floor
  const t0 = Date.now();
  const seeded = await withClient(databaseUrl, (c) => seedBilling(c, { accounts: opts.accounts, periodStart: period.start, periodEnd: period.end }));
  log(`generated ${seeded.accounts} accounts (${t(seeded.currencies)}), ${seeded.products} products (${seeded.withDiscount} with a discount, ` +
    `${seeded.startedInPeriod} started and ${seeded.endedInPeriod} ended in the period), ${seeded.usageRecords} usage records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  await copyDatabase(adminUrl, dbName, floorName);
  log(`copied ${dbName} to ${floorName} in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const { rows: [size] } = await withClient(databaseUrl, (c) => c.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size, current_setting('server_version') AS version,
                                                                            current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem`));
  log(`database ${size.size} (PostgreSQL ${size.version}, shared_buffers ${size.shared_buffers}, work_mem ${size.work_mem})`);

  // 2. the service
  log(`load average before the service's run: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  log(`service: bill run of ${period.start.toISOString()} – ${period.end.toISOString()}, chunks of ${opts.chunkSize ?? `${SERVICE_DEFAULT_CHUNK_SIZE} (default)`}`);
  const service = await runService({ databaseUrl, redisUrl, period });
  const c = service.run.counters ?? {};
  log(`service: ${service.run.state} in ${service.seconds.toFixed(2)} s; ${c.chunksTotal} chunks, ${c.billsCreated} bills, ${c.ratesCreated} rates, ${c.accountsParked} parked; worker peak RSS ${(service.memory.peakKb / 1024).toFixed(0)} MB`);
  const { rows: chunkStats } = await withClient(databaseUrl, (cl) => cl.query(
    `SELECT count(*) FILTER (WHERE state = 'failed')::int AS failed, round(avg(extract(epoch FROM finished_at - started_at))::numeric, 3)::float AS avg_s,
            round(max(extract(epoch FROM finished_at - started_at))::numeric, 3)::float AS max_s,
            round(sum(extract(epoch FROM finished_at - started_at))::numeric, 2)::float AS sum_s FROM bill_run_chunk WHERE bill_run_id = $1`, [service.run.id]));
  log(`service chunks: average ${chunkStats[0].avg_s} s, slowest ${chunkStats[0].max_s} s, all together ${chunkStats[0].sum_s} s ` +
    `(each from the chunk job's start to its commit), ${chunkStats[0].failed} failed`);

  // 3. the floor, with the run's dates
  const billDate = new Date(service.run.requestedDate);
  const vars = {
    period_start: period.start.toISOString(),
    period_end: period.end.toISOString(),
    bill_date: billDate.toISOString(),
    payment_due_date: new Date(billDate.getTime() + PAYMENT_TERM_DAYS * 86_400_000).toISOString(),
    next_bill_date: new Date(period.end.getTime() * 2 - period.start.getTime()).toISOString(), // explicit period, no cycle: + its length
    created_before: billDate.toISOString(),
    minor_units: JSON.stringify(MINOR_UNITS),
    href_bill: `${service.baseUrl}/tmf-api/customerBillManagement/v4/customerBill/`,
    href_account: `${service.baseUrl}/tmf-api/accountManagement/v4/billingAccount/`,
    href_customer: `${service.baseUrl}/tmf-api/customerManagement/v4/customer/`,
    href_document: `${service.baseUrl}/bss/billing/v1/billDocument/`,
    bill_run_id: service.run.id,
    href_segment: `${service.baseUrl}/bss/segmentation/v1/marketSegment/`,
    href_bill_run: `${service.baseUrl}${BILL_RUN_PATH}/`,
    customer_schema_location: `${service.baseUrl}/openapi/schemas/CustomerMarketSegment.schema.json`,
  };
  const learnedCopied = await copyLearnedSegments(databaseUrl, floorUrl);
  log(`copied the service run's ${learnedCopied} active learned segments (centroids) to ${floorName}`);
  await settle(databaseUrl, WRITTEN_TABLES);
  log(`load average before the floor: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  log('floor: bench/billrun-floor.sql + billrun-floor-segments.sql, one transaction over every account');
  const floor = await runFloor(floorUrl, vars);
  log(`floor: ${floor.seconds.toFixed(2)} s; ${floor.counts.bills} bills, ${floor.counts.rates} rates, ${floor.counts.parked} parked, ${floor.counts.usage_marked} usage records marked, ${floor.counts.features} customers' features, ${floor.counts.memberships} memberships`);

  // 4. same output? (statistics first: the floor's tables were empty when last analyzed)
  await Promise.all([databaseUrl, floorUrl].map((url) => withClient(url, (cl) => cl.query(`ANALYZE ${WRITTEN_TABLES.join(', ')}`))));
  const [outService, outFloor] = await Promise.all([outputOf(databaseUrl, period), outputOf(floorUrl, period)]);
  const diff = differences(outService, outFloor);
  const [segService, segFloor] = await Promise.all([segmentationOf(databaseUrl, service.run.id), segmentationOf(floorUrl, service.run.id)]);
  const segDiff = segmentationDifferences(segService, segFloor);
  diff.lines.push(...segDiff.lines);
  if (c.accountsParked !== floor.counts.parked) diff.lines.push(`parked accounts differ: service ${c.accountsParked}, floor ${floor.counts.parked}`);
  if (c.billsCreated !== outService.totals.bills || c.ratesCreated !== outService.rateTypes.reduce((n, r) => n + r.n, 0)) {
    diff.lines.push(`the run's counters (${c.billsCreated} bills, ${c.ratesCreated} rates) do not match its rows (${outService.totals.bills} bills)`);
  }
  if (chunkStats[0].failed) diff.lines.push(`${chunkStats[0].failed} chunks failed`);
  if (service.run.state === 'failed') diff.lines.push(`the run failed: ${JSON.stringify(service.run)}`);

  const ratio = service.seconds / floor.seconds;
  const concurrency = createRequire(import.meta.url)(join(root, 'dist', 'jobs', 'queues.js')).WORKER_CONCURRENCY?.['bss-bill-run-chunk'] ?? '?';
  const peakMb = service.memory.peakKb / 1024;
  const chunkSize = opts.chunkSize ?? SERVICE_DEFAULT_CHUNK_SIZE;
  const n = opts.accounts;
  const money = (o) => `${o.totals.excl} / ${o.totals.incl}`;
  printTable(['side', 'wall s', 'accounts/s', 'bills', 'rates', 'usage billed', 'parked', 'excl / incl (all currencies)', 'vs floor'], [
    [`service (API + 1 worker, chunks of ${chunkSize})`, service.seconds.toFixed(2), (n / service.seconds).toFixed(0), String(outService.totals.bills), String(outService.rates),
      String(outService.usage.marked), String(c.accountsParked), money(outService), `${ratio.toFixed(2)}x`],
    ['floor (plain SQL, one transaction: billrun-floor*.sql)', floor.seconds.toFixed(2), (n / floor.seconds).toFixed(0), String(outFloor.totals.bills), String(outFloor.rates),
      String(outFloor.usage.marked), String(floor.counts.parked), money(outFloor), '1.00x'],
  ]);
  printTable(['rate type', 'service n', 'floor n', 'service excl', 'floor excl', 'service incl', 'floor incl'],
    [...new Set([...outService.rateTypes, ...outFloor.rateTypes].map((r) => r.type))].map((type) => {
      const a = outService.rateTypes.find((r) => r.type === type) ?? {};
      const b = outFloor.rateTypes.find((r) => r.type === type) ?? {};
      return [type, String(a.n ?? 0), String(b.n ?? 0), a.excl ?? '-', b.excl ?? '-', a.incl ?? '-', b.incl ?? '-'];
    }));
  const floorSizes = new Map(segFloor.sizes.map((x) => [x.id, x.size]));
  printTable(['segment', 'kind', 'service size', 'floor size'], segService.sizes.map((x) => [x.name, x.kind, String(x.size), String(floorSizes.get(x.id) ?? '-')]));
  const segmentation = service.run.segmentation ?? {};
  console.log(`segmentation: ${segService.features.size} customers' features (floor ${segFloor.features.size}), ${segService.count} open memberships (floor ${segFloor.count}); ` +
    `learned: ${t(segmentation.learnedSegmentation)} (the floor assigns to the service's centroids, no k-means)`);
  const byCurrency = Object.entries(outService.totals.byCurrency).map(([cur, [bills, excl, incl]]) => `${cur} ${bills} bills ${excl} / ${incl}`).join('; ');
  const nproc = cpus().length;
  console.log(`\n${n} accounts; period ${period.start.toISOString()} – ${period.end.toISOString()}; by currency (excl / incl): ${byCurrency}`);
  console.log(`service: chunk transactions took ${chunkStats[0].sum_s} s together (${(chunkStats[0].sum_s / floor.seconds).toFixed(2)}x the floor's one transaction; ` +
    `chunks run ${concurrency} at a time, the floor in one session)`);
  console.log(`chunk size ${chunkSize} (${c.chunksTotal} chunks, worker concurrency ${concurrency}); worker RSS peak ${peakMb.toFixed(0)} MB sampled every 200 ms ` +
    `(idle ${(service.memory.idleKb / 1024).toFixed(0)} MB, VmHWM ${(service.memory.hwmKb / 1024).toFixed(0)} MB), API RSS peak ${(service.apiPeakKb / 1024).toFixed(0)} MB`);
  console.log(`${nproc} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, node ${process.version}, PostgreSQL ${size.version} ` +
    `(shared_buffers ${size.shared_buffers}, work_mem ${size.work_mem}), database ${size.size}`);
  console.log(`target service <= ${TARGET_RATIO}x the floor: ${ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)}x); ` +
    `target worker RSS < ${TARGET_RSS_MB} MB: ${peakMb < TARGET_RSS_MB ? 'MET' : 'NOT MET'} (${peakMb.toFixed(0)} MB)`);

  if (diff.lines.length) {
    console.log(`\nOUTPUTS DIFFER:\n  ${diff.lines.join('\n  ')}`);
    for (const id of segDiff.samples) {
      const [a, b] = await Promise.all([sampleCustomer(databaseUrl, id, service.run.id), sampleCustomer(floorUrl, id, service.run.id)]);
      console.log(`\ncustomer ${id}\n  service: ${JSON.stringify(a)}\n  floor:   ${JSON.stringify(b)}`);
    }
    for (const d of diff.accounts.slice(0, 2)) {
      const [a, b] = await Promise.all([sampleAccount(databaseUrl, d.id, period), sampleAccount(floorUrl, d.id, period)]);
      console.log(`\naccount ${d.id}\n  service: ${JSON.stringify(a)}\n  floor:   ${JSON.stringify(b)}`);
    }
  } else {
    console.log(`\nsame output: ${outService.totals.bills} bills, ${outService.rates} rates, ${outService.usage.marked} usage records marked, ` +
      `totals ${money(outService)}; every account's bill, rates and usage marks identical (ids and bill numbers masked); ` +
      `every customer's features, open memberships (documents included) and marketSegment list identical`);
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(resultsDir, `billrun-${stamp}.json`);
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(),
    machine: { nproc, cpu: cpus()[0]?.model, memGb: totalmem() / 2 ** 30, node: process.version, postgres: size.version, sharedBuffers: size.shared_buffers, workMem: size.work_mem },
    options: { ...opts, chunkSize, workerConcurrency: concurrency },
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    seeded,
    service: { seconds: service.seconds, accountsPerSecond: n / service.seconds, counters: c, state: service.run.state, memory: service.memory, apiPeakKb: service.apiPeakKb, chunks: chunkStats[0] },
    floor: { seconds: floor.seconds, accountsPerSecond: n / floor.seconds, counts: floor.counts },
    segmentation: { service: segmentation, sizes: segService.sizes.map((x) => ({ ...x, floor: floorSizes.get(x.id) })) },
    ratio,
    outputs: { service: { totals: outService.totals, rateTypes: outService.rateTypes, usage: outService.usage }, floor: { totals: outFloor.totals, rateTypes: outFloor.rateTypes, usage: outFloor.usage } },
    same: diff.lines.length === 0,
    differences: diff.lines,
    targets: { ratio: TARGET_RATIO, ratioMet: ratio <= TARGET_RATIO, rssMb: TARGET_RSS_MB, rssMet: peakMb < TARGET_RSS_MB },
  }, null, 2));
  console.log(`results: ${file}`);

  if (opts.keep) {
    console.log(`kept: service database ${databaseUrl}, floor database ${floorUrl}, Redis ${redisUrl}` +
      (process.env.DATABASE_URL && process.env.REDIS_URL ? '' : ' (throwaway servers left running; their folder is named in the log above — stop them with pg_ctl -D <dir>/pg/data stop and redis-cli -p <port> shutdown)'));
  } else if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    await withClient(adminUrl, (cl) => cl.query(`DROP DATABASE IF EXISTS ${ident(floorName)}`));
  }
  return diff.lines.length ? 1 : 0;
}

const t = (o) => Object.entries(o ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');

// --keep leaves the databases (and throwaway servers) in place
await runBench(main, { keep: opts.keep });

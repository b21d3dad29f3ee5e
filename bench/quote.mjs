#!/usr/bin/env node
// `npm run bench:quote [-- --customers N --duration S --warmup S --connections C --rounds R --log-level L]`
//
// Sustained TMF648 quoting: loads the demo product catalog through the API (scripts/demo-catalog.mjs) and N
// customers with their billing accounts (default 1,000, set-based SQL as bench/seed.mjs), then drives, with
// autocannon, `POST /quote` with three `add` items (three different Launched offerings of the demo catalog, mixed
// quantities, a billing account), rotating customers and offerings across requests, against the built service
// (ROLE=api, production logging). The server checks every reference and prices every item from the catalog.
// The same-run baseline is `POST /customer` (TMF629, a write of similar size without pricing, that also creates
// a billing account); the quote/customer ratio says what quoting costs over a plain write on this machine.
// Target: >= 300 priced quotes/s (sustained, on the 2-core reference machine).
//
// PostgreSQL and Redis are throwaway servers in a temp dir unless DATABASE_URL and REDIS_URL are both set; the
// customer and billing_account tables of that database are truncated and reloaded (so are the quotes and
// products, by cascade), so point it at a scratch database with an empty catalog. Exits non-zero when any
// request failed or returned non-2xx, or when a sample quote comes back without prices.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadDemoCatalog } from '../scripts/demo-catalog.mjs';
import { demoCustomers } from '../scripts/demo-data.mjs';
import { freePort } from '../scripts/infra.mjs';
import { log, median, printTable, provision, root, runBench, startProcess, stopProcess, waitReady } from './harness.mjs';
import { seedCustomers } from './seed.mjs';

const QUOTE_PATH = '/tmf-api/quoteManagement/v4/quote';
const CUSTOMER_PATH = '/tmf-api/customerManagement/v4/customer';
const CATALOG_API = '/tmf-api/productCatalogManagement/v4';
const TARGET_QUOTES_PER_SEC = 300;
const ITEMS_PER_QUOTE = 3;
const QUANTITIES = [1, 2, 5, 10, 25, 50];
/** Distinct request bodies per scenario, rotated over (each connection takes the next). */
const BODIES = 5000;
/** After each run, a request must be answered within this: autocannon does not count requests still in flight. */
const PROBE_TIMEOUT_MS = 10000;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '15' }, // seconds measured per scenario
    warmup: { type: 'string', default: '3' }, // seconds driven first and discarded (JIT, pools, caches)
    connections: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '1' }, // >1 on a noisy machine: medians over alternating quote/customer runs
    'log-level': { type: 'string', default: 'info' }, // the service's LOG_LEVEL
  },
});
const opts = {
  customers: Number(args.customers),
  duration: Number(args.duration),
  warmup: Number(args.warmup),
  connections: Number(args.connections),
  rounds: Number(args.rounds),
  logLevel: args['log-level'],
};
for (const k of ['customers', 'duration', 'connections', 'rounds']) {
  if (!Number.isInteger(opts[k]) || opts[k] < 1) {
    console.error(`--${k} must be a positive integer`);
    process.exit(2);
  }
}
if (!Number.isInteger(opts.warmup) || opts.warmup < 0) {
  console.error('--warmup must be a non-negative integer');
  process.exit(2);
}
const resultsDir = join(root, 'bench', 'results');

// --- request bodies -----------------------------------------------------------------------------------------
/**
 * Quote bodies: body i is for customer i (round robin, with its billing account) and quotes three different
 * offerings, from a start and a stride that both move with i, so the combinations vary; quantities cycle.
 */
function quoteBodies(customers, offerings, count) {
  const n = offerings.length;
  const strides = Math.max(1, Math.floor((n - 1) / (ITEMS_PER_QUOTE - 1))); // stride * 2 < n: three distinct offerings
  return Array.from({ length: count }, (_, i) => {
    const customer = customers[i % customers.length];
    const start = (i * 7) % n;
    const stride = 1 + (i % strides);
    return JSON.stringify({
      relatedParty: [{ id: customer.id, role: 'customer', '@referredType': 'Customer' }],
      billingAccount: [{ id: customer.accountId, '@referredType': 'BillingAccount' }],
      quoteItem: Array.from({ length: ITEMS_PER_QUOTE }, (_, k) => ({
        action: 'add',
        quantity: QUANTITIES[(i + k) % QUANTITIES.length],
        productOffering: { id: offerings[(start + k * stride) % n].id },
      })),
    });
  });
}

/** Why a created quote is not fully priced, or undefined when every item has prices and there is a total. */
function unpriced(quote) {
  const items = Array.isArray(quote.quoteItem) ? quote.quoteItem : [];
  if (items.length !== ITEMS_PER_QUOTE) return `${items.length} quote items, expected ${ITEMS_PER_QUOTE}`;
  const bare = items.filter((it) => !Array.isArray(it.quoteItemPrice) || !it.quoteItemPrice.length || it.quoteItemPrice.some((p) => !p.price?.dutyFreeAmount));
  if (bare.length) return `quote items ${bare.map((it) => it.id).join(', ')} have no quoteItemPrice`;
  if (!Array.isArray(quote.quoteTotalPrice) || !quote.quoteTotalPrice.length) return 'no quoteTotalPrice';
  return undefined;
}

// --- load ---------------------------------------------------------------------------------------------------
/** POSTs `bodies` round-robin (from a random start) to `path`; every connection takes the next body. */
async function drive(baseUrl, path, bodies, seconds) {
  let next = Math.floor(Math.random() * bodies.length);
  const result = await autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: seconds,
    requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
  });
  return {
    reqPerSec: result.requests.average,
    worstSecond: result.requests.min, // responses in the slowest 1 s sample: 0 means the service stalled
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Whether the service still answers `s`'s first request (201) within PROBE_TIMEOUT_MS. */
async function answers(baseUrl, s) {
  try {
    const res = await fetch(baseUrl + s.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: s.bodies[0], signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.status === 201;
  } catch {
    return false;
  }
}

/** The service's database sessions left idle inside a transaction (what a stuck service usually shows). */
async function idleInTransaction(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS sessions, coalesce(extract(epoch FROM max(now() - xact_start)), 0)::int AS seconds,
              mode() WITHIN GROUP (ORDER BY left(query, 120)) AS "lastQuery"
         FROM pg_stat_activity WHERE application_name = 'tmf-bss' AND state = 'idle in transaction'`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

// --- main ---------------------------------------------------------------------------------------------------
async function main() {
  const { databaseUrl, redisUrl } = await provision('bench-quote');
  mkdirSync(resultsDir, { recursive: true });

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let customers;
  try {
    const t0 = Date.now();
    await seedCustomers(pool, opts.customers);
    const { rows } = await pool.query(`SELECT c.id, b.id AS "accountId" FROM customer c JOIN billing_account b ON b.customer_id = c.id ORDER BY random()`);
    customers = rows;
    log(`loaded ${opts.customers} customers and billing accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await pool.end();
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = startProcess('service', ['dist/main.js'], { ROLE: 'api', PORT: String(port), LOG_LEVEL: opts.logLevel, NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });
  const runs = { quote: [], customer: [] };
  let offerings;
  let hung; // set when the service stopped answering; the remaining runs are skipped
  try {
    await waitReady(service, `${baseUrl}/health`);
    await loadDemoCatalog(`${baseUrl}${CATALOG_API}`, log);
    const listed = await fetch(`${baseUrl}${CATALOG_API}/productOffering?lifecycleStatus=Launched&fields=id,name&limit=1000`);
    if (listed.status !== 200) throw new Error(`GET productOffering answered ${listed.status}: ${await listed.text()}`);
    offerings = await listed.json();
    if (offerings.length < ITEMS_PER_QUOTE) throw new Error(`${offerings.length} Launched offerings; a quote needs ${ITEMS_PER_QUOTE} different ones (is the catalog empty?)`);

    const scenarios = [
      { key: 'quote', label: `POST /quote (${ITEMS_PER_QUOTE} items, priced)`, path: QUOTE_PATH, bodies: quoteBodies(customers, offerings, BODIES) },
      { key: 'customer', label: 'POST /customer (baseline)', path: CUSTOMER_PATH, bodies: demoCustomers(BODIES).map((c) => JSON.stringify(c)) },
    ];

    // One request of each first: created, and the quote priced — otherwise the numbers measure something else.
    for (const s of scenarios) {
      const res = await fetch(baseUrl + s.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: s.bodies[0] });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST ${s.path} answered ${res.status}: ${text}\n  request body: ${s.bodies[0]}`);
      const why = s.key === 'quote' ? unpriced(JSON.parse(text)) : undefined;
      if (why) throw new Error(`sample quote not priced: ${why}\n  request body: ${s.bodies[0]}\n  response: ${text}`);
      log(`sample ${s.key}: 201, ${Buffer.byteLength(text)} bytes answered for ${Buffer.byteLength(s.bodies[0])} sent${s.key === 'quote' ? ', every item priced, quoteTotalPrice present' : ''}`);
    }

    // One scenario at a time (with 2 cores, concurrent load would skew both); alternating order per round so
    // drift in the machine's load hits both alike.
    rounds: for (let round = 0; round < opts.rounds; round++) {
      for (const s of round % 2 ? [...scenarios].reverse() : scenarios) {
        log(`round ${round + 1}/${opts.rounds} ${s.label}: warm-up ${opts.warmup} s, then ${opts.duration} s at ${opts.connections} connections`);
        if (opts.warmup > 0) await drive(baseUrl, s.path, s.bodies, opts.warmup);
        runs[s.key].push(await drive(baseUrl, s.path, s.bodies, opts.duration));
        if (!(await answers(baseUrl, s))) {
          hung = { after: s.label, ...(await idleInTransaction(databaseUrl)) };
          break rounds;
        }
      }
    }
    log(`service log: ${statSync(service.logFile).size} bytes at LOG_LEVEL=${opts.logLevel}`);
  } finally {
    await stopProcess(service);
  }

  const results = { quote: summarise(runs.quote), customer: summarise(runs.customer) };
  const ratio = results.quote && results.customer ? results.quote.reqPerSec / results.customer.reqPerSec : undefined;
  const row = (label, r, extra) => [label, r.reqPerSec.toFixed(0), String(r.worstSecond), r.p50.toFixed(1), r.p99.toFixed(1), String(r.requests), String(r.non2xx), String(r.errors + r.timeouts), extra];
  printTable(['scenario', 'req/s', 'worst 1 s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'quote/customer'], [
    ...(results.quote ? [row(`POST /quote (${ITEMS_PER_QUOTE} items, priced)`, results.quote, ratio === undefined ? '' : `${ratio.toFixed(2)}x`)] : []),
    ...(results.customer ? [row('POST /customer (baseline)', results.customer, '')] : []),
  ]);

  const nproc = availableParallelism();
  const met = !hung && results.quote.reqPerSec >= TARGET_QUOTES_PER_SEC;
  console.log(`\n${nproc} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, ${opts.customers} customers, ` +
    `${offerings.length} Launched offerings, ${opts.connections} connections, ${opts.rounds} x ${opts.duration} s per scenario, service LOG_LEVEL=${opts.logLevel}`);
  console.log(`target >= ${TARGET_QUOTES_PER_SEC} priced quotes/s: ${met ? 'MET' : 'NOT MET'} (${results.quote.reqPerSec.toFixed(0)} quotes/s${hung ? ', then the service hung' : ''})`);
  if (hung) {
    console.log(`the service stopped answering after the ${hung.after} run (no answer to a POST within ${PROBE_TIMEOUT_MS / 1000} s); ` +
      `${hung.sessions} of its database sessions are idle in transaction (the oldest for ${hung.seconds} s)${hung.sessions ? `, most after: ${hung.lastQuery}` : ''}`);
  }

  const refused = Object.values(results).some((r) => r && (r.non2xx || r.errors || r.timeouts));
  const failed = Boolean(hung) || refused;
  if (refused) {
    const problems = readFileSync(service.logFile, 'utf8').split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    console.log(`some requests failed or answered non-2xx; the service logged ${problems.length} warnings/errors${problems.length ? `, the last:\n${problems.slice(-5).join('\n')}` : ''}`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(resultsDir, `quote-${stamp}.json`);
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(),
    machine: { nproc, cpu: cpus()[0]?.model, node: process.version },
    options: opts,
    results,
    ratio,
    runs,
    target: { quotesPerSec: TARGET_QUOTES_PER_SEC, met },
    hung,
  }, null, 2));
  console.log(`results: ${file}`);
  return failed ? 1 : 0;
}

/** Median req/s and latencies over the rounds (one round: that run); counts summed; undefined without runs. */
function summarise(list) {
  if (!list.length) return undefined;
  const sum = (f) => list.reduce((n, r) => n + r[f], 0);
  return {
    reqPerSec: median(list.map((r) => r.reqPerSec)),
    worstSecond: Math.min(...list.map((r) => r.worstSecond)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    requests: sum('requests'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
  };
}

await runBench(main);

#!/usr/bin/env node
// `npm run bench:api [-- --customers N --offerings N --duration S --warmup S --connections C --rounds R --log-level L --cpu-prof
//                       --only byId|list|offeringById|offeringList]`
//
// Loads N customers (default 100,000) and N product offerings (default 10,000), then drives, with autocannon,
//   TMF629 `GET /customer/{id}` and `GET /customer?name=…&limit=20`,
//   TMF620 `GET /productOffering/{id}` and `GET /productOffering?lifecycleStatus=Launched&limit=50&offset=…`
//   (offset rotating over the pages of the Launched offerings)
// against the built service (ROLE=api, production logging) and, in the same run, against bench/bare-server.mjs
// (plain Fastify + pg reading the same rows). Prints req/s, p99 and the service/bare ratio; the target is
// GET /customer/{id} at >= 0.7x the bare handler (the other ratios are reported, with no target). Speed
// targets live here, against a baseline measured in the same run on the same machine, never in timed tests.
//
// PostgreSQL and Redis are throwaway servers in a temp dir unless DATABASE_URL and REDIS_URL are both set;
// the customer, billing_account and product_offering tables of that database are truncated and reloaded, so
// point it at a scratch database. Exits non-zero when any request failed or returned non-2xx, or when the two
// servers answer a sample request of a scenario differently.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, waitForPort } from '../scripts/infra.mjs';
import { sampleOfferingKeys, seedOfferings } from './seed-catalog.mjs';
import { log, median, printTable, provision, root, runBench, startProcess, stopProcess, waitReady } from './harness.mjs';
import { sampleKeys, seedCustomers } from './seed.mjs';

const BASE_PATH = '/tmf-api/customerManagement/v4/customer';
const OFFERING_PATH = '/tmf-api/productCatalogManagement/v4/productOffering';
const OFFERING_PAGE = 50;
const TARGET_RATIO = 0.7;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    offerings: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' }, // seconds measured per scenario
    warmup: { type: 'string', default: '3' }, // seconds driven first and discarded (JIT, pools, caches)
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' }, // >1 on a noisy machine: medians over alternating service/bare runs
    'log-level': { type: 'string', default: 'info' }, // the service's LOG_LEVEL; `warn` shows what request logging costs
    'cpu-prof': { type: 'boolean', default: false }, // writes .cpuprofile files of both servers into bench/results/
    only: { type: 'string' }, // one scenario, byId, list, offeringById or offeringList (e.g. to profile just it)
  },
});
const opts = {
  customers: Number(args.customers),
  offerings: Number(args.offerings),
  duration: Number(args.duration),
  warmup: Number(args.warmup),
  connections: Number(args.connections),
  rounds: Number(args.rounds),
  logLevel: args['log-level'],
  cpuProf: args['cpu-prof'],
};
for (const k of ['customers', 'offerings', 'duration', 'connections', 'rounds']) {
  if (!Number.isInteger(opts[k]) || opts[k] < 1) {
    console.error(`--${k} must be a positive integer`);
    process.exit(2);
  }
}
const resultsDir = join(root, 'bench', 'results');

/** What is measured; `data` says which rows a scenario needs loaded. */
const SCENARIOS = [
  { key: 'byId', label: 'GET /customer/{id}', data: 'customers' },
  { key: 'list', label: 'GET /customer?name=…&limit=20', data: 'customers' },
  { key: 'offeringById', label: 'GET /productOffering/{id}', data: 'offerings' },
  { key: 'offeringList', label: `GET /productOffering?lifecycleStatus=Launched&limit=${OFFERING_PAGE}`, data: 'offerings' },
].filter((s) => !args.only || s.key === args.only);
if (!SCENARIOS.length) {
  console.error(`--only takes byId, list, offeringById or offeringList, not ${args.only}`);
  process.exit(2);
}
const needs = (data) => SCENARIOS.some((s) => s.data === data);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
/** Node flags that write a CPU profile on exit (read it with bench/profile-summary.mjs or Chrome DevTools). */
const profiling = (name) => (opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`, `--cpu-prof-name=${name}-${stamp}.cpuprofile`] : []);

// --- load -------------------------------------------------------------------------------------------------
/** Drives `paths` round-robin (from a random start) at `baseUrl`; every connection takes the next path. */
async function drive(baseUrl, paths, seconds) {
  let next = Math.floor(Math.random() * paths.length);
  const result = await autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The answer to each scenario's first request, without `href` (its host differs between the two servers). */
async function sample(baseUrl, scenarios) {
  const strip = ({ href: _href, ...rest }) => rest;
  const out = {};
  for (const s of scenarios) {
    const res = await fetch(baseUrl + s.paths[0]);
    if (res.status !== 200) throw new Error(`GET ${s.paths[0]} answered ${res.status}: ${await res.text()}`);
    const body = await res.json();
    out[s.key] = Array.isArray(body) ? body.map(strip) : strip(body);
  }
  return out;
}

const shuffle = (a) => {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

// --- main -------------------------------------------------------------------------------------------------
async function main() {
  const { databaseUrl, redisUrl } = await provision('bench');
  mkdirSync(resultsDir, { recursive: true });

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let keys, offeringKeys;
  try {
    if (needs('customers')) {
      const t0 = Date.now();
      await seedCustomers(pool, opts.customers);
      log(`loaded ${opts.customers} customers and billing accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      keys = await sampleKeys(pool);
    }
    if (needs('offerings')) {
      const t0 = Date.now();
      await seedOfferings(pool, opts.offerings);
      offeringKeys = await sampleOfferingKeys(pool);
      log(`loaded ${opts.offerings} product offerings (${offeringKeys.launched} Launched) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      if (!offeringKeys.launched) throw new Error('no Launched product offering to list');
    }
  } finally {
    await pool.end();
  }
  const pathsOf = {
    byId: () => keys.ids.map((id) => `${BASE_PATH}/${id}`),
    list: () => keys.names.map((n) => `${BASE_PATH}?name=${encodeURIComponent(n)}&limit=20`),
    offeringById: () => offeringKeys.ids.map((id) => `${OFFERING_PATH}/${id}`),
    // every page of the Launched offerings, each a full page but perhaps the last
    offeringList: () => Array.from({ length: Math.ceil(offeringKeys.launched / OFFERING_PAGE) },
      (_, page) => `${OFFERING_PATH}?lifecycleStatus=Launched&limit=${OFFERING_PAGE}&offset=${page * OFFERING_PAGE}`),
  };
  const scenarios = SCENARIOS.map((s) => ({ ...s, paths: shuffle(pathsOf[s.key]()) }));

  const servicePort = await freePort();
  let barePort;
  do barePort = await freePort(); while (barePort === servicePort);
  const targets = [
    {
      key: 'service',
      port: servicePort,
      start: (port) => startProcess('service', [...profiling('service'), 'dist/main.js'], {
        ROLE: 'api', PORT: String(port), LOG_LEVEL: opts.logLevel, NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl,
      }),
      ready: (proc, port) => waitReady(proc, `http://127.0.0.1:${port}/health`),
    },
    {
      key: 'bare',
      port: barePort,
      start: (port) => startProcess('bare', [...profiling('bare'), 'bench/bare-server.mjs'], { PORT: String(port), DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '20' }),
      ready: (_proc, port) => waitForPort(port, 30000),
    },
  ];

  const samples = {};
  const runs = Object.fromEntries(targets.map((t) => [t.key, Object.fromEntries(scenarios.map((s) => [s.key, []]))]));
  try {
    for (const t of targets) {
      t.proc = t.start(t.port);
      await t.ready(t.proc, t.port);
      t.baseUrl = `http://127.0.0.1:${t.port}`;
      samples[t.key] = await sample(t.baseUrl, scenarios);
    }
    // Both servers stay up, but only one is driven at a time (the other idles): with 2 cores, concurrent load
    // would skew both. Service and bare runs of a scenario follow each other, in alternating order per round,
    // so drift in the machine's load (other jobs, thermal) hits both sides alike.
    for (let round = 0; round < opts.rounds; round++) {
      for (const s of scenarios) {
        for (const t of round % 2 ? [...targets].reverse() : targets) {
          log(`round ${round + 1}/${opts.rounds} ${t.key} ${s.label}: warm-up ${opts.warmup} s, then ${opts.duration} s at ${opts.connections} connections`);
          if (opts.warmup > 0) await drive(t.baseUrl, s.paths, opts.warmup);
          runs[t.key][s.key].push(await drive(t.baseUrl, s.paths, opts.duration));
        }
      }
    }
    log(`service log: ${statSync(targets[0].proc.logFile).size} bytes at LOG_LEVEL=${opts.logLevel}`);
  } finally {
    for (const t of targets) if (t.proc) await stopProcess(t.proc);
  }

  // Same rows, same JSON: otherwise the ratio compares different work.
  const differing = scenarios.filter((s) => !isDeepStrictEqual(samples.service[s.key], samples.bare[s.key]));
  const sameBodies = !differing.length;

  const results = Object.fromEntries(targets.map((t) => [t.key, Object.fromEntries(scenarios.map((s) => [s.key, summarise(runs[t.key][s.key])]))]));
  const ratios = Object.fromEntries(scenarios.map((s) => [s.key, results.service[s.key].reqPerSec / results.bare[s.key].reqPerSec]));
  const rows = scenarios.flatMap((s) => targets.map((t) => {
    const r = results[t.key][s.key];
    return [`${s.label} — ${t.key}`, r.reqPerSec.toFixed(0), r.p99.toFixed(1), String(r.non2xx), String(r.errors), t.key === 'service' ? `${ratios[s.key].toFixed(2)}x` : ''];
  }));
  printTable(['scenario', 'req/s', 'p99 ms', 'non-2xx', 'errors', 'service/bare'], rows); // errors include timeouts

  const nproc = availableParallelism();
  const met = ratios.byId === undefined ? undefined : ratios.byId >= TARGET_RATIO;
  const loaded = [needs('customers') && `${opts.customers} customers`, needs('offerings') && `${opts.offerings} product offerings`].filter(Boolean);
  console.log(`\n${nproc} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, ${loaded.join(', ')}, ` +
    `${opts.connections} connections, ${opts.rounds} x ${opts.duration} s per scenario, service LOG_LEVEL=${opts.logLevel}`);
  if (met !== undefined) console.log(`target GET /customer/{id} >= ${TARGET_RATIO}x bare: ${met ? 'MET' : 'NOT MET'} (${ratios.byId.toFixed(2)}x)`);
  if (!sameBodies) {
    console.log(`responses differ between service and bare server (href aside) for ${differing.map((s) => s.paths[0]).join(', ')} — the comparison is not like for like`);
  }

  const failed = Object.values(results).flatMap((r) => Object.values(r)).some((r) => r.non2xx || r.errors || r.timeouts);
  const file = join(resultsDir, `api-${stamp}.json`);
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(),
    machine: { nproc, cpu: cpus()[0]?.model, node: process.version },
    options: opts,
    results,
    ratios,
    runs,
    target: { scenario: 'byId', ratio: TARGET_RATIO, met },
    sameBodies,
    differing: differing.map((s) => s.key),
  }, null, 2));
  console.log(`results: ${file}`);
  return failed || !sameBodies ? 1 : 0;
}

/** Median req/s and p99 over the rounds (one round: that run); failures summed. */
function summarise(list) {
  const sum = (f) => list.reduce((n, r) => n + r[f], 0);
  return {
    reqPerSec: median(list.map((r) => r.reqPerSec)),
    p99: median(list.map((r) => r.p99)),
    requests: sum('requests'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
  };
}

await runBench(main);

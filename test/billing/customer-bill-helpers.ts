// Helpers for the TMF678 e2e tests (customer bills, applied rates, on-demand bills, bill documents, crash recovery):
// paths, requests, official-schema checks, polling, EXPLAIN of the toolkit's list SQL, and worker processes.
import request from 'supertest';
import { Database } from '../../src/database/database.service';
import { parseListQuery } from '../../src/tmf/query/query-parser';
import { DocumentRepository } from '../../src/tmf/resource/document.repository';
import { ResourceDefinition, treeOf } from '../../src/tmf/resource/resource-definition';
import { Doc } from '../support/customer-helpers';
import { describeErrors, specAvailable, specValidator } from '../support/official-spec';
import { PUBLIC_BASE_URL, TestApp } from '../support/test-app';
import { TMF678_BASE } from './billing-factories';

export const BILL_PATH = `${TMF678_BASE}/customerBill`;
export const RATE_PATH = `${TMF678_BASE}/appliedCustomerBillingRate`;
export const ON_DEMAND_PATH = `${TMF678_BASE}/customerBillOnDemand`;
export const HUB_PATH = `${TMF678_BASE}/hub`;
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const UNKNOWN_ID = '0190f3a0-0000-7000-8000-000000000000';
export const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const billHref = (id: string) => `${PUBLIC_BASE_URL}${BILL_PATH}/${id}`;
export const rateHref = (id: string) => `${PUBLIC_BASE_URL}${RATE_PATH}/${id}`;
export const onDemandHref = (id: string) => `${PUBLIC_BASE_URL}${ON_DEMAND_PATH}/${id}`;
export const accountHref = (id: string) => `${PUBLIC_BASE_URL}/tmf-api/accountManagement/v4/billingAccount/${id}`;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// The official TMF678 v4.0.0 schema (in ../shared; absent → the checks are skipped, visibly)

export const TMF678_SPEC = 'TMF678-CustomerBill-v4.0.0.swagger.json';
let specPresent: boolean | undefined;

/** Whether the official TMF678 spec is there (reports once, on stderr, when it is not). */
export function tmf678SpecAvailable(): boolean {
  specPresent ??= specAvailable(TMF678_SPEC);
  return specPresent;
}

export type Tmf678Definition = 'CustomerBill' | 'AppliedCustomerBillingRate' | 'CustomerBillOnDemand' | 'Error' | 'EventSubscription';
const validators = new Map<string, ReturnType<typeof specValidator>>();

/** What is wrong with `value` as a TMF678 `definition` ('' when valid, or when the spec is absent). */
export function tmf678Errors(value: unknown, definition: Tmf678Definition): string {
  if (!tmf678SpecAvailable()) return '';
  let validate = validators.get(definition);
  if (!validate) {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => (/unknown format/.test(String(args[0])) ? undefined : warn(...args));
    try {
      validate = specValidator(TMF678_SPEC, definition);
    } finally {
      console.warn = warn;
    }
    validators.set(definition, validate);
  }
  return validate(value) ? '' : describeErrors(validate);
}

/** Asserts that every value (a resource or a list of them) matches `definition` of the official spec. */
export function expectSpecValid(value: unknown, definition: Tmf678Definition): void {
  const items = Array.isArray(value) ? value : [value];
  const errors = items.map((v, i) => ({ i, id: (v as Doc | undefined)?.id, errors: tmf678Errors(v, definition) })).filter((e) => e.errors);
  expect(errors).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

export function getBill(t: TestApp, id: string, query = ''): request.Test {
  return request(t.server).get(`${BILL_PATH}/${id}${query ? `?${query}` : ''}`);
}

export function listBills(t: TestApp, query = ''): request.Test {
  return request(t.server).get(`${BILL_PATH}${query ? `?${query}` : ''}`);
}

export function listRates(t: TestApp, query = ''): request.Test {
  return request(t.server).get(`${RATE_PATH}${query ? `?${query}` : ''}`);
}

/** PATCH a bill with an explicit media type; objects and arrays are sent as JSON text. */
export function patchBill(t: TestApp, id: string, body: unknown, contentType = MERGE_PATCH): request.Test {
  return request(t.server)
    .patch(`${BILL_PATH}/${id}`)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Moves a bill's state with a merge patch or a JSON Patch `replace`. */
export function moveBill(t: TestApp, id: string, state: string, how: 'merge' | 'json' = 'merge'): request.Test {
  return how === 'merge' ? patchBill(t, id, { state }) : patchBill(t, id, [{ op: 'replace', path: '/state', value: state }], JSON_PATCH);
}

export function postOnDemand(t: TestApp, body: unknown): request.Test {
  return request(t.server)
    .post(ON_DEMAND_PATH)
    .set('Content-Type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Polls an on-demand request until it leaves `inProgress` (a worker must run); returns it. */
export async function waitForOnDemand(t: TestApp, id: string, timeoutMs = 30_000): Promise<Doc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(t.server).get(`${ON_DEMAND_PATH}/${id}`);
    if (res.status === 200 && res.body.state !== 'inProgress') return res.body as Doc;
    if (Date.now() > deadline) throw new Error(`customerBillOnDemand ${id} is still ${JSON.stringify(res.body)}`);
    await sleep(100);
  }
}

/** Polls `probe` until it returns something truthy; returns that. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The path of a bill document URL (served under PUBLIC_BASE_URL, requested through supertest). */
export function documentPath(url: string): string {
  if (!url.startsWith(PUBLIC_BASE_URL)) throw new Error(`bill document URL ${url} does not start with ${PUBLIC_BASE_URL}`);
  return url.slice(PUBLIC_BASE_URL.length);
}

/** A supertest parser that keeps a binary response body as a Buffer (the stream is an http.IncomingMessage). */
export const binaryParser = ((res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}) as unknown as Parameters<request.Test['parse']>[0];

// ---------------------------------------------------------------------------------------------------------------
// SQL checks

/**
 * The SQL the toolkit runs for a list request on `def` with `rawQuery` (captured from the real DocumentRepository
 * with a recording Database), and its EXPLAIN plan on the test database with sequential scans disabled (so a
 * usable index shows up even on small tables).
 */
export async function explainList(t: TestApp, def: ResourceDefinition, rawQuery: string): Promise<{ sql: string; plan: Doc; nodes: Doc[] }> {
  const captured: { text: string; values: unknown[] }[] = [];
  const recorder = {
    pool: undefined,
    query: async (text: string, values: unknown[] = []) => {
      captured.push({ text, values });
      return [];
    },
  } as unknown as Database;
  await new DocumentRepository(recorder, def).list(parseListQuery(rawQuery, treeOf(def)));
  const { text, values } = captured[0];
  const client = await t.sql.connect();
  try {
    await client.query(`ANALYZE ${def.table.table}`);
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': Doc[] }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
    await client.query('ROLLBACK');
    const plan = rows[0]['QUERY PLAN'][0].Plan as Doc;
    const nodes: Doc[] = [];
    const walk = (n: Doc) => {
      nodes.push(n);
      for (const c of (n.Plans as Doc[] | undefined) ?? []) walk(c);
    };
    walk(plan);
    return { sql: text, plan, nodes };
  } finally {
    client.release();
  }
}

/** Outbox rows of TMF678 for the given resource ids. */
export async function outboxFor(t: TestApp, ids: string[]): Promise<{ event_type: string; resource_id: string; payload: Doc }[]> {
  const { rows } = await t.sql.query<{ event_type: string; resource_id: string; payload: Doc }>(
    `SELECT event_type, resource_id, payload FROM outbox_event WHERE api = 'TMF678' AND resource_id = ANY($1::text[]) ORDER BY id`,
    [ids],
  );
  return rows;
}

/** The environment of a worker process on the same database, Redis and queues as the test app `t`. */
export function workerEnv(t: TestApp, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: t.config.databaseUrl,
    REDIS_URL: t.config.redisUrl,
    // the config wraps the prefix in a Redis Cluster hash tag: the variable holds it bare
    QUEUE_PREFIX: t.config.queuePrefix.replace(/^\{(.*)\}$/, '$1'),
    PUBLIC_BASE_URL,
    ROLE: 'worker',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '5',
    ...extra,
  };
}

/** Posts usage records through the intake (JSON body); fails unless every one is accepted. */
export async function addUsage(t: TestApp, records: Record<string, unknown>[]): Promise<void> {
  const res = await request(t.server).post('/bss/billing/v1/usage').set('Content-Type', 'application/json').send(JSON.stringify(records));
  if (res.status !== 200 || res.body.accepted !== records.length) throw new Error(`usage intake: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The stored row of a bill (state, doc, updated_at), to prove a refused change left it alone. */
export async function billRow(t: TestApp, id: string): Promise<{ state: string; doc: Doc; updated_at: Date } | undefined> {
  const { rows } = await t.sql.query<{ state: string; doc: Doc; updated_at: Date }>(`SELECT state, doc, updated_at FROM customer_bill WHERE id = $1`, [id]);
  return rows[0];
}

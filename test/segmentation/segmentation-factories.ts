// Segmentation test helpers: segment bodies and HTTP calls, and ledger rows written by SQL (the evaluator's job in
// production) in the document shape the API serves.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Doc } from '../support/customer-helpers';
import { PUBLIC_BASE_URL, TestApp } from '../support/test-app';

export const SEGMENTATION_BASE = '/bss/segmentation/v1';
export const SEGMENT_PATH = `${SEGMENTATION_BASE}/marketSegment`;
export const MEMBERSHIP_PATH = `${SEGMENTATION_BASE}/membership`;
export const FEATURE_PATH = `${SEGMENTATION_BASE}/feature`;
export const SEGMENT_URL = `${PUBLIC_BASE_URL}${SEGMENT_PATH}`;
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

let seq = 0;

/** A valid create body: a value-based segment of big spenders. */
export function segmentBody(overrides: Doc = {}): Doc {
  seq += 1;
  return { name: `Segment ${seq}`, kind: 'valueBased', rule: { feature: 'spendThisPeriod', op: 'gte', value: 1000 }, ...overrides };
}

export function postSegment(t: TestApp, body: unknown): request.Test {
  return request(t.server).post(SEGMENT_PATH).send(body as object);
}

export async function createSegment(t: TestApp, overrides: Doc = {}): Promise<Doc> {
  const res = await postSegment(t, segmentBody(overrides));
  if (res.status !== 201) throw new Error(`create segment: expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

export function patchSegment(t: TestApp, id: string, body: unknown, contentType = MERGE_PATCH): request.Test {
  return request(t.server)
    .patch(`${SEGMENT_PATH}/${id}`)
    .set('Content-Type', contentType)
    .send(JSON.stringify(body));
}

export function getPath(t: TestApp, path: string): request.Test {
  return request(t.server).get(path);
}

/** A learned segment as the clustering publishes it (written by SQL: POST refuses kind learned). */
export async function insertLearnedSegment(t: TestApp, name = 'IoT-heavy (learned)'): Promise<string> {
  const id = randomUUID();
  const doc = {
    '@type': 'MarketSegment',
    name,
    kind: 'learned',
    status: 'active',
    version: 1,
    lastUpdate: '2026-11-01T00:00:00.000Z',
    learned: {
      centroid: { iot: 0.8, mobile: 0.2 },
      dominantFeatures: [{ feature: 'usageShare.iot', value: 0.8, populationMean: 0.2 }],
      fittedAt: '2026-11-01T00:00:00.000Z',
      billRun: { id: randomUUID() },
      k: 3,
      silhouette: 0.61,
      size: 12,
    },
  };
  await t.sql.query(`INSERT INTO market_segment (id, name, kind, status, version, doc) VALUES ($1, $2, 'learned', 'active', 1, $3)`, [id, name, doc]);
  return id;
}

export interface LedgerRow {
  customerId: string;
  segmentId: string;
  from: string;
  to?: string;
  entryRun?: string;
  exitRun?: string;
  version?: number;
}

/** One stay in the ledger, with its served document (entry, and exit when closed). */
export async function insertMembership(t: TestApp, row: LedgerRow): Promise<string> {
  const id = randomUUID();
  const version = row.version ?? 1;
  const change = (date: string, run: string | undefined, trigger: string) => ({
    date,
    segmentVersion: version,
    ...(run ? { billRun: { id: run, href: `${PUBLIC_BASE_URL}/bss/billing/v1/billRun/${run}` } } : {}),
    trigger,
    reason: { conditions: [{ path: '', condition: 'spendThisPeriod gte 1000', held: trigger === 'billRun', value: 1500 }], features: { spendThisPeriod: 1500 } },
  });
  const doc: Doc = {
    '@type': 'SegmentMembership',
    customer: { id: row.customerId, href: `${PUBLIC_BASE_URL}/tmf-api/customerManagement/v4/customer/${row.customerId}`, name: 'Acme' },
    marketSegment: { id: row.segmentId, href: `${SEGMENT_URL}/${row.segmentId}`, name: 'Key accounts', version },
    validFor: { startDateTime: row.from, ...(row.to ? { endDateTime: row.to } : {}) },
    entry: change(row.from, row.entryRun, row.entryRun ? 'billRun' : 'customerChange'),
    ...(row.to ? { exit: change(row.to, row.exitRun, row.exitRun ? 'billRun' : 'customerChange') } : {}),
  };
  await t.sql.query(
    `INSERT INTO segment_membership (id, customer_id, market_segment_id, segment_version, valid_from, valid_to, entry_bill_run_id, exit_bill_run_id, doc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, row.customerId, row.segmentId, version, row.from, row.to ?? null, row.entryRun ?? null, row.exitRun ?? null, doc],
  );
  return id;
}

/** The TMF Error of a response, checked for its status. */
export function errorOf(res: { status: number; body: Doc }, status: number): { code: string; message: string } {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ '@type': 'Error', status: String(status) });
  return res.body as { code: string; message: string };
}

// Helpers for the TMF629 side of segmentation (test/segmentation/customer-segments, segment-reassignment): segment
// definitions inserted by SQL (the segment API is tested elsewhere), the customer extension's constants, polling.
import { randomUUID } from 'node:crypto';
import { Doc } from '../support/customer-helpers';
import { PUBLIC_BASE_URL, TestApp } from '../support/test-app';

export const SEGMENT_URL = `${PUBLIC_BASE_URL}/bss/segmentation/v1/marketSegment/`;
export const SCHEMA_PATH = '/openapi/schemas/CustomerMarketSegment.schema.json';
export const SCHEMA_LOCATION = `${PUBLIC_BASE_URL}${SCHEMA_PATH}`;

/** Retires every active segment (the shipped defaults among them), so a test sees only the segments it makes. */
export async function retireAllSegments(t: TestApp): Promise<void> {
  await t.sql.query(`UPDATE market_segment SET status = 'retired', doc = doc || '{"status":"retired"}' WHERE status <> 'retired'`);
}

/** A segment definition with `rule` (active unless `extra` says otherwise), as the segment API stores it; returns its id. */
export async function insertSegment(t: TestApp, name: string, rule: unknown, kind = 'aPriori', extra: Doc = {}): Promise<string> {
  const id = randomUUID();
  const doc = { '@type': 'MarketSegment', name, description: `${name} (test)`, kind, rule, status: 'active', version: 1, lastUpdate: new Date().toISOString(), ...extra };
  await t.sql.query(`INSERT INTO market_segment (id, name, kind, status, version, doc) VALUES ($1, $2, $3, $4, 1, $5)`, [id, name, kind, doc.status, doc]);
  return id;
}

/** The MarketSegmentRef a customer's `marketSegment` lists for a segment. */
export const segmentRef = (id: string, name: string) => ({ id, href: `${SEGMENT_URL}${id}`, name, '@referredType': 'MarketSegment' });

export interface LedgerRow {
  valid_to: Date | null;
  segment_version: number;
  doc: Doc;
}

/** A customer's stays in a segment, oldest first. */
export async function ledgerOf(t: TestApp, customerId: string, segmentId: string): Promise<LedgerRow[]> {
  const { rows } = await t.sql.query<LedgerRow>(
    `SELECT valid_to, segment_version, doc FROM segment_membership WHERE customer_id = $1 AND market_segment_id = $2 ORDER BY valid_from, created_at`,
    [customerId, segmentId],
  );
  return rows;
}

/** Polls `probe` until it returns a value `done` accepts (the worker's job runs within seconds); returns that value. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

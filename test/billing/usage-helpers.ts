// Helpers for the usage intake e2e tests (test/billing): record factory, NDJSON bodies, posting through supertest
// or as a raw chunked HTTP request, billing accounts and products set up directly, stored rows read back.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import request from 'supertest';
import { createCustomer, Doc, HttpResult } from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { TestApp } from '../support/test-app';

export const USAGE_PATH = '/bss/billing/v1/usage';
export const NDJSON = 'application/x-ndjson';
/** The longest NDJSON line the intake reads (64 KB). */
export const MAX_LINE_BYTES = 64 * 1024;

export interface IntakeResult {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: { index: number; id?: string; reason: string }[];
}

let seq = 0;

/** A valid usage record for `billingAccountId`; `overrides` replace attributes (undefined removes one). */
export function usageRecord(billingAccountId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  const record: Record<string, unknown> = {
    id: `u-${seq}-${randomUUID().slice(0, 8)}`,
    billingAccountId,
    usageDate: '2026-11-01T10:00:00Z',
    usageType: 'data',
    quantity: 1.5,
    unit: 'GB',
    amount: 0.75,
    currency: 'EUR',
    ...overrides,
  };
  for (const k of Object.keys(record)) if (record[k] === undefined) delete record[k];
  return record;
}

/** One JSON text per line, each line ended by `eol` (the last one too unless `finalEol` is false). */
export function ndjson(lines: unknown[], eol = '\n', finalEol = true): string {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join(eol);
  return finalEol && lines.length ? text + eol : text;
}

/** POST an NDJSON body in one piece (supertest). */
export function postNdjson(t: TestApp, body: string | Buffer, contentType = NDJSON): request.Test {
  return request(t.server).post(USAGE_PATH).set('Content-Type', contentType).send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
}

/** POST a JSON body (objects and arrays serialised, strings sent as is). */
export function postJson(t: TestApp, body: unknown, contentType = 'application/json'): request.Test {
  return request(t.server)
    .post(USAGE_PATH)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * POST a body as a chunked HTTP request written in `pieces`, from a Readable that pauses between them so that each
 * piece reaches the server as its own TCP segment. Needs `startTestApp({ listen: true })`.
 */
export function postInPieces(t: TestApp, pieces: (string | Buffer)[], contentType = NDJSON, pauseMs = 15): Promise<HttpResult> {
  const address = (t.server as unknown as Server).address() as AddressInfo | null;
  if (!address) throw new Error('postInPieces: start the app with startTestApp({ listen: true })');
  const body = Readable.from(
    (async function* () {
      for (const piece of pieces) {
        await sleep(pauseMs);
        yield Buffer.isBuffer(piece) ? piece : Buffer.from(piece, 'utf8');
      }
    })(),
  );
  return new Promise<HttpResult>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: address.port, method: 'POST', path: USAGE_PATH, headers: { 'Content-Type': contentType }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.flushHeaders();
    body.pipe(req);
  });
}

/** Splits a string's UTF-8 bytes into pieces of at most `size` bytes (multi-byte characters may be cut). */
export function bytePieces(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}

/** A new customer's billing account id (every customer gets one), optionally billed in `currency`. */
export async function newBillingAccount(t: TestApp, currency?: string): Promise<string> {
  const customer: Doc = await createCustomer(t, customerBody());
  const id = (customer.account as Doc[])[0].id as string;
  if (currency) await t.sql.query('UPDATE billing_account SET currency = $2 WHERE id = $1', [id, currency]);
  return id;
}

/** A product (customer_product row) billed on `billingAccountId`; returns its id. */
export async function newProduct(t: TestApp, billingAccountId: string): Promise<string> {
  const id = randomUUID();
  await t.sql.query(
    `INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, quote_id, quote_item_id)
     SELECT $1, customer_id, id, $2, 'Mobile data', 'active', 1, '[]'::jsonb, now(), $3, '1' FROM billing_account WHERE id = $4`,
    [id, randomUUID(), randomUUID(), billingAccountId],
  );
  return id;
}

export interface StoredUsage {
  usage_id: string;
  billing_account_id: string;
  product_id: string | null;
  usage_date: Date;
  usage_type: string;
  quantity: string;
  unit: string;
  amount: string;
  currency: string;
  description: string | null;
}

/** The usage rows stored for a billing account, by usage id. */
export async function storedUsage(t: TestApp, billingAccountId: string): Promise<StoredUsage[]> {
  const { rows } = await t.sql.query<StoredUsage>(
    `SELECT usage_id, billing_account_id, product_id, usage_date, usage_type, quantity, unit, amount, currency, description
       FROM usage_record WHERE billing_account_id = $1 ORDER BY usage_id`,
    [billingAccountId],
  );
  return rows;
}

export async function usageCount(t: TestApp, billingAccountId?: string): Promise<number> {
  const { rows } = billingAccountId
    ? await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM usage_record WHERE billing_account_id = $1', [billingAccountId])
    : await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM usage_record');
  return Number(rows[0].n);
}

/** Asserts a 200 intake result and returns it. */
export function intakeResult(res: { status: number; body: unknown }): IntakeResult {
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.objectContaining({ received: expect.any(Number) }) });
  return res.body as IntakeResult;
}

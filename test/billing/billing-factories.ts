// Data factories for bill runs and TMF678: products with exact price snapshots, usage, runs waited to their end.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Doc } from '../support/customer-helpers';
import { TestApp } from '../support/test-app';
import { newBillingAccount } from './usage-helpers';

export const BILL_RUN_PATH = '/bss/billing/v1/billRun';
export const BILL_DOCUMENT_PATH = '/bss/billing/v1/billDocument';
export const TMF678_BASE = '/tmf-api/customerBillManagement/v4';
export const FINAL_RUN_STATES = ['completed', 'completedWithErrors', 'failed'];

/** A discount of a price in a QuotePrice snapshot: `value` per charge period, for `duration` periods (always when absent). */
export interface DiscountSpec {
  value: number;
  duration?: number;
  name?: string;
}

/** A QuotePrice as an accepted quote stores it on the product: `price.dutyFreeAmount` is after the discounts. */
export function quotePrice(
  priceType: 'recurring' | 'oneTime' | 'usage',
  gross: number,
  o: { taxRate?: number; period?: string; currency?: string; discounts?: DiscountSpec[]; name?: string } = {},
): Doc {
  const currency = o.currency ?? 'EUR';
  const discounts = o.discounts ?? [];
  const net = Math.round((gross - discounts.reduce((s, d) => s + d.value, 0)) * 100) / 100;
  const price: Doc = {
    name: o.name ?? `${priceType} price`,
    priceType,
    price: { taxRate: o.taxRate ?? 0.2, dutyFreeAmount: { unit: currency, value: net }, taxIncludedAmount: { unit: currency, value: net }, '@type': 'Price' },
    '@type': 'QuotePrice',
  };
  if (priceType === 'recurring') price.recurringChargePeriod = o.period ?? 'month';
  if (discounts.length) {
    price.priceAlteration = discounts.map((d) => ({
      name: d.name ?? 'Discount',
      priceType: 'discount',
      applicationDuration: d.duration,
      price: { dutyFreeAmount: { unit: currency, value: d.value }, taxRate: o.taxRate ?? 0.2, '@type': 'Price' },
      '@type': 'PriceAlteration',
    }));
  }
  return JSON.parse(JSON.stringify(price)) as Doc;
}

/** A product on `billingAccountId` with the given price snapshot (as quote acceptance writes it); returns its id. */
export async function insertProduct(
  t: TestApp,
  billingAccountId: string,
  prices: Doc[],
  o: { start: string; end?: string; name?: string; status?: string } = { start: '2026-01-01T00:00:00Z' },
): Promise<string> {
  const id = randomUUID();
  await t.sql.query(
    `INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, end_date, quote_id, quote_item_id)
     SELECT $1, customer_id, id, $2, $3, $4, 1, $5::jsonb, $6, $7, $8, '1' FROM billing_account WHERE id = $9`,
    [id, randomUUID(), o.name ?? 'Business Mobile', o.status ?? 'active', JSON.stringify(prices), o.start, o.end ?? null, randomUUID(), billingAccountId],
  );
  return id;
}

/** A new billing account with the given cycle settings and tax rate. */
export async function billingAccount(t: TestApp, o: { currency?: string; taxRate?: string; billCycle?: string; billDay?: number } = {}): Promise<string> {
  const id = await newBillingAccount(t, o.currency);
  await t.sql.query(`UPDATE billing_account SET tax_rate = $2, bill_cycle = $3, bill_day = $4 WHERE id = $1`, [id, o.taxRate ?? '0.2', o.billCycle ?? 'month', o.billDay ?? 1]);
  return id;
}

/** Starts a bill run; returns the 202 response. */
export function postBillRun(t: TestApp, body: unknown): request.Test {
  return request(t.server).post(BILL_RUN_PATH).set('Content-Type', 'application/json').send(body as object);
}

/** Polls a bill run until it reaches a final state (a worker must be running); returns it. */
export async function waitForRun(t: TestApp, id: string, timeoutMs = 30_000): Promise<Doc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(t.server).get(`${BILL_RUN_PATH}/${id}`);
    if (res.status === 200 && FINAL_RUN_STATES.includes(res.body.state)) return res.body as Doc;
    if (Date.now() > deadline) throw new Error(`bill run ${id} did not finish: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a bill run and waits for it to end. */
export async function runBillRun(t: TestApp, body: unknown, timeoutMs?: number): Promise<Doc> {
  const res = await postBillRun(t, body);
  if (res.status !== 202) throw new Error(`bill run answered ${res.status}: ${JSON.stringify(res.body)}`);
  return waitForRun(t, res.body.id, timeoutMs);
}

export const period = (start: string, end: string) => ({ billingPeriod: { startDateTime: start, endDateTime: end } });

/** The bills of an account (as the API returns them). */
export async function billsOf(t: TestApp, billingAccountId: string): Promise<Doc[]> {
  const res = await request(t.server).get(`${TMF678_BASE}/customerBill?billingAccount.id=${billingAccountId}`);
  return res.body as Doc[];
}

/** The applied rates of a bill (as the API returns them). */
export async function ratesOf(t: TestApp, billId: string): Promise<Doc[]> {
  const res = await request(t.server).get(`${TMF678_BASE}/appliedCustomerBillingRate?bill.id=${billId}&limit=1000`);
  return res.body as Doc[];
}

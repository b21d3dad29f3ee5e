// Helpers for the rating and bill-run e2e tests: runs isolated by bill day, exact amounts read back with SQL, row
// counts, usage pushed through the intake, and a trigger that makes the billing transaction of one account fail.
import request from 'supertest';
import { Doc } from '../support/customer-helpers';
import { TestApp } from '../support/test-app';
import { BILL_RUN_PATH, period, quotePrice, runBillRun } from './billing-factories';
import { postJson } from './usage-helpers';

export const MONTH = {
  sep: ['2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
  oct: ['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
  nov: ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
  dec: ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
} as const;

/**
 * Runs a bill run for the accounts of the month cycle with `billDay` over an explicit period and waits for its end:
 * a test that gives its accounts a bill day of its own bills them alone.
 */
export function runForDay(t: TestApp, billDay: number, [start, end]: readonly string[], extra: Record<string, unknown> = {}): Promise<Doc> {
  return runBillRun(t, { billCycle: 'month', billDay, ...period(start, end), ...extra });
}

/** A QuotePrice without `price.taxRate` (billed at the account's tax rate). */
export function priceWithoutTaxRate(...args: Parameters<typeof quotePrice>): Doc {
  const price = quotePrice(...args);
  delete (price.price as Doc).taxRate;
  return price;
}

export interface BillRow {
  id: string;
  bill_no: string;
  bill_seq: string;
  run_type: string;
  bill_run_id: string | null;
  currency: string;
  tax_excluded_amount: string;
  tax_included_amount: string;
  period_start: string;
  period_end: string;
}

/** The bills of an account as stored, oldest period first, amounts as exact decimal strings. */
export async function billRows(t: TestApp, billingAccountId: string): Promise<BillRow[]> {
  const { rows } = await t.sql.query<BillRow>(
    `SELECT id, bill_no, bill_seq::text, run_type, bill_run_id, currency, tax_excluded_amount::text, tax_included_amount::text,
            to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS period_start, to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS period_end
       FROM customer_bill WHERE billing_account_id = $1 ORDER BY period_start, bill_seq`,
    [billingAccountId],
  );
  return rows;
}

/** One stored rate, reduced to what rating decides: [charge key, type, excl., tax rate, tax, incl., coverage start, end]. */
export type RateLine = [string, string, string, string, string, string, string | null, string | null];

/** The rates of a bill as stored (exact decimal strings from the documents), sorted by charge key. */
export async function rateLines(t: TestApp, billId: string): Promise<RateLine[]> {
  const { rows } = await t.sql.query<{ line: RateLine }>(
    `SELECT jsonb_build_array(charge_key, type, doc -> 'taxExcludedAmount' ->> 'value', doc -> 'appliedTax' -> 0 ->> 'taxRate',
                              doc -> 'appliedTax' -> 0 -> 'taxAmount' ->> 'value', doc -> 'taxIncludedAmount' ->> 'value',
                              doc -> 'periodCoverage' ->> 'startDateTime', doc -> 'periodCoverage' ->> 'endDateTime') AS line
       FROM applied_billing_rate WHERE bill_id = $1`,
    [billId],
  );
  return rows.map((r) => r.line).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** A bill's totals and tax items exactly as stored in its document (decimal strings). */
export async function billTotals(t: TestApp, billId: string): Promise<{ excl: string; incl: string; due: string; remaining: string; taxItems: [string, string][] }> {
  const { rows } = await t.sql.query<{ excl: string; incl: string; due: string; remaining: string; tax_items: [string, string][] }>(
    `SELECT doc -> 'taxExcludedAmount' ->> 'value' AS excl, doc -> 'taxIncludedAmount' ->> 'value' AS incl,
            doc -> 'amountDue' ->> 'value' AS due, doc -> 'remainingAmount' ->> 'value' AS remaining,
            (SELECT jsonb_agg(jsonb_build_array(i ->> 'taxRate', i -> 'taxAmount' ->> 'value')) FROM jsonb_array_elements(doc -> 'taxItem') i) AS tax_items
       FROM customer_bill WHERE id = $1`,
    [billId],
  );
  const r = rows[0];
  return { excl: r.excl, incl: r.incl, due: r.due, remaining: r.remaining, taxItems: r.tax_items };
}

export interface TableCounts {
  bills: number;
  rates: number;
  usageBilled: number;
  runs: number;
  outbox: number;
}

/** Row counts of what billing writes. */
export async function tableCounts(t: TestApp): Promise<TableCounts> {
  const { rows } = await t.sql.query<{ bills: string; rates: string; usage_billed: string; runs: string; outbox: string }>(
    `SELECT (SELECT count(*) FROM customer_bill) AS bills, (SELECT count(*) FROM applied_billing_rate) AS rates,
            (SELECT count(*) FROM usage_record WHERE bill_id IS NOT NULL) AS usage_billed, (SELECT count(*) FROM bill_run) AS runs,
            (SELECT count(*) FROM outbox_event) AS outbox`,
  );
  const r = rows[0];
  return { bills: Number(r.bills), rates: Number(r.rates), usageBilled: Number(r.usage_billed), runs: Number(r.runs), outbox: Number(r.outbox) };
}

/** Pushes usage records through the intake (POST /bss/billing/v1/usage) and asserts they were all accepted. */
export async function pushUsage(t: TestApp, records: Record<string, unknown>[]): Promise<void> {
  const res = await postJson(t, records);
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { received: records.length, accepted: records.length, duplicates: 0, rejected: [] } });
}

/** The stored usage row id (the `us:<id>` of its rate) and bill of a pushed record. */
export async function usageRow(t: TestApp, usageId: string): Promise<{ id: string; bill_id: string | null }> {
  const { rows } = await t.sql.query<{ id: string; bill_id: string | null }>('SELECT id, bill_id FROM usage_record WHERE usage_id = $1', [usageId]);
  if (rows.length !== 1) throw new Error(`usage ${usageId}: ${rows.length} rows`);
  return rows[0];
}

/** The account's name and its customer's id and name (what a bill refers to). */
export async function accountParties(t: TestApp, billingAccountId: string): Promise<{ name: string; customerId: string; customerName: string }> {
  const { rows } = await t.sql.query<{ name: string; customer_id: string; customer_name: string }>(
    `SELECT a.name, a.customer_id, c.name AS customer_name FROM billing_account a JOIN customer c ON c.id = a.customer_id WHERE a.id = $1`,
    [billingAccountId],
  );
  return { name: rows[0].name, customerId: rows[0].customer_id, customerName: rows[0].customer_name };
}

/** GET a bill run. */
export async function getRun(t: TestApp, id: string): Promise<Doc> {
  const res = await request(t.server).get(`${BILL_RUN_PATH}/${id}`);
  expect(res.status).toBe(200);
  return res.body as Doc;
}

/** Polls `probe` until it returns a truthy value (or fails after `timeoutMs`). */
export async function waitUntil<T>(what: string, probe: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Makes every billing transaction that writes a bill for `billingAccountId` fail (a trigger on customer_bill that
 * raises), counting the failures in a sequence (sequences are not rolled back, so the count survives the failed
 * transaction). `drop()` removes the trigger.
 */
export async function failBillsOf(t: TestApp, billingAccountId: string, name: string): Promise<{ failures(): Promise<number>; message: string; drop(): Promise<void> }> {
  const message = `test trigger refuses bills of account ${billingAccountId}`;
  await t.sql.query(`CREATE SEQUENCE ${name}_failures`);
  await t.sql.query(
    `CREATE FUNCTION ${name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM nextval('${name}_failures');
       RAISE EXCEPTION '${message}';
     END $$`,
  );
  await t.sql.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON customer_bill FOR EACH ROW WHEN (NEW.billing_account_id = '${billingAccountId}'::uuid) EXECUTE FUNCTION ${name}_fn()`,
  );
  return {
    message,
    async failures() {
      const { rows } = await t.sql.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${name}_failures`);
      return rows[0].is_called ? Number(rows[0].last_value) : 0;
    },
    async drop() {
      await t.sql.query(`DROP TRIGGER IF EXISTS ${name} ON customer_bill`);
      await t.sql.query(`DROP FUNCTION IF EXISTS ${name}_fn()`);
    },
  };
}

/** Adds days to an ISO instant. */
export const plusDays = (isoInstant: string, days: number) => new Date(new Date(isoInstant).getTime() + days * 86_400_000).toISOString();

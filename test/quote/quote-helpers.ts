// Local builders for the TMF648 quote e2e tests (test/quote): customers with billing accounts, Launched priced
// offerings, quote bodies by customer id, driving a quote to any state, the customer_product rows, outbox events
// and a snapshot of everything a refused request must leave alone. The endpoint helpers come from the shared
// test/support/quote-factories.ts.
import { createResource, minimalBody } from '../support/catalog-factories';
import { createCustomer, CUSTOMER_PATH, Doc } from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { createQuote, patchQuote } from '../support/quote-factories';
import { PUBLIC_BASE_URL, TestApp } from '../support/test-app';

export { createQuote, deleteQuote, getQuote, JSON_PATCH, listQuotes, MERGE_PATCH, patchQuote, postQuote, QUOTE_BASE, QUOTE_PATH, QUOTE_URL } from '../support/quote-factories';
export type { Doc };

export const DAY_MS = 24 * 3600 * 1000;
export const UNKNOWN_ID = '0190f3a0-0000-7000-8000-000000000000';
export const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const customerHref = (id: string) => `${PUBLIC_BASE_URL}${CUSTOMER_PATH}/${id}`;
export const billingAccountHref = (id: string) => `${PUBLIC_BASE_URL}/tmf-api/accountManagement/v4/billingAccount/${id}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const STATES = ['inProgress', 'pending', 'approved', 'accepted', 'rejected', 'cancelled'] as const;
export type QuoteState = (typeof STATES)[number];
/** The moves of the TMF648 life cycle as the brief states them (written out here, not read from src). */
export const LEGAL_MOVES: Record<QuoteState, QuoteState[]> = {
  inProgress: ['pending', 'approved', 'rejected', 'cancelled'],
  pending: ['inProgress', 'approved', 'rejected', 'cancelled'],
  approved: ['accepted', 'rejected', 'cancelled'],
  accepted: [],
  rejected: [],
  cancelled: [],
};
export const FINAL_STATES: QuoteState[] = ['accepted', 'rejected', 'cancelled'];
export const OPEN_STATES: QuoteState[] = ['inProgress', 'pending', 'approved'];

export interface Customer {
  id: string;
  /** Its billing account ids, in the order its `account` list gives them. */
  accounts: string[];
  body: Doc;
}

/** A TMF629 customer with `accounts` billing accounts (created by the server). */
export async function customerWithAccounts(t: TestApp, accounts = 1): Promise<Customer> {
  const account = Array.from({ length: accounts }, (_, i) => ({ name: `Account ${i + 1}`, '@referredType': 'BillingAccount' }));
  const body = await createCustomer(t, customerBody({ account }));
  const ids = (body.account as Doc[]).filter((a) => a['@referredType'] === 'BillingAccount').map((a) => a.id as string);
  return { id: body.id as string, accounts: ids, body };
}

/** A monthly price of `value` EUR and an offering using it, Launched and sellable unless `offering` says otherwise. */
export async function launchedOffering(t: TestApp, value = 10, offering: Doc = {}): Promise<Doc> {
  const price = await createResource(
    t,
    'productOfferingPrice',
    minimalBody('productOfferingPrice', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: { unit: 'EUR', value } }),
  );
  return createResource(t, 'productOffering', minimalBody('productOffering', { lifecycleStatus: 'Launched', productOfferingPrice: [{ id: price.id }], ...offering }));
}

export const partyOf = (id: string, role = 'customer') => ({ id, role, '@referredType': 'Customer' });
export const addOf = (offeringId: string, extra: Doc = {}) => ({ action: 'add', productOffering: { id: offeringId }, ...extra });
export const modifyOf = (productId: string, extra: Doc = {}) => ({ action: 'modify', product: { id: productId }, ...extra });
export const deleteOf = (productId: string, extra: Doc = {}) => ({ action: 'delete', product: { id: productId }, ...extra });

/** A Quote_Create for the customer `customerId` with one `add` item per offering; `extra` replaces top-level attributes. */
export function quoteFor(customerId: string, offeringIds: string[], extra: Doc = {}): Doc {
  return { relatedParty: [partyOf(customerId)], quoteItem: offeringIds.map((id) => addOf(id)), ...extra };
}

/** PATCH `state` (merge patch), expecting 200. */
export async function moveQuote(t: TestApp, id: string, state: QuoteState): Promise<Doc> {
  const res = await patchQuote(t, id, { state });
  if (res.status !== 200) throw new Error(`move quote ${id} to ${state}: expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

/** A legal path from creation to each state. */
const PATH_TO: Record<QuoteState, QuoteState[]> = {
  inProgress: [],
  pending: ['pending'],
  approved: ['approved'],
  accepted: ['approved', 'accepted'],
  rejected: ['rejected'],
  cancelled: ['cancelled'],
};

/** A new quote brought to `state` through legal moves. */
export async function quoteIn(t: TestApp, state: QuoteState, body: Doc): Promise<Doc> {
  let quote = await createQuote(t, body);
  for (const s of PATH_TO[state]) quote = await moveQuote(t, quote.id, s);
  return quote;
}

export interface ProductRow {
  id: string;
  customer_id: string;
  billing_account_id: string;
  product_offering_id: string;
  name: string;
  status: string;
  quantity: number;
  price: Doc[];
  start_date: Date;
  end_date: Date | null;
  quote_id: string;
  quote_item_id: string;
  updated_at: Date;
}

/** The customer_product rows of a customer (or of every customer), in quote and item order. */
export async function productsOf(t: TestApp, customerId?: string): Promise<ProductRow[]> {
  const { rows } = await t.sql.query<ProductRow>(
    `SELECT * FROM customer_product WHERE $1::uuid IS NULL OR customer_id = $1 ORDER BY quote_id, quote_item_id, id`,
    [customerId ?? null],
  );
  return rows;
}

export async function productById(t: TestApp, id: string): Promise<ProductRow> {
  const { rows } = await t.sql.query<ProductRow>('SELECT * FROM customer_product WHERE id = $1', [id]);
  if (rows.length !== 1) throw new Error(`no customer_product ${id}`);
  return rows[0];
}

/** An active product of the customer: made by an accepted quote with one add item of `offeringId`. */
export async function activeProduct(t: TestApp, customerId: string, offeringId: string, item: Doc = {}): Promise<ProductRow> {
  const quote = await quoteIn(t, 'accepted', { relatedParty: [partyOf(customerId)], quoteItem: [addOf(offeringId, item)] });
  const { rows } = await t.sql.query<ProductRow>('SELECT * FROM customer_product WHERE quote_id = $1', [quote.id]);
  if (rows.length !== 1) throw new Error(`activeProduct: expected one product, got ${rows.length}`);
  return rows[0];
}

/** The outbox events raised for one resource, in the order they were raised. */
export async function outboxOf(t: TestApp, id: string): Promise<{ event_type: string; payload: Doc }[]> {
  const { rows } = await t.sql.query('SELECT event_type, payload FROM outbox_event WHERE resource_id = $1 ORDER BY id', [id]);
  return rows;
}

export const eventTypesOf = async (t: TestApp, id: string) => (await outboxOf(t, id)).map((e) => e.event_type);

export async function quoteRow(t: TestApp, id: string): Promise<{ state: string; quote_date: Date; valid_until: Date | null; doc: Doc; updated_at: Date } | undefined> {
  return (await t.sql.query('SELECT state, quote_date, valid_until, doc, updated_at FROM quote WHERE id = $1', [id])).rows[0];
}

/** Every quote, product and customer row and the outbox size: equal snapshots mean a request changed nothing. */
export async function snapshot(t: TestApp): Promise<Doc> {
  return {
    quotes: (await t.sql.query('SELECT id, state, quote_date, valid_until, doc, updated_at FROM quote ORDER BY id')).rows,
    products: (await t.sql.query('SELECT * FROM customer_product ORDER BY id')).rows,
    customers: (await t.sql.query('SELECT id, doc, updated_at FROM customer ORDER BY id')).rows,
    accounts: (await t.sql.query('SELECT * FROM billing_account ORDER BY id')).rows,
    outbox: Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM outbox_event')).rows[0].n),
  };
}

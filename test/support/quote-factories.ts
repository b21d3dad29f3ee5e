// Data factories and HTTP helpers for the TMF648 Quote e2e tests (test/quote, test/quote-pricing): a customer to
// quote for, catalog prices and quotable offerings (a whole spec → prices → offering → category → catalog chain
// when wanted), quote bodies, the quote endpoints, and the official TMF648 `Quote` schema check.
import { ValidateFunction } from 'ajv';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createResource, hrefOf, minimalBody } from './catalog-factories';
import { createCustomer, CUSTOMER_URL, Doc } from './customer-helpers';
import { customerBody } from './factories';
import { describeErrors, specAvailable, specValidator } from './official-spec';
import { PUBLIC_BASE_URL, TestApp } from './test-app';

export const QUOTE_BASE = '/tmf-api/quoteManagement/v4';
export const QUOTE_PATH = `${QUOTE_BASE}/quote`;
/** The public collection URL: what quote hrefs start with. */
export const QUOTE_URL = `${PUBLIC_BASE_URL}${QUOTE_PATH}`;
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

let seq = 0;
const unique = (label: string) => `${label} ${++seq} ${randomBytes(3).toString('hex')}`;

// ---------------------------------------------------------------------------------------------------------------
// Customer

/** A TMF629 customer (POST, expecting 201); `overrides` replace top-level attributes of the body. */
export function createQuoteCustomer(t: TestApp, overrides: Doc = {}): Promise<Doc> {
  return createCustomer(t, customerBody(overrides));
}

/** The quote's relatedParty entry naming `customer` (role `customer`, as the service requires). */
export function customerParty(customer: Doc): Doc {
  return { id: customer.id, href: `${CUSTOMER_URL}/${customer.id}`, name: customer.name, role: 'customer', '@referredType': 'Customer' };
}

// ---------------------------------------------------------------------------------------------------------------
// Catalog prices (TMF620 ProductOfferingPrice bodies). Amounts are JSON numbers; the currency defaults to EUR.

export interface PriceOptions {
  currency?: string;
  name?: string;
  /** tax[0]: `taxRate` is a fraction (0.19 = 19 %); a `taxAmount` means the price value includes that much tax. */
  tax?: { taxRate?: number; taxAmount?: number; taxCategory?: string };
  /** Ids of discount prices that alter this one (popRelationship). */
  discounts?: string[];
  /** Any other ProductOfferingPrice attribute (wins over the above). */
  extra?: Doc;
}

function priceBody(base: Doc, value: number | undefined, o: PriceOptions): Doc {
  const currency = o.currency ?? 'EUR';
  const body: Doc = { ...base, lifecycleStatus: 'Active' };
  if (value !== undefined) body.price = { unit: currency, value };
  if (o.tax) {
    const item: Doc = { taxCategory: o.tax.taxCategory ?? 'VAT', '@type': 'TaxItem' };
    if (o.tax.taxRate !== undefined) item.taxRate = o.tax.taxRate;
    if (o.tax.taxAmount !== undefined) item.taxAmount = { unit: currency, value: o.tax.taxAmount };
    body.tax = [item];
  }
  if (o.discounts?.length) body.popRelationship = o.discounts.map((id) => ({ id, relationshipType: 'discount', '@referredType': 'ProductOfferingPrice' }));
  return minimalBody('productOfferingPrice', { ...(o.name ? { name: o.name } : {}), ...body, ...o.extra });
}

/** A recurring price: every `length` `periodType`s (default every month). */
export function recurringPriceBody(value: number | undefined, o: PriceOptions & { periodType?: string; length?: number } = {}): Doc {
  return priceBody({ priceType: 'recurring', recurringChargePeriodType: o.periodType ?? 'month', recurringChargePeriodLength: o.length ?? 1 }, value, o);
}

export function oneTimePriceBody(value: number | undefined, o: PriceOptions = {}): Doc {
  return priceBody({ priceType: 'oneTime' }, value, o);
}

/** A usage price: a rate per `amount` `units` of usage (default per 1 GB). */
export function usagePriceBody(value: number | undefined, o: PriceOptions & { units?: string; amount?: number } = {}): Doc {
  return priceBody({ priceType: 'usage', unitOfMeasure: { amount: o.amount ?? 1, units: o.units ?? 'GB' } }, value, o);
}

/** A term for a discount: how long it applies (`productOfferingTerm[0].duration`). */
export interface DiscountTerm {
  amount: number;
  units: string;
}

const termOf = (term: DiscountTerm | undefined): Doc => (term ? { productOfferingTerm: [{ name: `${term.amount} ${term.units}`, duration: term }] } : {});

/** A discount of `percentage` % (0..100), optionally for a term. */
export function percentDiscountBody(percentage: number, term?: DiscountTerm, extra: Doc = {}): Doc {
  return minimalBody('productOfferingPrice', { priceType: 'discount', lifecycleStatus: 'Active', percentage, ...termOf(term), ...extra });
}

/** A discount of an amount (per unit of the charge it alters), optionally for a term. */
export function amountDiscountBody(value: number, term?: DiscountTerm, currency = 'EUR', extra: Doc = {}): Doc {
  return minimalBody('productOfferingPrice', { priceType: 'discount', lifecycleStatus: 'Active', price: { unit: currency, value }, ...termOf(term), ...extra });
}

/** A composite price: a price made of `parts` (bundledPopRelationship), listed on an offering like any price. */
export function compositePriceBody(parts: string[], extra: Doc = {}): Doc {
  return minimalBody('productOfferingPrice', { isBundle: true, lifecycleStatus: 'Active', bundledPopRelationship: parts.map((id) => ({ id })), ...extra });
}

/** POST a ProductOfferingPrice body, expecting 201. */
export function createPrice(t: TestApp, body: Doc): Promise<Doc> {
  return createResource(t, 'productOfferingPrice', body);
}

// ---------------------------------------------------------------------------------------------------------------
// Offerings

/** A ProductOffering body that can be quoted: Launched (unless overridden), listing the given prices. */
export function quotableOfferingBody(priceIds: string[], overrides: Doc = {}): Doc {
  return minimalBody('productOffering', { lifecycleStatus: 'Launched', productOfferingPrice: priceIds.map((id) => ({ id })), ...overrides });
}

/** POST an offering listing `priceIds` (Launched unless `overrides` say otherwise), expecting 201. */
export function createOffering(t: TestApp, priceIds: string[], overrides: Doc = {}): Promise<Doc> {
  return createResource(t, 'productOffering', quotableOfferingBody(priceIds, overrides));
}

/** Creates the prices, then a Launched offering listing them (in order). */
export async function createPricedOffering(t: TestApp, prices: Doc[], overrides: Doc = {}): Promise<{ offering: Doc; prices: Doc[] }> {
  const created: Doc[] = [];
  for (const p of prices) created.push(await createPrice(t, p));
  const offering = await createOffering(t, created.map((p) => p.id), overrides);
  return { offering, prices: created };
}

/** A bundle offering: its own prices plus `bundled` offerings, each `count` times by default (numberRelOfferDefault). */
export function createBundleOffering(t: TestApp, ownPriceIds: string[], bundled: { id: string; count?: number }[], overrides: Doc = {}): Promise<Doc> {
  return createOffering(t, ownPriceIds, {
    isBundle: true,
    bundledProductOffering: bundled.map((b) => ({
      id: b.id,
      ...(b.count === undefined ? {} : { bundledProductOfferingOption: { numberRelOfferDefault: b.count, numberRelOfferLowerLimit: 0, numberRelOfferUpperLimit: Math.max(b.count, 1) * 2 } }),
    })),
    ...overrides,
  });
}

export interface QuotableChain {
  specification: Doc;
  prices: Doc[];
  offering: Doc;
  category: Doc;
  catalog: Doc;
}

/**
 * A whole catalog chain for quoting: a specification, the prices (default: 10 EUR a month and 49 EUR once), a
 * Launched offering referring to both, a category holding the offering and a catalog holding the category.
 */
export async function createQuotableChain(t: TestApp, options: { prices?: Doc[]; offering?: Doc } = {}): Promise<QuotableChain> {
  const specification = await createResource(t, 'productSpecification', minimalBody('productSpecification', { lifecycleStatus: 'Launched' }));
  const { offering, prices } = await createPricedOffering(t, options.prices ?? [recurringPriceBody(10), oneTimePriceBody(49)], {
    productSpecification: { id: specification.id },
    ...options.offering,
  });
  const category = await createResource(t, 'category', minimalBody('category', { lifecycleStatus: 'Launched', productOffering: [{ id: offering.id }] }));
  const catalog = await createResource(t, 'catalog', minimalBody('catalog', { lifecycleStatus: 'Launched', category: [{ id: category.id }] }));
  return { specification, prices, offering, category, catalog };
}

// ---------------------------------------------------------------------------------------------------------------
// Quote bodies

/** An `add` item for an offering; `extra` adds or replaces item attributes (id, quantity, quoteItemPrice, …). */
export function addItem(offeringId: string, extra: Doc = {}): Doc {
  return { action: 'add', productOffering: { id: offeringId }, ...extra };
}

/** A Quote_Create body for `customer` with `items` (at least one); `overrides` replace top-level attributes. */
export function quoteBody(customer: Doc, items: Doc[], overrides: Doc = {}): Doc {
  return { description: unique('Quote'), relatedParty: [customerParty(customer)], quoteItem: items, ...overrides };
}

// ---------------------------------------------------------------------------------------------------------------
// Quote endpoints

export function postQuote(t: TestApp, body: unknown): request.Test {
  return request(t.server).post(QUOTE_PATH).set('Content-Type', 'application/json').send(JSON.stringify(body));
}

/** POST a quote, expecting 201; returns the created quote. */
export async function createQuote(t: TestApp, body: Doc): Promise<Doc> {
  const res = await postQuote(t, body);
  if (res.status !== 201) throw new Error(`create quote: expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

export function getQuote(t: TestApp, id: string, query = ''): request.Test {
  return request(t.server).get(`${QUOTE_PATH}/${id}${query ? `?${query}` : ''}`);
}

/** PATCH with an explicit media type (merge patch by default); objects and arrays are sent as JSON text. */
export function patchQuote(t: TestApp, id: string, body: unknown, contentType = MERGE_PATCH): request.Test {
  return request(t.server)
    .patch(`${QUOTE_PATH}/${id}`)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

export function listQuotes(t: TestApp, query = ''): request.Test {
  return request(t.server).get(`${QUOTE_PATH}${query ? `?${query}` : ''}`);
}

export function deleteQuote(t: TestApp, id: string): request.Test {
  return request(t.server).delete(`${QUOTE_PATH}/${id}`);
}

/** The href the server gives a catalog price (what a QuotePrice's productOfferingPrice.href is). */
export const priceHref = (id: string) => hrefOf('productOfferingPrice', id);
/** The href the server gives a catalog offering. */
export const offeringHref = (id: string) => hrefOf('productOffering', id);

/** Every quote item, nested ones included, depth first. */
export function allItems(quote: Doc): Doc[] {
  const walk = (items: Doc[] | undefined): Doc[] => (items ?? []).flatMap((i) => [i, ...walk(i.quoteItem)]);
  return walk(quote.quoteItem);
}

/** One item of a quote by id (nested ones included). */
export function itemOf(quote: Doc, id: string): Doc {
  const item = allItems(quote).find((i) => i.id === id);
  if (!item) throw new Error(`quote ${String(quote.id)} has no item '${id}': ${JSON.stringify(quote.quoteItem)}`);
  return item;
}

// ---------------------------------------------------------------------------------------------------------------
// The official TMF648 v4.0.0 schema (in ../shared; absent → skip the checks, visibly)

export const QUOTE_SPEC = 'TMF648-Quote-v4.0.0.swagger.json';

let quoteSpecPresent: boolean | undefined;
/** Whether the official TMF648 spec is there (reports once, on stderr, when it is not). */
export function quoteSpecAvailable(): boolean {
  quoteSpecPresent ??= specAvailable(QUOTE_SPEC);
  return quoteSpecPresent;
}

const validators = new Map<string, ValidateFunction>();
/** A validator for a TMF648 definition; ajv's warnings about formats it does not check are silenced. */
export function quoteSpecValidator(definition = 'Quote'): ValidateFunction {
  let validate = validators.get(definition);
  if (!validate) {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => (/unknown format/.test(String(args[0])) ? undefined : warn(...args));
    try {
      validate = specValidator(QUOTE_SPEC, definition);
    } finally {
      console.warn = warn;
    }
    validators.set(definition, validate);
  }
  return validate;
}

/** What is wrong with `value` as a TMF648 `definition` ('' when valid). */
export function quoteSchemaErrors(value: unknown, definition = 'Quote'): string {
  const validate = quoteSpecValidator(definition);
  return validate(value) ? '' : describeErrors(validate);
}

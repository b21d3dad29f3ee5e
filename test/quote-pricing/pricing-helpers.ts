// Shared by the quote pricing e2e tests: an independent model of the expected amounts (decimal.js, rounded here,
// not with the server's money helpers), lookups in priced quotes, and the official schema check of every quote
// answer (skipped, visibly, when ../shared is absent).
import Decimal from 'decimal.js';
import { Doc } from '../support/customer-helpers';
import { allItems, itemOf, quoteSchemaErrors, quoteSpecAvailable } from '../support/quote-factories';

export const D = (v: Decimal.Value) => new Decimal(typeof v === 'number' ? String(v) : v);

/** ISO 4217 minor units of the currencies these tests use (written out here, independently of src/). */
const MINOR: Record<string, number> = { EUR: 2, USD: 2, GBP: 2, JPY: 0, KRW: 0, KWD: 3, BHD: 3 };

/** An amount rounded half-up (away from zero) to the currency's minor unit, as a JSON number. */
export function round(value: Decimal.Value, currency = 'EUR'): number {
  const digits = MINOR[currency];
  if (digits === undefined) throw new Error(`test model: minor unit of ${currency} not listed`);
  return D(value).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toNumber();
}

export const money = (value: Decimal.Value, currency = 'EUR') => ({ unit: currency, value: round(value, currency) });

/**
 * The expected `price` of a QuotePrice from the exact duty-free amount and the tax rate: the duty-free amount is
 * rounded to the minor unit, and the tax-included amount is computed from that shown amount (so they agree).
 */
export function expectedPrice(dutyFree: Decimal.Value, taxRate: Decimal.Value = 0, currency = 'EUR'): Doc {
  return {
    taxRate: D(taxRate).toNumber(),
    dutyFreeAmount: money(dutyFree, currency),
    taxIncludedAmount: money(D(round(dutyFree, currency)).times(D(taxRate).plus(1)), currency),
    '@type': 'Price',
  };
}

/** Whether the official TMF648 spec is present (SKIPPED is written to stderr once when it is not). */
export const SCHEMA_CHECKS = quoteSpecAvailable();

/** Asserts that a quote (or every quote of a list) matches the official TMF648 `Quote` schema. */
export function expectQuoteSchema(body: unknown, label = 'quote'): void {
  if (!SCHEMA_CHECKS) return;
  const quotes = Array.isArray(body) ? (body as unknown[]) : [body];
  expect(quotes.length).toBeGreaterThan(0);
  const errors = quotes.map((q, i) => ({ label: Array.isArray(body) ? `${label}[${i}]` : label, errors: quoteSchemaErrors(q) }));
  expect(errors).toEqual(quotes.map((_q, i) => ({ label: Array.isArray(body) ? `${label}[${i}]` : label, errors: '' })));
}

/** The prices of one item of a quote. */
export function pricesOf(quote: Doc, itemId = '1'): Doc[] {
  return (itemOf(quote, itemId).quoteItemPrice as Doc[] | undefined) ?? [];
}

/** The one price of an item that comes from the catalog price `popId` (ids compare case-insensitively). */
export function priceFrom(quote: Doc, popId: string, itemId = '1'): Doc {
  const found = pricesOf(quote, itemId).filter((p) => String(p.productOfferingPrice?.id).toLowerCase() === popId.toLowerCase());
  if (found.length !== 1) throw new Error(`item ${itemId}: ${found.length} prices from ${popId}: ${JSON.stringify(pricesOf(quote, itemId))}`);
  return found[0];
}

/** The total of a quote by name (e.g. `Total recurring per month`). */
export function totalNamed(quote: Doc, name: string): Doc {
  const found = ((quote.quoteTotalPrice as Doc[] | undefined) ?? []).filter((p) => p.name === name);
  if (found.length !== 1) throw new Error(`${found.length} totals named '${name}': ${JSON.stringify(quote.quoteTotalPrice)}`);
  return found[0];
}

/** The pricing notes of a quote (`id` pricing-<itemId>, author pricing). */
export function pricingNotes(quote: Doc): Doc[] {
  return ((quote.note as Doc[] | undefined) ?? []).filter((n) => String(n.id).startsWith('pricing-'));
}

export { allItems };

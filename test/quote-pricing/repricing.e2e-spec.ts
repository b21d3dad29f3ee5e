// Re-pricing on PATCH: when the items of an inProgress or pending quote change (merge patch or JSON Patch), every
// item is priced again from the current catalog, with new totals; other changes leave the prices alone; an
// approved quote's items cannot change; a change that cannot be priced is refused and nothing changes.
import { Doc, expectTmfError } from '../support/customer-helpers';
import { patchResource } from '../support/catalog-factories';
import {
  addItem,
  createPricedOffering,
  createQuote,
  createQuoteCustomer,
  getQuote,
  JSON_PATCH,
  MERGE_PATCH,
  oneTimePriceBody,
  patchQuote,
  quoteBody,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectedPrice, expectQuoteSchema, pricesOf, pricingNotes, totalNamed } from './pricing-helpers';

describe('TMF648 quote pricing: re-pricing on PATCH', () => {
  let t: TestApp;
  let customer: Doc;
  let monthly: { offering: Doc; prices: Doc[] };
  let once: { offering: Doc; prices: Doc[] };
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
    monthly = await createPricedOffering(t, [recurringPriceBody(12.5), usagePriceBody(0.01)]);
    once = await createPricedOffering(t, [oneTimePriceBody(40)]);
  });
  afterAll(() => t.close());

  async function fresh(items: Doc[] = [addItem(monthly.offering.id, { id: '1', quantity: 2 })]): Promise<Doc> {
    const quote = await createQuote(t, quoteBody(customer, items));
    expectQuoteSchema(quote, 'created');
    return quote;
  }

  /** PATCH expecting 200: the answer is schema-valid and what GET shows afterwards. */
  async function patched(id: string, body: unknown, contentType: string): Promise<Doc> {
    const res = await patchQuote(t, id, body, contentType);
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    expectQuoteSchema(res.body, 'PATCH answer');
    const got = await getQuote(t, id).expect(200);
    expectQuoteSchema(got.body, 'GET answer');
    expect(got.body).toEqual(res.body);
    return res.body as Doc;
  }

  /** PATCH expecting 400 `code`; the stored quote is unchanged. */
  async function refused(quote: Doc, body: unknown, contentType: string, code: string): Promise<void> {
    const res = await patchQuote(t, quote.id, body, contentType);
    expectTmfError(res, 400);
    expect(res.body.code).toBe(code);
    const got = await getQuote(t, quote.id).expect(200);
    expectQuoteSchema(got.body);
    expect(got.body).toEqual(quote);
  }

  it('merge patch of the items (a new quantity): re-priced, new totals, next version', async () => {
    const quote = await fresh();
    expect(pricesOf(quote)[0].price).toEqual(expectedPrice(25));
    const after = await patched(quote.id, { quoteItem: [addItem(monthly.offering.id, { id: '1', quantity: 5 })] }, MERGE_PATCH);
    expect(pricesOf(after).map((p) => p.price)).toEqual([expectedPrice(D(12.5).times(5)), expectedPrice(0.01)]);
    expect(totalNamed(after, 'Total recurring per month').price.dutyFreeAmount.value).toBe(62.5);
    expect(after.version).toBe('2');
    expect(after.state).toBe('inProgress');
    expect(pricingNotes(after)).toEqual([]);
  });

  it('merge patch as application/json, replacing the offering of an item', async () => {
    const quote = await fresh();
    const after = await patched(quote.id, { quoteItem: [addItem(once.offering.id, { id: '1', quantity: 3 })] }, 'application/json');
    expect(pricesOf(after)).toEqual([expect.objectContaining({ priceType: 'oneTime', price: expectedPrice(120) })]);
    expect(after.quoteTotalPrice.map((p: Doc) => p.name)).toEqual(['Total oneTime']);
    expect(after.quoteItem[0].productOffering.id).toBe(once.offering.id);
  });

  it('merge patch sending back the items as retrieved, with a changed quantity: the stale prices are recomputed', async () => {
    const quote = await fresh();
    const items = structuredClone(quote.quoteItem) as Doc[];
    items[0].quantity = 4;
    const after = await patched(quote.id, { quoteItem: items }, MERGE_PATCH);
    expect(pricesOf(after)[0].price).toEqual(expectedPrice(50));
    expect(totalNamed(after, 'Total recurring per month').price.dutyFreeAmount.value).toBe(50);
  });

  it('JSON Patch of a quantity: re-priced', async () => {
    const quote = await fresh();
    const after = await patched(quote.id, [{ op: 'replace', path: '/quoteItem/0/quantity', value: 7 }], JSON_PATCH);
    expect(pricesOf(after).map((p) => p.price)).toEqual([expectedPrice(87.5), expectedPrice(0.01)]);
    expect(totalNamed(after, 'Total recurring per month').price.dutyFreeAmount.value).toBe(87.5);
    expect(after.version).toBe('2');
  });

  it('JSON Patch of a quantity alone adds no note about client-sent prices (the client sent none)', async () => {
    const quote = await fresh();
    const after = await patched(quote.id, [{ op: 'replace', path: '/quoteItem/0/quantity', value: 3 }], JSON_PATCH);
    expect(pricesOf(after)[0].price).toEqual(expectedPrice(37.5));
    expect(pricingNotes(after)).toEqual([]);
  });

  it('JSON Patch adding and removing items: the new item priced, totals follow', async () => {
    const quote = await fresh();
    const added = await patched(quote.id, [{ op: 'add', path: '/quoteItem/-', value: addItem(once.offering.id, { id: '2', quantity: 2 }) }], JSON_PATCH);
    expect(pricesOf(added, '2')).toEqual([expect.objectContaining({ priceType: 'oneTime', price: expectedPrice(80) })]);
    expect(totalNamed(added, 'Total oneTime').price.dutyFreeAmount.value).toBe(80);
    const removed = await patched(quote.id, [{ op: 'remove', path: '/quoteItem/0' }], JSON_PATCH);
    expect(removed.quoteItem.map((i: Doc) => i.id)).toEqual(['2']);
    expect(removed.quoteTotalPrice.map((p: Doc) => p.name)).toEqual(['Total oneTime']);
  });

  it('JSON Patch that tampers with a computed price: the price is recomputed, with a pricing note', async () => {
    const quote = await fresh();
    const after = await patched(quote.id, [{ op: 'replace', path: '/quoteItem/0/quoteItemPrice/0/price/dutyFreeAmount/value', value: 1 }], JSON_PATCH);
    expect(pricesOf(after)).toEqual(pricesOf(quote));
    expect(pricingNotes(after).map((n) => [n.id, n.author])).toEqual([['pricing-1', 'pricing']]);
  });

  it('a changed catalog price: kept until the items change, then the current price', async () => {
    const own = await createPricedOffering(t, [recurringPriceBody(10)]);
    const quote = await fresh([addItem(own.offering.id, { id: '1' })]);
    await patchResource(t, 'productOfferingPrice', own.prices[0].id, { price: { unit: 'EUR', value: 11 } }).expect(200);
    const described = await patched(quote.id, { description: 'Re-read by sales' }, MERGE_PATCH);
    expect(pricesOf(described)[0].price).toEqual(expectedPrice(10));
    // the item has no quantity yet: JSON Patch `add` sets it
    const repriced = await patched(quote.id, [{ op: 'add', path: '/quoteItem/0/quantity', value: 2 }], JSON_PATCH);
    expect(pricesOf(repriced)[0].price).toEqual(expectedPrice(22));
  });

  it('a pending quote is re-priced too', async () => {
    const quote = await fresh();
    expect((await patched(quote.id, { state: 'pending' }, MERGE_PATCH)).state).toBe('pending');
    const after = await patched(quote.id, { quoteItem: [addItem(monthly.offering.id, { id: '1', quantity: 10 })] }, MERGE_PATCH);
    expect(after.state).toBe('pending');
    expect(pricesOf(after)[0].price).toEqual(expectedPrice(125));
  });

  it("an approved quote's items cannot change: 400 quoteNotEditable, nothing changed", async () => {
    const quote = await fresh();
    const approved = await patched(quote.id, { state: 'approved' }, MERGE_PATCH);
    await refused(approved, [{ op: 'replace', path: '/quoteItem/0/quantity', value: 9 }], JSON_PATCH, 'quoteNotEditable');
    await refused(approved, { quoteItem: [addItem(monthly.offering.id, { id: '1', quantity: 9 })] }, MERGE_PATCH, 'quoteNotEditable');
  });

  it('a change that cannot be priced is refused and leaves the quote as it was', async () => {
    const quote = await fresh();
    const usd = await createPricedOffering(t, [oneTimePriceBody(5, { currency: 'USD' })]);
    await refused(quote, [{ op: 'add', path: '/quoteItem/-', value: addItem(usd.offering.id, { id: '2' }) }], JSON_PATCH, 'currencyMismatch');
    const unpriced = await createPricedOffering(t, [oneTimePriceBody(undefined)]);
    await refused(quote, { quoteItem: [addItem(unpriced.offering.id, { id: '1' })] }, MERGE_PATCH, 'unpricedOffering');
    const unsellable = await createPricedOffering(t, [oneTimePriceBody(5)], { isSellable: false });
    await refused(quote, [{ op: 'replace', path: '/quoteItem/0/productOffering', value: { id: unsellable.offering.id } }], JSON_PATCH, 'invalidReference');
  });

  it('an offering retired after the quote was made cannot be re-priced: 400 invalidReference', async () => {
    const own = await createPricedOffering(t, [recurringPriceBody(10)]);
    const quote = await fresh([addItem(own.offering.id, { id: '1' })]);
    await patchResource(t, 'productOffering', own.offering.id, { lifecycleStatus: 'Retired' }).expect(200);
    await refused(quote, [{ op: 'add', path: '/quoteItem/0/quantity', value: 2 }], JSON_PATCH, 'invalidReference');
  });

  it('quoteTotalPrice is the server’s: a PATCH of it is 400 readOnlyAttribute', async () => {
    const quote = await fresh();
    await refused(quote, { quoteTotalPrice: [] }, MERGE_PATCH, 'readOnlyAttribute');
    await refused(quote, [{ op: 'replace', path: '/quoteTotalPrice/0/price/dutyFreeAmount/value', value: 0 }], JSON_PATCH, 'readOnlyAttribute');
  });
});

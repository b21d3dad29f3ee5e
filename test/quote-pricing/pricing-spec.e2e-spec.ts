// Priced quotes against the official TMF648 v4.0.0 `Quote` schema: one quote using every pricing feature at once
// (bundle, composite price, discounts with durations, tax, usage, nested items, notes), through POST, GET, list,
// merge patch and JSON Patch. Skipped, visibly, when ../shared/tmf/specs is absent (the other files check every
// answer too, whenever the spec is there).
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  amountDiscountBody,
  compositePriceBody,
  createBundleOffering,
  createOffering,
  createPrice,
  createPricedOffering,
  createQuoteCustomer,
  getQuote,
  JSON_PATCH,
  listQuotes,
  MERGE_PATCH,
  oneTimePriceBody,
  patchQuote,
  percentDiscountBody,
  postQuote,
  quoteBody,
  quoteSchemaErrors,
  quoteSpecValidator,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { allItems, expectQuoteSchema, SCHEMA_CHECKS } from './pricing-helpers';

const describeWithSpec = SCHEMA_CHECKS ? describe : describe.skip;

describeWithSpec('TMF648 priced quotes match the official v4.0.0 Quote schema', () => {
  let t: TestApp;
  let customer: Doc;
  let items: Doc[];
  beforeAll(async () => {
    t = await startTestApp({ env: { DEFAULT_TAX_RATE: '0.2' } });
    customer = await createQuoteCustomer(t);
    const percent = await createPrice(t, percentDiscountBody(12.5, { amount: 1, units: 'year' }));
    const amount = await createPrice(t, amountDiscountBody(3, { amount: 6, units: 'month' }));
    const monthly = await createPrice(t, recurringPriceBody(19.99, { tax: { taxRate: 0.19 }, discounts: [percent.id, amount.id] }));
    const quarterly = await createPrice(t, recurringPriceBody(45, { length: 3, discounts: [amount.id] }));
    const setup = await createPrice(t, oneTimePriceBody(59.5, { tax: { taxRate: 0.19, taxAmount: 9.5 }, discounts: [amount.id] }));
    const composite = await createPrice(t, compositePriceBody([quarterly.id, setup.id]));
    const child = await createOffering(t, [composite.id], { isSellable: false });
    const data = await createPricedOffering(t, [usagePriceBody(0.02, { units: 'GB' }), recurringPriceBody(0, { periodType: 'week' })], { isSellable: false });
    const bundle = await createBundleOffering(t, [monthly.id], [{ id: child.id, count: 2 }, { id: data.offering.id }]);
    const addOn = await createPricedOffering(t, [recurringPriceBody(4.99)]);
    items = [
      addItem(bundle.id, { id: '1', quantity: 3, quoteItem: [addItem(addOn.offering.id, { id: '1.1', quantity: 2, quoteItemPrice: [{ name: 'client', price: { dutyFreeAmount: { unit: 'EUR', value: 1 } } }] })] }),
      addItem(addOn.offering.id, { id: '2' }),
    ];
  });
  afterAll(() => t.close());

  it('the validator rejects what the spec forbids (so the checks can fail)', () => {
    const validate = quoteSpecValidator();
    const valid = { quoteItem: [{ id: '1', quoteItemPrice: [{ price: { dutyFreeAmount: { unit: 'EUR', value: 1 } }, priceAlteration: [{ priceType: 'discount', price: {} }] }] }] };
    expect(validate(valid)).toBe(true);
    const broken: Doc[] = [
      { quoteItem: [] },
      { quoteItem: [{ quoteItemPrice: [{ price: { dutyFreeAmount: { unit: 'EUR', value: '1.00' } } }] }] },
      { quoteItem: [{ quoteItemPrice: [{ priceAlteration: [{ price: {} }] }] }] },
      { quoteItem: [{ quoteItemPrice: [{ priceAlteration: [{ priceType: 'discount', price: {}, applicationDuration: 1.5 }] }] }] },
      { quoteItem: [{ quoteItemPrice: [{ price: { taxRate: '19%' } }] }] },
      { quoteItem: [{ quoteItemPrice: [{ productOfferingPrice: { name: 'no id' } }] }] },
      { quoteItem: [{}], quoteTotalPrice: [{ price: { taxIncludedAmount: { value: null } } }] },
      { quoteItem: [{}], note: [{ author: 'pricing', text: 'no id' }] },
    ];
    for (const b of broken) expect({ body: b, valid: validate(b) }).toEqual({ body: b, valid: false });
  });

  it('create, retrieve and list answers', async () => {
    const created = await postQuote(t, quoteBody(customer, items)).expect(201);
    expectQuoteSchema(created.body, 'created');
    // the quote does use the features this file is about
    const prices = allItems(created.body).flatMap((i) => i.quoteItemPrice ?? []);
    expect(prices.length).toBeGreaterThanOrEqual(6);
    expect(prices.flatMap((p: Doc) => p.priceAlteration ?? []).length).toBeGreaterThanOrEqual(3);
    expect(new Set(prices.map((p: Doc) => p.priceType))).toEqual(new Set(['recurring', 'oneTime', 'usage']));
    expect(created.body.note?.length).toBe(1);
    expectQuoteSchema((await getQuote(t, created.body.id).expect(200)).body, 'retrieved');
    const instant = await postQuote(t, quoteBody(customer, items, { instantSyncQuote: true })).expect(201);
    expectQuoteSchema(instant.body, 'instantSyncQuote');
    const list = await listQuotes(t).expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    expectQuoteSchema(list.body, 'list');
    expectQuoteSchema((await listQuotes(t, 'state=approved').expect(200)).body, 'filtered list');
  });

  it('merge patch and JSON Patch answers', async () => {
    const created = await postQuote(t, quoteBody(customer, items)).expect(201);
    const merged = await patchQuote(t, created.body.id, { quoteItem: [addItem(items[1].productOffering.id, { id: '9', quantity: 4 }), ...items] }, MERGE_PATCH);
    expect(merged.status).toBe(200);
    expectQuoteSchema(merged.body, 'merge patch');
    const patched = await patchQuote(t, created.body.id, [{ op: 'replace', path: '/quoteItem/0/quantity', value: 2 }], JSON_PATCH);
    expect(patched.status).toBe(200);
    expectQuoteSchema(patched.body, 'JSON patch');
    const approved = await patchQuote(t, created.body.id, { state: 'approved' }, MERGE_PATCH);
    expect(approved.status).toBe(200);
    expectQuoteSchema(approved.body, 'state patch');
    expect(quoteSchemaErrors((await getQuote(t, created.body.id).expect(200)).body)).toBe('');
  });
});

// TMF648 quote creation: what the server sets (state, quoteDate, version, validFor, prices, item ids) and the
// references it checks (customer, billing accounts, sellable offerings, the customer's active products). Every
// refusal is a 400 TMF Error that leaves the database as it was.
import { hrefOf } from '../support/catalog-factories';
import { expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  activeProduct,
  addOf,
  billingAccountHref,
  createQuote,
  Customer,
  customerHref,
  customerWithAccounts,
  DAY_MS,
  deleteOf,
  Doc,
  getQuote,
  ISO_UTC_MS,
  launchedOffering,
  modifyOf,
  partyOf,
  postQuote,
  ProductRow,
  quoteFor,
  quoteIn,
  quoteRow,
  QUOTE_URL,
  snapshot,
  UNKNOWN_ID,
  UUID_RE,
} from './quote-helpers';

interface Fixtures {
  a: Customer;
  b: Customer;
  offering: Doc;
  other: Doc;
  notLaunched: Doc;
  notSellable: Doc;
  ended: Doc;
  notYet: Doc;
  productA: ProductRow;
  productB: ProductRow;
  terminated: ProductRow;
}

describe('TMF648 quote: create', () => {
  let t: TestApp;
  const f = {} as Fixtures;

  beforeAll(async () => {
    t = await startTestApp();
    f.a = await customerWithAccounts(t, 2);
    f.b = await customerWithAccounts(t, 1);
    f.offering = await launchedOffering(t, 10);
    f.other = await launchedOffering(t, 25);
    f.notLaunched = await launchedOffering(t, 10, { lifecycleStatus: 'Active' });
    f.notSellable = await launchedOffering(t, 10, { isSellable: false });
    f.ended = await launchedOffering(t, 10, { validFor: { startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2021-01-01T00:00:00Z' } });
    f.notYet = await launchedOffering(t, 10, { validFor: { startDateTime: '2199-01-01T00:00:00Z' } });
    f.productA = await activeProduct(t, f.a.id, f.offering.id);
    f.productB = await activeProduct(t, f.b.id, f.offering.id);
    f.terminated = await activeProduct(t, f.a.id, f.offering.id);
    await quoteIn(t, 'accepted', { relatedParty: [partyOf(f.a.id)], quoteItem: [deleteOf(f.terminated.id)] });
  });
  afterAll(() => t.close());

  it('creates a quote: 201, Location, the server-set attributes, the priced items; GET and the row agree', async () => {
    const before = Date.now();
    const res = await postQuote(t, quoteFor(f.a.id, [f.offering.id], { description: 'Two lines', category: 'b2b' })).expect(201);
    const after = Date.now();
    const q = res.body as Doc;
    expect(q.id).toMatch(UUID_RE);
    expect(q.href).toBe(`${QUOTE_URL}/${q.id}`);
    expect(res.headers.location).toBe(q.href);
    expect(q).toMatchObject({ '@type': 'Quote', state: 'inProgress', version: '1', description: 'Two lines', category: 'b2b', relatedParty: [partyOf(f.a.id)] });
    expect(q.effectiveQuoteCompletionDate).toBeUndefined();
    expect(q.quoteDate).toMatch(ISO_UTC_MS);
    expect(Date.parse(q.quoteDate)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(q.quoteDate)).toBeLessThanOrEqual(after);
    // default validity: from now for QUOTE_VALIDITY_DAYS (30) days
    expect(q.validFor).toEqual({ startDateTime: q.quoteDate, endDateTime: new Date(Date.parse(q.quoteDate) + 30 * DAY_MS).toISOString() });
    expect(q.quoteItem).toHaveLength(1);
    expect(q.quoteItem[0]).toMatchObject({
      id: '1',
      action: 'add',
      productOffering: { id: f.offering.id, href: hrefOf('productOffering', f.offering.id), name: f.offering.name },
      quoteItemPrice: [{ priceType: 'recurring', recurringChargePeriod: 'month', price: { dutyFreeAmount: { unit: 'EUR', value: 10 } }, '@type': 'QuotePrice' }],
    });
    expect(q.quoteTotalPrice).toMatchObject([{ priceType: 'recurring', recurringChargePeriod: 'month', price: { dutyFreeAmount: { unit: 'EUR', value: 10 } } }]);
    expect((await getQuote(t, q.id).expect(200)).body).toEqual(q);
    const row = await quoteRow(t, q.id);
    expect(row).toMatchObject({ state: 'inProgress', quote_date: new Date(q.quoteDate), valid_until: new Date(q.validFor.endDateTime) });
  });

  it('sums the items into quoteTotalPrice and prices each item for its quantity', async () => {
    const q = await createQuote(t, quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id, { quantity: 3 }), addOf(f.other.id)] }));
    expect(q.quoteItem.map((i: Doc) => i.quoteItemPrice[0].price.dutyFreeAmount.value)).toEqual([30, 25]);
    expect(q.quoteTotalPrice).toHaveLength(1);
    expect(q.quoteTotalPrice[0].price.dutyFreeAmount).toEqual({ unit: 'EUR', value: 55 });
  });

  it('creates an approved quote when instantSyncQuote is true, an inProgress one otherwise', async () => {
    expect((await createQuote(t, quoteFor(f.a.id, [f.offering.id], { instantSyncQuote: true }))).state).toBe('approved');
    expect((await createQuote(t, quoteFor(f.a.id, [f.offering.id], { instantSyncQuote: false }))).state).toBe('inProgress');
  });

  it('replaces what the server owns: state, quoteDate, version, effectiveQuoteCompletionDate, totals and item prices', async () => {
    const products = await productsCount();
    const forged = [{ name: 'free', priceType: 'recurring', recurringChargePeriod: 'month', price: { dutyFreeAmount: { unit: 'EUR', value: 0 } } }];
    const q = await createQuote(
      t,
      quoteFor(f.a.id, [], {
        quoteItem: [addOf(f.offering.id, { quoteItemPrice: forged })],
        state: 'accepted',
        quoteDate: '2001-01-01T00:00:00Z',
        version: '7',
        effectiveQuoteCompletionDate: '2001-01-02T00:00:00Z',
        quoteTotalPrice: forged,
      }),
    );
    expect(q).toMatchObject({ state: 'inProgress', version: '1' });
    expect(q.quoteDate).not.toBe('2001-01-01T00:00:00.000Z');
    expect(q.effectiveQuoteCompletionDate).toBeUndefined();
    expect(q.quoteItem[0].quoteItemPrice[0].price.dutyFreeAmount.value).toBe(10);
    expect(q.quoteTotalPrice[0].price.dutyFreeAmount.value).toBe(10);
    expect(q.note).toEqual([expect.objectContaining({ id: 'pricing-1', author: 'pricing' })]);
    expect(await productsCount()).toBe(products); // creating a quote, even one that says accepted, creates no product
  });

  it('keeps a validFor the client gives (as UTC instants) and completes one without a start', async () => {
    const full = await createQuote(t, quoteFor(f.a.id, [f.offering.id], { validFor: { startDateTime: '2030-01-01T01:00:00+01:00', endDateTime: '2030-02-01T00:00:00Z' } }));
    expect(full.validFor).toEqual({ startDateTime: '2030-01-01T00:00:00.000Z', endDateTime: '2030-02-01T00:00:00.000Z' });
    expect((await quoteRow(t, full.id))?.valid_until).toEqual(new Date('2030-02-01T00:00:00Z'));
    const endOnly = await createQuote(t, quoteFor(f.a.id, [f.offering.id], { validFor: { endDateTime: '2031-05-05T05:05:05Z' } }));
    expect(endOnly.validFor).toEqual({ startDateTime: endOnly.quoteDate, endDateTime: '2031-05-05T05:05:05.000Z' });
  });

  it('numbers the items without an id after the highest numeric id, nested items included', async () => {
    const q = await createQuote(
      t,
      quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id), addOf(f.offering.id, { id: '5' }), addOf(f.other.id, { quoteItem: [addOf(f.offering.id), addOf(f.offering.id, { id: 'x' })] })] }),
    );
    expect(q.quoteItem.map((i: Doc) => i.id)).toEqual(['6', '5', '7']);
    expect(q.quoteItem[2].quoteItem.map((i: Doc) => i.id)).toEqual(['8', 'x']);
    const plain = await createQuote(t, quoteFor(f.a.id, [f.offering.id, f.other.id, f.offering.id]));
    expect(plain.quoteItem.map((i: Doc) => i.id)).toEqual(['1', '2', '3']);
  });

  it('numbers the items after a numeric id too large for exact arithmetic without making ids collide', async () => {
    const res = await postQuote(t, quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id, { id: '9007199254740993' }), addOf(f.offering.id), addOf(f.offering.id)] }));
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 201, message: undefined });
    expect(new Set(res.body.quoteItem.map((i: Doc) => i.id)).size).toBe(3);
  });

  it.each([
    ['two top-level items', (o: string) => [addOf(o, { id: '1' }), addOf(o, { id: '1' })]],
    ['a nested item and a top-level one', (o: string) => [addOf(o, { id: '1' }), addOf(o, { id: '2', quoteItem: [addOf(o, { id: '1' })] })]],
  ])('refuses duplicate item ids (%s) with 400', async (_label, items) => {
    await expectRefused(quoteFor(f.a.id, [], { quoteItem: items(f.offering.id) }), 'invalidBody');
  });

  it.each(['customer', 'Customer', 'CUSTOMER'])('finds the customer in relatedParty by role %s, among other parties', async (role) => {
    const q = await createQuote(t, { relatedParty: [partyOf(f.b.id, 'seller'), partyOf(f.a.id, role)], quoteItem: [addOf(f.offering.id)] });
    expect(q.relatedParty).toHaveLength(2);
    // the customer is a: b's active product is not a's
    await expectRefused({ relatedParty: [partyOf(f.b.id, 'seller'), partyOf(f.a.id, role)], quoteItem: [deleteOf(f.productB.id)] }, 'invalidReference');
  });

  it("accepts the customer's billing accounts at quote and item level", async () => {
    const q = await createQuote(
      t,
      quoteFor(f.a.id, [], { billingAccount: [{ id: f.a.accounts[1] }], quoteItem: [addOf(f.offering.id, { product: { billingAccount: { id: f.a.accounts[0] } } })] }),
    );
    expect(q.billingAccount).toEqual([{ id: f.a.accounts[1] }]);
    expect(q.quoteItem[0].product).toEqual({ billingAccount: { id: f.a.accounts[0] } });
  });

  it("accepts modify and delete items naming the customer's active products; modify is priced, delete is not", async () => {
    const q = await createQuote(t, quoteFor(f.a.id, [], { quoteItem: [modifyOf(f.productA.id, { quantity: 2 }), deleteOf(f.productA.id)] }));
    expect(q.quoteItem[0]).toMatchObject({ action: 'modify', productOffering: { id: f.offering.id }, quoteItemPrice: [{ price: { dutyFreeAmount: { value: 20 } } }] });
    expect(q.quoteItem[1].quoteItemPrice).toBeUndefined();
    const changed = await createQuote(t, quoteFor(f.a.id, [], { quoteItem: [modifyOf(f.productA.id, { productOffering: { id: f.other.id } })] }));
    expect(changed.quoteItem[0].quoteItemPrice[0].price.dutyFreeAmount.value).toBe(25);
  });

  it('accepts modify items naming a product by its id in capitals (ids are compared case-insensitively)', async () => {
    const res = await postQuote(t, quoteFor(f.a.id, [], { quoteItem: [modifyOf(f.productA.id.toUpperCase())] }));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201, body: { quoteItem: [{ productOffering: { id: f.offering.id } }] } });
  });

  const refusals: [string, (f: Fixtures) => Doc, string, ((f: Fixtures) => string)?][] = [
    ['no quoteItem', (f) => ({ relatedParty: [partyOf(f.a.id)] }), 'invalidBody'],
    ['an empty quoteItem', (f) => quoteFor(f.a.id, []), 'invalidBody'],
    ['an item without action', (f) => quoteFor(f.a.id, [], { quoteItem: [{ productOffering: { id: f.offering.id } }] }), 'invalidBody'],
    ['a nested item without action', (f) => quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id, { quoteItem: [{ productOffering: { id: f.offering.id } }] })] }), 'invalidBody'],
    ['an unknown action', (f) => quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id, { action: 'replace' })] }), 'invalidBody'],
    ['an add item without productOffering', (f) => quoteFor(f.a.id, [], { quoteItem: [{ action: 'add' }] }), 'invalidBody'],
    ['an add item without productOffering.id', (f) => quoteFor(f.a.id, [], { quoteItem: [{ action: 'add', productOffering: { name: 'x' } }] }), 'invalidBody'],
    ['an unknown offering', (f) => quoteFor(f.a.id, [UNKNOWN_ID]), 'invalidReference', () => hrefOf('productOffering', UNKNOWN_ID)],
    ['an offering id that is not a UUID', (f) => quoteFor(f.a.id, ['not-an-offering']), 'invalidReference'],
    ['an offering that is not Launched', (f) => quoteFor(f.a.id, [f.notLaunched.id]), 'invalidReference', (f) => hrefOf('productOffering', f.notLaunched.id)],
    ['an offering that is not sellable', (f) => quoteFor(f.a.id, [f.notSellable.id]), 'invalidReference', (f) => hrefOf('productOffering', f.notSellable.id)],
    ['an offering whose validity ended', (f) => quoteFor(f.a.id, [f.ended.id]), 'invalidReference', (f) => hrefOf('productOffering', f.ended.id)],
    ['an offering not valid yet', (f) => quoteFor(f.a.id, [f.notYet.id]), 'invalidReference', (f) => hrefOf('productOffering', f.notYet.id)],
    ['one bad offering among good ones', (f) => quoteFor(f.a.id, [f.offering.id, f.notLaunched.id]), 'invalidReference'],
    ['no relatedParty', (f) => ({ quoteItem: [addOf(f.offering.id)] }), 'invalidBody'],
    ['no party with role customer', (f) => ({ relatedParty: [partyOf(f.a.id, 'seller')], quoteItem: [addOf(f.offering.id)] }), 'invalidBody'],
    ['an unknown customer', (f) => quoteFor(UNKNOWN_ID, [f.offering.id]), 'invalidReference', () => customerHref(UNKNOWN_ID)],
    ['a customer id that is not a UUID', (f) => quoteFor('cust-42', [f.offering.id]), 'invalidReference', () => customerHref('cust-42')],
    ["another customer's billing account", (f) => quoteFor(f.a.id, [f.offering.id], { billingAccount: [{ id: f.b.accounts[0] }] }), 'invalidReference', (f) => billingAccountHref(f.b.accounts[0])],
    ['an unknown billing account', (f) => quoteFor(f.a.id, [f.offering.id], { billingAccount: [{ id: f.a.accounts[0] }, { id: UNKNOWN_ID }] }), 'invalidReference', () => billingAccountHref(UNKNOWN_ID)],
    [
      "another customer's billing account on an item",
      (f) => quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id, { product: { billingAccount: { id: f.b.accounts[0] } } })] }),
      'invalidReference',
      (f) => billingAccountHref(f.b.accounts[0]),
    ],
    [
      'an unknown billing account on a nested item',
      (f) => quoteFor(f.a.id, [], { quoteItem: [addOf(f.offering.id, { quoteItem: [addOf(f.offering.id, { product: { billingAccount: { id: 'acct-9' } } })] })] }),
      'invalidReference',
      () => billingAccountHref('acct-9'),
    ],
    ['a modify item without product', (f) => quoteFor(f.a.id, [], { quoteItem: [{ action: 'modify', productOffering: { id: f.offering.id } }] }), 'invalidBody'],
    ['a delete item without product.id', (f) => quoteFor(f.a.id, [], { quoteItem: [{ action: 'delete', product: { name: 'x' } }] }), 'invalidBody'],
    ['a modify item naming an unknown product', (f) => quoteFor(f.a.id, [], { quoteItem: [modifyOf(UNKNOWN_ID)] }), 'invalidReference'],
    ['a delete item naming a product id that is not a UUID', (f) => quoteFor(f.a.id, [], { quoteItem: [deleteOf('prod-1')] }), 'invalidReference'],
    ["a modify item naming another customer's product", (f) => quoteFor(f.a.id, [], { quoteItem: [modifyOf(f.productB.id)] }), 'invalidReference'],
    ["a delete item naming another customer's product", (f) => quoteFor(f.a.id, [], { quoteItem: [deleteOf(f.productB.id)] }), 'invalidReference'],
    ['a delete item naming a terminated product', (f) => quoteFor(f.a.id, [], { quoteItem: [deleteOf(f.terminated.id)] }), 'invalidReference'],
    ['a modify item naming a terminated product', (f) => quoteFor(f.a.id, [], { quoteItem: [modifyOf(f.terminated.id)] }), 'invalidReference'],
    ['a modify item moving to an offering that is not sellable', (f) => quoteFor(f.a.id, [], { quoteItem: [modifyOf(f.productA.id, { productOffering: { id: f.notSellable.id } })] }), 'invalidReference'],
    ['a client id', (f) => ({ id: UNKNOWN_ID, ...quoteFor(f.a.id, [f.offering.id]) }), 'invalidBody'],
    ['a client href', (f) => ({ href: `${QUOTE_URL}/${UNKNOWN_ID}`, ...quoteFor(f.a.id, [f.offering.id]) }), 'invalidBody'],
  ];

  it.each(refusals.map(([label, body, code, referenceError]) => ({ label, body, code, referenceError })))(
    'refuses $label with 400 and creates nothing',
    async ({ body, code, referenceError }) => {
      const res = await expectRefused(body(f), code);
      if (referenceError) expect(res.body.referenceError).toBe(referenceError(f));
    },
  );

  async function expectRefused(body: Doc, code: string) {
    const before = await snapshot(t);
    const res = await postQuote(t, body);
    expectTmfError(res, 400);
    expect(res.body.code).toBe(code);
    expect(await snapshot(t)).toEqual(before);
    return res;
  }

  async function productsCount(): Promise<number> {
    return Number((await t.sql.query('SELECT count(*) AS n FROM customer_product')).rows[0].n);
  }
});

describe('TMF648 quote: QUOTE_VALIDITY_DAYS', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { QUOTE_VALIDITY_DAYS: '7' } })));
  afterAll(() => t.close());

  it('sets the default end of validFor that many days after the quote date', async () => {
    const customer = await customerWithAccounts(t);
    const offering = await launchedOffering(t);
    const q = await createQuote(t, quoteFor(customer.id, [offering.id]));
    expect(Date.parse(q.validFor.endDateTime) - Date.parse(q.quoteDate)).toBe(7 * DAY_MS);
  });
});

// TMF648 quote acceptance: the quote's items become the customer's products (customer_product) in the
// transaction of the state change — add items create products, modify items change them, delete items end them.
import request from 'supertest';
import { CUSTOMER_PATH, expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  activeProduct,
  addOf,
  Customer,
  customerWithAccounts,
  deleteOf,
  Doc,
  getQuote,
  JSON_PATCH,
  launchedOffering,
  modifyOf,
  moveQuote,
  partyOf,
  patchQuote,
  postQuote,
  productById,
  productsOf,
  quoteIn,
  snapshot,
} from './quote-helpers';

describe('TMF648 quote acceptance', () => {
  let t: TestApp;
  let c: Customer;
  let o10: Doc;
  let o25: Doc;
  let o40: Doc;
  const quote = (items: Doc[], extra: Doc = {}, customer: Customer = c) => ({ relatedParty: [partyOf(customer.id)], quoteItem: items, ...extra });

  beforeAll(async () => {
    t = await startTestApp();
    c = await customerWithAccounts(t, 3);
    o10 = await launchedOffering(t, 10);
    o25 = await launchedOffering(t, 25);
    o40 = await launchedOffering(t, 40);
  });
  afterAll(() => t.close());

  it('creates one active product per add item (nested ones included), with the billing account each item resolves to', async () => {
    const [acct1, acct2, acct3] = c.accounts;
    const approved = await quoteIn(
      t,
      'approved',
      quote(
        [
          addOf(o10.id, { quantity: 3, product: { billingAccount: { id: acct2 } } }),
          addOf(o25.id),
          { action: 'noChange', productOffering: { id: o40.id } },
          addOf(o40.id, { quoteItem: [addOf(o10.id, { product: { billingAccount: { id: acct1 } } })] }),
        ],
        { billingAccount: [{ id: acct3 }, { id: acct1 }], expectedFulfillmentStartDate: '2031-01-01T10:00:00+02:00' },
      ),
    );
    expect(await productsOf(t, c.id)).toEqual([]); // approved is not accepted
    const accepted = await moveQuote(t, approved.id, 'accepted');
    const items = accepted.quoteItem as Doc[];
    const expected = (item: Doc, offering: Doc, quantity: number, account: string) => ({
      customer_id: c.id,
      billing_account_id: account,
      product_offering_id: offering.id,
      name: offering.name,
      status: 'active',
      quantity,
      price: item.quoteItemPrice,
      start_date: new Date('2031-01-01T08:00:00Z'),
      end_date: null,
      quote_id: accepted.id,
      quote_item_id: item.id,
    });
    const products = await productsOf(t, c.id);
    expect(products).toEqual([
      expect.objectContaining(expected(items[0], o10, 3, acct2)),
      expect.objectContaining(expected(items[1], o25, 1, acct3)),
      expect.objectContaining(expected(items[3], o40, 1, acct3)),
      expect.objectContaining(expected(items[3].quoteItem[0], o10, 1, acct1)),
    ]);
    expect(products[0].price[0].price.dutyFreeAmount.value).toBe(30);
  });

  it("bills a product to the customer's first account when neither the item nor the quote names one, from now on", async () => {
    const d = await customerWithAccounts(t, 2);
    const approved = await quoteIn(t, 'approved', quote([addOf(o25.id)], {}, d));
    const before = Date.now();
    await moveQuote(t, approved.id, 'accepted');
    const [product] = await productsOf(t, d.id);
    expect(product).toMatchObject({ billing_account_id: d.accounts[0], status: 'active', quantity: 1 });
    expect(product.start_date.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(product.start_date.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('changes the product a modify item names (offering, quantity, price) only on acceptance', async () => {
    const product = await activeProduct(t, c.id, o10.id);
    const approved = await quoteIn(t, 'approved', quote([modifyOf(product.id, { productOffering: { id: o40.id }, quantity: 4 })]));
    expect(await productById(t, product.id)).toEqual(product);
    const count = (await productsOf(t)).length;
    const accepted = await moveQuote(t, approved.id, 'accepted');
    const changed = await productById(t, product.id);
    expect(changed).toEqual({
      ...product,
      product_offering_id: o40.id,
      quantity: 4,
      price: accepted.quoteItem[0].quoteItemPrice,
      updated_at: expect.any(Date),
    });
    expect(changed.price[0].price.dutyFreeAmount.value).toBe(160);
    expect(await productsOf(t)).toHaveLength(count); // no new row
  });

  it('moves a modified product to the billing account the item names', async () => {
    const product = await activeProduct(t, c.id, o10.id, { product: { billingAccount: { id: c.accounts[0] } } });
    await quoteIn(t, 'accepted', quote([modifyOf(product.id, { product: { id: product.id, billingAccount: { id: c.accounts[2] } } })]));
    expect(await productById(t, product.id)).toMatchObject({ billing_account_id: c.accounts[2], product_offering_id: o10.id, status: 'active' });
  });

  it('terminates the product a delete item names, at expectedFulfillmentStartDate or now', async () => {
    const later = await activeProduct(t, c.id, o10.id);
    const now = await activeProduct(t, c.id, o25.id);
    await quoteIn(t, 'accepted', quote([deleteOf(later.id)], { expectedFulfillmentStartDate: '2032-03-01T00:00:00Z' }));
    const before = Date.now();
    await quoteIn(t, 'accepted', quote([deleteOf(now.id)]));
    expect(await productById(t, later.id)).toMatchObject({ status: 'terminated', end_date: new Date('2032-03-01T00:00:00Z'), quantity: later.quantity, price: later.price });
    const ended = await productById(t, now.id);
    expect(ended.status).toBe('terminated');
    expect(ended.end_date!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(ended.end_date!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('changes nothing when an accepted quote is accepted again (merge patch or JSON Patch)', async () => {
    const accepted = await quoteIn(t, 'accepted', quote([addOf(o10.id), addOf(o25.id)]));
    const before = await snapshot(t);
    expect((await patchQuote(t, accepted.id, { state: 'accepted' }).expect(200)).body).toEqual(accepted);
    expect((await patchQuote(t, accepted.id, [{ op: 'replace', path: '/state', value: 'accepted' }], JSON_PATCH).expect(200)).body).toEqual(accepted);
    expect(await snapshot(t)).toEqual(before);
    expect((await t.sql.query('SELECT count(*)::int AS n FROM customer_product WHERE quote_id = $1', [accepted.id])).rows[0].n).toBe(2);
  });

  it('refuses, with 409 productChanged, to accept a quote whose modify or delete product was ended meanwhile; nothing changes', async () => {
    const product = await activeProduct(t, c.id, o10.id);
    const ending = await quoteIn(t, 'approved', quote([deleteOf(product.id)]));
    const modifying = await quoteIn(t, 'approved', quote([addOf(o25.id), modifyOf(product.id, { quantity: 2 })]));
    const deleting = await quoteIn(t, 'approved', quote([deleteOf(product.id)]));
    await moveQuote(t, ending.id, 'accepted');
    for (const stale of [modifying, deleting]) {
      const before = await snapshot(t);
      const res = await patchQuote(t, stale.id, { state: 'accepted' });
      expectTmfError(res, 409);
      expect(res.body.code).toBe('productChanged');
      expect(await snapshot(t)).toEqual(before); // no product from the add item either: one transaction
      expect((await getQuote(t, stale.id).expect(200)).body).toEqual(stale);
    }
    expect(await productById(t, product.id)).toMatchObject({ status: 'terminated', quantity: 1 });
  });

  it('never answers 5xx to the acceptance of a quantity beyond the range of the inventory (and changes nothing if it refuses)', async () => {
    const created = await postQuote(t, quote([addOf(o10.id, { quantity: 2 ** 31 })], { instantSyncQuote: true }));
    expect(created.status).toBeLessThan(500);
    if (created.status >= 400) return; // refusing the quantity up front is fine too
    const before = await snapshot(t);
    const res = await patchQuote(t, created.body.id, { state: 'accepted' });
    if (res.status >= 500) throw new Error(`acceptance answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.status >= 400) expect(await snapshot(t)).toEqual(before);
  });

  it.each([
    ['without billing accounts', false],
    ['naming a billing account', true],
  ])('refuses (4xx, never 5xx) to accept a quote %s whose customer was deleted meanwhile; no product is created', async (_label, withAccount) => {
    const gone = await customerWithAccounts(t);
    const approved = await quoteIn(t, 'approved', quote([addOf(o10.id)], withAccount ? { billingAccount: [{ id: gone.accounts[0] }] } : {}, gone));
    await request(t.server).delete(`${CUSTOMER_PATH}/${gone.id}`).expect(204); // it owns no product yet
    const before = await snapshot(t);
    const res = await patchQuote(t, approved.id, { state: 'accepted' });
    expect(res.status >= 400 && res.status < 500 ? 'a 4xx' : `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBe('a 4xx');
    expect(await snapshot(t)).toEqual(before);
  });

  describe('deleting a customer', () => {
    it('is 409 resourceInUse while the customer owns active products, and 204 once they are ended', async () => {
      const d = await customerWithAccounts(t);
      const one = await activeProduct(t, d.id, o10.id);
      const two = await activeProduct(t, d.id, o25.id);
      const before = await snapshot(t);
      const refused = await request(t.server).delete(`${CUSTOMER_PATH}/${d.id}`);
      expectTmfError(refused, 409);
      expect(refused.body.code).toBe('resourceInUse');
      expect(await snapshot(t)).toEqual(before);
      await quoteIn(t, 'accepted', quote([deleteOf(one.id)], {}, d));
      expectTmfError(await request(t.server).delete(`${CUSTOMER_PATH}/${d.id}`), 409); // still one active
      await quoteIn(t, 'accepted', quote([deleteOf(two.id)], {}, d));
      await request(t.server).delete(`${CUSTOMER_PATH}/${d.id}`).expect(204);
      await request(t.server).get(`${CUSTOMER_PATH}/${d.id}`).expect(404);
    });
  });
});

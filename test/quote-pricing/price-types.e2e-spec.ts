// Quote pricing by price type: recurring (monthly, every 3 months, weekly, yearly), one-time and usage, for the
// item's whole quantity (default 1; usage rates are not multiplied), each QuotePrice referring to its catalog
// price; instantSyncQuote answers an approved, priced quote. Amounts are computed here, independently.
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  createPricedOffering,
  createQuotableChain,
  createQuoteCustomer,
  createQuote,
  getQuote,
  listQuotes,
  offeringHref,
  oneTimePriceBody,
  postQuote,
  priceHref,
  quoteBody,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectedPrice, expectQuoteSchema, priceFrom, pricesOf } from './pricing-helpers';

describe('TMF648 quote pricing: price types and quantity', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  /** POST a quote for one item of the offering; checks 201 and the schema; returns the quote as GET shows it. */
  async function quoteFor(offeringId: string, item: Doc = {}): Promise<Doc> {
    const res = await postQuote(t, quoteBody(customer, [addItem(offeringId, item)]));
    expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
    expectQuoteSchema(res.body, 'POST answer');
    const got = await getQuote(t, res.body.id).expect(200);
    expectQuoteSchema(got.body, 'GET answer');
    expect(got.body).toEqual(res.body);
    return got.body as Doc;
  }

  it('a monthly recurring price: one QuotePrice with the period, the amounts, the tax rate and the catalog reference', async () => {
    const { offering, prices } = await createPricedOffering(t, [recurringPriceBody(29.99, { name: 'Fibre monthly fee' })]);
    const quote = await quoteFor(offering.id);
    expect(pricesOf(quote)).toEqual([
      {
        name: 'Fibre monthly fee',
        priceType: 'recurring',
        recurringChargePeriod: 'month',
        price: expectedPrice(29.99),
        productOfferingPrice: { id: prices[0].id, href: priceHref(prices[0].id), name: 'Fibre monthly fee' },
        '@type': 'QuotePrice',
      },
    ]);
    expect(quote.quoteItem[0].productOffering).toEqual({ id: offering.id, href: offeringHref(offering.id), name: offering.name });
    expect(quote.state).toBe('inProgress');
  });

  it.each<[string, string, Doc]>([
    ['every 3 months', '3 month', { periodType: 'month', length: 3 }],
    ['every week', 'week', { periodType: 'week', length: 1 }],
    ['every 2 weeks', '2 week', { periodType: 'week', length: 2 }],
    ['every year', 'year', { periodType: 'year', length: 1 }],
    ['every day', 'day', { periodType: 'day', length: 1 }],
  ])('a recurring price %s has recurringChargePeriod %j', async (_label, expected, period) => {
    const { offering, prices } = await createPricedOffering(t, [recurringPriceBody(15, period)]);
    const price = priceFrom(await quoteFor(offering.id), prices[0].id);
    expect(price).toMatchObject({ priceType: 'recurring', recurringChargePeriod: expected, price: expectedPrice(15) });
  });

  it('a one-time price has no period and no unit of measure', async () => {
    const { offering, prices } = await createPricedOffering(t, [oneTimePriceBody(49)]);
    const price = priceFrom(await quoteFor(offering.id), prices[0].id);
    expect(price.priceType).toBe('oneTime');
    expect(price).not.toHaveProperty('recurringChargePeriod');
    expect(price).not.toHaveProperty('unitOfMeasure');
    expect(price.price).toEqual(expectedPrice(49));
  });

  it.each<[string, string, Doc]>([
    ['per GB', '1 GB', {}],
    ['per 100 MB', '100 MB', { amount: 100, units: 'MB' }],
    ['per SMS', '1 SMS', { units: 'SMS' }],
  ])('a usage price %s is a rate with unitOfMeasure %j', async (_label, expected, unit) => {
    const { offering, prices } = await createPricedOffering(t, [usagePriceBody(0.05, unit)]);
    const price = priceFrom(await quoteFor(offering.id), prices[0].id);
    expect(price).toMatchObject({ priceType: 'usage', unitOfMeasure: expected, price: expectedPrice(0.05) });
    expect(price).not.toHaveProperty('recurringChargePeriod');
  });

  it('quantity multiplies recurring and one-time charges, not usage rates', async () => {
    const { offering, prices } = await createPricedOffering(t, [recurringPriceBody(12.5), oneTimePriceBody(99.99), usagePriceBody(0.02)]);
    const quote = await quoteFor(offering.id, { quantity: 7 });
    const [monthly, once, usage] = prices.map((p) => priceFrom(quote, p.id).price);
    expect(monthly).toEqual(expectedPrice(D(12.5).times(7))); // 87.5
    expect(once).toEqual(expectedPrice(D(99.99).times(7))); // 699.93
    expect(usage).toEqual(expectedPrice(0.02));
    expect(pricesOf(quote)).toHaveLength(3);
  });

  it('quantity 1 and an absent quantity price alike', async () => {
    const { offering } = await createPricedOffering(t, [recurringPriceBody(7.77), oneTimePriceBody(3)]);
    const without = await quoteFor(offering.id);
    const one = await quoteFor(offering.id, { quantity: 1 });
    expect(pricesOf(one)).toEqual(pricesOf(without));
    expect(one.quoteTotalPrice).toEqual(without.quoteTotalPrice);
    expect(pricesOf(one).map((p) => p.price.dutyFreeAmount.value)).toEqual([7.77, 3]);
  });

  it('a quantity of 0 or a fraction is refused (400), nothing stored', async () => {
    const { offering } = await createPricedOffering(t, [oneTimePriceBody(10)]);
    const count = async () => Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM quote')).rows[0].n);
    const before = await count();
    for (const quantity of [0, -1, 1.5]) {
      const res = await postQuote(t, quoteBody(customer, [addItem(offering.id, { quantity })]));
      expect({ quantity, status: res.status }).toEqual({ quantity, status: 400 });
    }
    expect(await count()).toBe(before);
  });

  it('a catalog price without priceType is charged once', async () => {
    const body = oneTimePriceBody(5);
    delete body.priceType;
    const { offering, prices } = await createPricedOffering(t, [body]);
    expect(priceFrom(await quoteFor(offering.id, { quantity: 2 }), prices[0].id)).toMatchObject({ priceType: 'oneTime', price: expectedPrice(10) });
  });

  it('every item of a quote is priced, nested items too, each for its own quantity', async () => {
    const a = await createPricedOffering(t, [recurringPriceBody(10)]);
    const b = await createPricedOffering(t, [oneTimePriceBody(20)]);
    const c = await createPricedOffering(t, [usagePriceBody(0.1)]);
    const res = await postQuote(
      t,
      quoteBody(customer, [addItem(a.offering.id, { id: '1', quantity: 2, quoteItem: [addItem(c.offering.id, { id: '1.1', quantity: 5 })] }), addItem(b.offering.id, { id: '2', quantity: 3 })]),
    ).expect(201);
    expectQuoteSchema(res.body);
    expect(priceFrom(res.body, a.prices[0].id, '1').price).toEqual(expectedPrice(20));
    expect(priceFrom(res.body, c.prices[0].id, '1.1').price).toEqual(expectedPrice(0.1));
    expect(priceFrom(res.body, b.prices[0].id, '2').price).toEqual(expectedPrice(60));
    expectQuoteSchema((await getQuote(t, res.body.id).expect(200)).body);
  });

  it('an item of a whole catalog chain (specification, category, catalog) is priced from the offering', async () => {
    const chain = await createQuotableChain(t);
    const quote = await quoteFor(chain.offering.id, { quantity: 2 });
    expect(pricesOf(quote).map((p) => [p.priceType, p.price.dutyFreeAmount.value])).toEqual([
      ['recurring', 20],
      ['oneTime', 98],
    ]);
  });

  it('instantSyncQuote: 201 with an approved, priced quote', async () => {
    const { offering, prices } = await createPricedOffering(t, [recurringPriceBody(19.9), oneTimePriceBody(5)]);
    const res = await postQuote(t, quoteBody(customer, [addItem(offering.id, { quantity: 2 })], { instantSyncQuote: true }));
    expect(res.status).toBe(201);
    expectQuoteSchema(res.body, 'instant quote');
    expect(res.body.state).toBe('approved');
    expect(priceFrom(res.body, prices[0].id).price).toEqual(expectedPrice(39.8));
    expect(priceFrom(res.body, prices[1].id).price).toEqual(expectedPrice(10));
    expect(res.body.quoteTotalPrice).toHaveLength(2);
    const got = await getQuote(t, res.body.id).expect(200);
    expectQuoteSchema(got.body);
    expect(got.body).toEqual(res.body);
  });

  it('list answers carry the priced quotes, each valid against the schema', async () => {
    const { offering } = await createPricedOffering(t, [recurringPriceBody(1)]);
    const created = await createQuote(t, quoteBody(customer, [addItem(offering.id)]));
    const list = await listQuotes(t, 'limit=100').expect(200);
    expectQuoteSchema(list.body, 'list');
    expect(list.body.find((q: Doc) => q.id === created.id)).toEqual(created);
  });
});

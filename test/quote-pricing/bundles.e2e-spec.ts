// Quote pricing of bundles: a bundle offering is priced as its own prices plus each bundled offering's charges
// times numberRelOfferDefault (default 1), times the item quantity, recursively for nested bundles; a composite
// price (isBundle with bundledPopRelationship) is priced as its parts, each with its own discounts.
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  compositePriceBody,
  createBundleOffering,
  createOffering,
  createPrice,
  createPricedOffering,
  createQuoteCustomer,
  getQuote,
  oneTimePriceBody,
  percentDiscountBody,
  postQuote,
  quoteBody,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectedPrice, expectQuoteSchema, priceFrom, pricesOf, totalNamed } from './pricing-helpers';

describe('TMF648 quote pricing: bundles and composite prices', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  async function quoteFor(offeringId: string, item: Doc = {}): Promise<Doc> {
    const res = await postQuote(t, quoteBody(customer, [addItem(offeringId, item)]));
    expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
    expectQuoteSchema(res.body, 'POST answer');
    const got = await getQuote(t, res.body.id).expect(200);
    expectQuoteSchema(got.body, 'GET answer');
    return got.body as Doc;
  }

  it("a bundle: its own prices plus each bundled offering's charges × numberRelOfferDefault × quantity", async () => {
    const own = await createPrice(t, recurringPriceBody(5));
    const a = await createPricedOffering(t, [recurringPriceBody(10), oneTimePriceBody(20)], { isSellable: false });
    const b = await createPricedOffering(t, [usagePriceBody(0.1)], { isSellable: false });
    const bundle = await createBundleOffering(t, [own.id], [{ id: a.offering.id, count: 2 }, { id: b.offering.id }]);
    const quote = await quoteFor(bundle.id, { quantity: 3 });
    expect(pricesOf(quote)).toHaveLength(4);
    expect(priceFrom(quote, own.id).price).toEqual(expectedPrice(D(5).times(3)));
    expect(priceFrom(quote, a.prices[0].id).price).toEqual(expectedPrice(D(10).times(2).times(3)));
    expect(priceFrom(quote, a.prices[1].id).price).toEqual(expectedPrice(D(20).times(2).times(3)));
    // a usage price stays a rate (bundled once: no multiplier)
    expect(priceFrom(quote, b.prices[0].id)).toMatchObject({ priceType: 'usage', unitOfMeasure: '1 GB', price: expectedPrice(0.1) });
    expect(totalNamed(quote, 'Total recurring per month').price.dutyFreeAmount).toEqual({ unit: 'EUR', value: 15 + 60 });
    expect(totalNamed(quote, 'Total oneTime').price.dutyFreeAmount).toEqual({ unit: 'EUR', value: 120 });
  });

  it('a bundle without prices of its own is priced from its bundled offerings alone', async () => {
    const a = await createPricedOffering(t, [recurringPriceBody(8.25)], { isSellable: false });
    const bundle = await createBundleOffering(t, [], [{ id: a.offering.id, count: 4 }]);
    const quote = await quoteFor(bundle.id);
    expect(pricesOf(quote)).toEqual([expect.objectContaining({ priceType: 'recurring', recurringChargePeriod: 'month', price: expectedPrice(33) })]);
  });

  it('nested bundles multiply the default numbers along the way', async () => {
    const leaf = await createPricedOffering(t, [recurringPriceBody(1.5)], { isSellable: false });
    const innerOwn = await createPrice(t, oneTimePriceBody(4));
    const inner = await createBundleOffering(t, [innerOwn.id], [{ id: leaf.offering.id, count: 3 }], { isSellable: false });
    const outerOwn = await createPrice(t, recurringPriceBody(2));
    const outer = await createBundleOffering(t, [outerOwn.id], [{ id: inner.id, count: 2 }]);
    const quote = await quoteFor(outer.id, { quantity: 2 });
    expect(pricesOf(quote)).toHaveLength(3);
    expect(priceFrom(quote, outerOwn.id).price).toEqual(expectedPrice(D(2).times(2)));
    expect(priceFrom(quote, innerOwn.id).price).toEqual(expectedPrice(D(4).times(2).times(2)));
    expect(priceFrom(quote, leaf.prices[0].id).price).toEqual(expectedPrice(D(1.5).times(3).times(2).times(2)));
  });

  it('the bundled offerings are found whatever the case of their ids in the bundle', async () => {
    const child = await createPricedOffering(t, [recurringPriceBody(10)], { isSellable: false });
    const own = await createPrice(t, recurringPriceBody(1));
    // TMF620 accepts the reference in upper case (ids compare case-insensitively), so the quote must price it too
    const bundle = await createBundleOffering(t, [own.id], [{ id: child.offering.id.toUpperCase(), count: 2 }]);
    const quote = await quoteFor(bundle.id);
    expect(pricesOf(quote).map((p) => p.price.dutyFreeAmount.value).sort((x, y) => x - y)).toEqual([1, 20]);
    expect(totalNamed(quote, 'Total recurring per month').price.dutyFreeAmount.value).toBe(21);
  });

  it('prices, composite parts and discounts referred to in upper case are found', async () => {
    const discount = await createPrice(t, percentDiscountBody(50));
    const part = await createPrice(t, recurringPriceBody(10, { discounts: [discount.id.toUpperCase()] }));
    const composite = await createPrice(t, compositePriceBody([part.id.toUpperCase()]));
    const once = await createPrice(t, oneTimePriceBody(7));
    const offering = await createOffering(t, [composite.id.toUpperCase(), once.id.toUpperCase()]);
    const quote = await quoteFor(offering.id.toUpperCase());
    expect(priceFrom(quote, part.id).price).toEqual(expectedPrice(5));
    expect(pricesOf(quote).map((p) => p.price.dutyFreeAmount.value)).toEqual([5, 7]);
  });

  it('a bundled offering counts once when its option gives no numberRelOfferDefault', async () => {
    const child = await createPricedOffering(t, [oneTimePriceBody(30)], { isSellable: false });
    const bundle = await createOffering(t, [], {
      isBundle: true,
      bundledProductOffering: [{ id: child.offering.id, bundledProductOfferingOption: { numberRelOfferLowerLimit: 0, numberRelOfferUpperLimit: 5 } }],
    });
    expect(pricesOf(await quoteFor(bundle.id, { quantity: 2 }))[0].price).toEqual(expectedPrice(60));
  });

  it('an offering that lists bundled offerings but is not a bundle (isBundle absent) is priced from its own prices only', async () => {
    const child = await createPricedOffering(t, [recurringPriceBody(10)], { isSellable: false });
    const own = await createPrice(t, recurringPriceBody(3));
    const notBundle = await createOffering(t, [own.id], { bundledProductOffering: [{ id: child.offering.id }] });
    const quote = await quoteFor(notBundle.id);
    expect(pricesOf(quote).map((p) => p.productOfferingPrice.id)).toEqual([own.id]);
  });

  it('a composite price is priced as its parts, each with its own discounts, for the whole quantity', async () => {
    const discount = await createPrice(t, percentDiscountBody(10, { amount: 12, units: 'month' }));
    const monthly = await createPrice(t, recurringPriceBody(20, { discounts: [discount.id] }));
    const setup = await createPrice(t, oneTimePriceBody(50));
    const composite = await createPrice(t, compositePriceBody([monthly.id, setup.id]));
    const offering = await createOffering(t, [composite.id]);
    const quote = await quoteFor(offering.id, { quantity: 2 });
    expect(pricesOf(quote)).toHaveLength(2);
    expect(pricesOf(quote).some((p) => p.productOfferingPrice?.id === composite.id)).toBe(false);
    const m = priceFrom(quote, monthly.id);
    expect(m.price).toEqual(expectedPrice(D(40).minus(4)));
    expect(m.priceAlteration).toEqual([expect.objectContaining({ priceType: 'discount', applicationDuration: 12, price: expect.objectContaining({ percentage: 10, dutyFreeAmount: { unit: 'EUR', value: 4 } }) })]);
    expect(priceFrom(quote, setup.id).price).toEqual(expectedPrice(100));
  });

  it('a composite price within a composite price, inside a bundled offering', async () => {
    const a = await createPrice(t, recurringPriceBody(1.1));
    const b = await createPrice(t, recurringPriceBody(2.2));
    const c = await createPrice(t, oneTimePriceBody(3.3));
    const inner = await createPrice(t, compositePriceBody([a.id, b.id]));
    const outer = await createPrice(t, compositePriceBody([inner.id, c.id]));
    const child = await createOffering(t, [outer.id], { isSellable: false });
    const bundle = await createBundleOffering(t, [], [{ id: child.id, count: 3 }]);
    const quote = await quoteFor(bundle.id);
    expect(pricesOf(quote)).toHaveLength(3);
    expect(priceFrom(quote, a.id).price).toEqual(expectedPrice(D(1.1).times(3)));
    expect(priceFrom(quote, b.id).price).toEqual(expectedPrice(D(2.2).times(3)));
    expect(priceFrom(quote, c.id).price).toEqual(expectedPrice(D(3.3).times(3)));
    expect(totalNamed(quote, 'Total recurring per month').price.dutyFreeAmount.value).toBe(9.9);
  });

  it('a bundle whose bundled offering is in another currency is 400 currencyMismatch', async () => {
    const usd = await createPricedOffering(t, [recurringPriceBody(10, { currency: 'USD' })], { isSellable: false });
    const own = await createPrice(t, recurringPriceBody(10));
    const bundle = await createBundleOffering(t, [own.id], [{ id: usd.offering.id }]);
    const res = await postQuote(t, quoteBody(customer, [addItem(bundle.id)]));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('currencyMismatch');
  });
});

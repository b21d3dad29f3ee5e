// Quote pricing of discounts: catalog `discount` prices a charge lists in popRelationship become its
// priceAlteration (a percentage of the charge, or an amount per unit), for applicationDuration charge periods
// (from the discount's productOfferingTerm); the charge's price is after the discount, never below 0.
import Decimal from 'decimal.js';
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  amountDiscountBody,
  createBundleOffering,
  createOffering,
  createPrice,
  createPricedOffering,
  createQuoteCustomer,
  DiscountTerm,
  getQuote,
  oneTimePriceBody,
  percentDiscountBody,
  postQuote,
  priceHref,
  quoteBody,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectedPrice, expectQuoteSchema, money, priceFrom, pricesOf } from './pricing-helpers';

describe('TMF648 quote pricing: discounts', () => {
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

  /** An offering with one price (made by `price(discountIds)`) altered by the given discounts; the priced charge. */
  async function discounted(price: (discounts: string[]) => Doc, discounts: Doc[], item: Doc = {}): Promise<{ charge: Doc; discounts: Doc[]; pop: Doc }> {
    const created: Doc[] = [];
    for (const d of discounts) created.push(await createPrice(t, d));
    const { offering, prices } = await createPricedOffering(t, [price(created.map((d) => d.id))]);
    return { charge: priceFrom(await quoteFor(offering.id, item), prices[0].id), discounts: created, pop: prices[0] };
  }

  /** The expected PriceAlteration of a discount of `amount` (exact) on a charge. */
  const alteration = (discount: Doc, amount: Decimal.Value, extra: Doc, taxRate: Decimal.Value = 0) => ({
    name: discount.name,
    priceType: 'discount',
    ...extra,
    price: { ...expectedPrice(amount, taxRate), ...(discount.percentage === undefined ? {} : { percentage: discount.percentage }) },
    productOfferingPrice: { id: discount.id, href: priceHref(discount.id), name: discount.name },
    '@type': 'PriceAlteration',
  });

  it('a percentage discount for 12 months on a monthly charge, for the whole quantity', async () => {
    const { charge, discounts } = await discounted((d) => recurringPriceBody(29.99, { discounts: d }), [percentDiscountBody(10, { amount: 12, units: 'month' })], { quantity: 2 });
    const base = D(29.99).times(2); // 59.98
    const off = base.times(10).dividedBy(100); // 5.998
    expect(charge.price).toEqual(expectedPrice(base.minus(off))); // 53.98
    expect(charge.priceAlteration).toEqual([alteration(discounts[0], off, { recurringChargePeriod: 'month', applicationDuration: 12 })]);
  });

  it('an amount discount is per unit: amount × quantity', async () => {
    const { charge, discounts } = await discounted((d) => recurringPriceBody(20, { discounts: d }), [amountDiscountBody(5, { amount: 6, units: 'month' })], { quantity: 3 });
    expect(charge.price).toEqual(expectedPrice(60 - 15));
    expect(charge.priceAlteration).toEqual([alteration(discounts[0], 15, { recurringChargePeriod: 'month', applicationDuration: 6 })]);
    expect(charge.priceAlteration[0].price).not.toHaveProperty('percentage');
  });

  it('a discount without a term has no applicationDuration (it always applies)', async () => {
    const { charge } = await discounted((d) => recurringPriceBody(10, { discounts: d }), [percentDiscountBody(25)]);
    expect(charge.price).toEqual(expectedPrice(7.5));
    expect(charge.priceAlteration).toHaveLength(1);
    expect(charge.priceAlteration[0]).not.toHaveProperty('applicationDuration');
  });

  it.each<[string, number, DiscountTerm, { periodType: string; length: number }]>([
    ['12 months of a monthly charge', 12, { amount: 12, units: 'month' }, { periodType: 'month', length: 1 }],
    ['12 months (plural units) of a monthly charge', 12, { amount: 12, units: 'months' }, { periodType: 'month', length: 1 }],
    ['1 year of a monthly charge', 12, { amount: 1, units: 'year' }, { periodType: 'month', length: 1 }],
    ['2 years of a monthly charge', 24, { amount: 2, units: 'years' }, { periodType: 'month', length: 1 }],
    ['3 months of a monthly charge', 3, { amount: 3, units: 'month' }, { periodType: 'month', length: 1 }],
    ['6 months of a 3-month charge', 2, { amount: 6, units: 'month' }, { periodType: 'month', length: 3 }],
    ['1 year of a 3-month charge', 4, { amount: 1, units: 'year' }, { periodType: 'month', length: 3 }],
    ['24 months of a yearly charge', 2, { amount: 24, units: 'month' }, { periodType: 'year', length: 1 }],
    ['52 weeks of a monthly charge', 12, { amount: 52, units: 'week' }, { periodType: 'month', length: 1 }],
    ['4 weeks of a weekly charge', 4, { amount: 4, units: 'week' }, { periodType: 'week', length: 1 }],
    ['27 weeks of a weekly charge', 27, { amount: 27, units: 'week' }, { periodType: 'week', length: 1 }],
    ['30 days of a daily charge', 30, { amount: 30, units: 'day' }, { periodType: 'day', length: 1 }],
    ['29 days of a daily charge', 29, { amount: 29, units: 'day' }, { periodType: 'day', length: 1 }],
  ])('applicationDuration: %s is %d periods', async (_label, expected, term, period) => {
    const { charge } = await discounted((d) => recurringPriceBody(10, { ...period, discounts: d }), [percentDiscountBody(10, term)]);
    expect({ term, period, applicationDuration: charge.priceAlteration[0].applicationDuration }).toEqual({ term, period, applicationDuration: expected });
  });

  it("a one-time charge's discount applies once, whatever its term", async () => {
    const { charge, discounts } = await discounted((d) => oneTimePriceBody(100, { discounts: d }), [amountDiscountBody(30, { amount: 12, units: 'month' })], { quantity: 2 });
    expect(charge.price).toEqual(expectedPrice(200 - 60));
    expect(charge.priceAlteration).toEqual([alteration(discounts[0], 60, { applicationDuration: 1 })]);
  });

  it('the price never goes below 0: an amount larger than the charge', async () => {
    const { charge } = await discounted((d) => recurringPriceBody(25, { discounts: d }), [amountDiscountBody(30)]);
    expect(charge.price).toEqual(expectedPrice(0));
    expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual(money(25)); // what is actually granted
  });

  it('the price never goes below 0: several discounts adding up to more than the charge', async () => {
    const { charge } = await discounted((d) => oneTimePriceBody(40, { discounts: d }), [percentDiscountBody(60), amountDiscountBody(20)]);
    expect(charge.price).toEqual(expectedPrice(0));
    expect(charge.priceAlteration).toHaveLength(2);
  });

  it('a 100 % discount makes the charge free', async () => {
    const { charge } = await discounted((d) => recurringPriceBody(12.34, { discounts: d }), [percentDiscountBody(100, { amount: 3, units: 'month' })], { quantity: 5 });
    expect(charge.price).toEqual(expectedPrice(0));
    expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual(money(D(12.34).times(5)));
  });

  it('a percentage and an amount discount on one charge: each from the undiscounted charge, both listed', async () => {
    const { charge, discounts } = await discounted(
      (d) => recurringPriceBody(50, { discounts: d }),
      [percentDiscountBody(10, { amount: 12, units: 'month' }), amountDiscountBody(2, { amount: 3, units: 'month' })],
      { quantity: 2 },
    );
    expect(charge.price).toEqual(expectedPrice(D(100).minus(10).minus(4)));
    expect(charge.priceAlteration).toEqual([
      alteration(discounts[0], 10, { recurringChargePeriod: 'month', applicationDuration: 12 }),
      alteration(discounts[1], 4, { recurringChargePeriod: 'month', applicationDuration: 3 }),
    ]);
  });

  it('a fractional percentage: 12.5 % of 9.99', async () => {
    const { charge } = await discounted((d) => recurringPriceBody(9.99, { discounts: d }), [percentDiscountBody(12.5)]);
    const off = D(9.99).times(12.5).dividedBy(100); // 1.24875
    expect(charge.price).toEqual(expectedPrice(D(9.99).minus(off))); // 8.74125 → 8.74
    expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual(money(off)); // 1.25
  });

  it("the discount's tax-included amount uses the charge's tax rate", async () => {
    const { charge, discounts } = await discounted((d) => recurringPriceBody(40, { tax: { taxRate: 0.19 }, discounts: d }), [percentDiscountBody(15, { amount: 1, units: 'year' })]);
    expect(charge.price).toEqual(expectedPrice(34, 0.19));
    expect(charge.priceAlteration).toEqual([alteration(discounts[0], 6, { recurringChargePeriod: 'month', applicationDuration: 12 }, 0.19)]);
  });

  it('a discount on a usage rate alters the rate (not multiplied by the quantity)', async () => {
    const { charge } = await discounted((d) => usagePriceBody(0.05, { discounts: d }), [percentDiscountBody(20)], { quantity: 10 });
    expect(charge.price).toEqual(expectedPrice(0.04));
    expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual(money(0.01));
  });

  it('an amount discount on a bundled charge counts numberRelOfferDefault × quantity units', async () => {
    const discount = await createPrice(t, amountDiscountBody(1.5));
    const child = await createPricedOffering(t, [recurringPriceBody(10, { discounts: [discount.id] })], { isSellable: false });
    const bundle = await createBundleOffering(t, [], [{ id: child.offering.id, count: 2 }]);
    const charge = priceFrom(await quoteFor(bundle.id, { quantity: 3 }), child.prices[0].id);
    expect(charge.price).toEqual(expectedPrice(D(10).minus(1.5).times(6))); // 60 − 9
    expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual(money(9));
  });

  it('an amount discount in another currency than its charge is a currency mismatch, not a deduction in the wrong unit', async () => {
    const usd = await createPrice(t, amountDiscountBody(5, undefined, 'USD'));
    const { offering } = await createPricedOffering(t, [recurringPriceBody(10, { discounts: [usd.id] })]);
    const res = await postQuote(t, quoteBody(customer, [addItem(offering.id)]));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'currencyMismatch' });
  });

  it('a discount price listed on the offering itself is not a charge', async () => {
    const discount = await createPrice(t, percentDiscountBody(50));
    const monthly = await createPrice(t, recurringPriceBody(10));
    const offering = await createOffering(t, [monthly.id, discount.id]);
    const quote = await quoteFor(offering.id);
    expect(pricesOf(quote)).toEqual([expect.objectContaining({ productOfferingPrice: expect.objectContaining({ id: monthly.id }), price: expectedPrice(10) })]);
    expect(pricesOf(quote)[0]).not.toHaveProperty('priceAlteration');
  });

  it('a popRelationship to a price that is not a discount alters nothing', async () => {
    const other = await createPrice(t, oneTimePriceBody(5));
    const { offering, prices } = await createPricedOffering(t, [recurringPriceBody(10, { discounts: [other.id] })]);
    const quote = await quoteFor(offering.id);
    expect(pricesOf(quote)).toHaveLength(1);
    expect(priceFrom(quote, prices[0].id).price).toEqual(expectedPrice(10));
    expect(priceFrom(quote, prices[0].id)).not.toHaveProperty('priceAlteration');
  });
});

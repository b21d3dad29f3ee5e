// Quote pricing and tax: the rate comes from the catalog price's tax[0].taxRate (a fraction) or the configured
// DEFAULT_TAX_RATE (0 when not configured); a catalog price is duty-free unless its tax item gives the tax amount it
// includes; taxIncludedAmount = dutyFreeAmount × (1 + taxRate), rounded once. Inline price values too.
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  createOffering,
  createPricedOffering,
  createQuoteCustomer,
  getQuote,
  oneTimePriceBody,
  percentDiscountBody,
  createPrice,
  postQuote,
  quoteBody,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectedPrice, expectQuoteSchema, money, priceFrom, pricesOf, totalNamed } from './pricing-helpers';

/** A quote for one item of a new offering with the given prices, in app `t`; checks 201 and the schema. */
async function quoteWith(t: TestApp, customer: Doc, prices: Doc[], item: Doc = {}): Promise<{ quote: Doc; prices: Doc[] }> {
  const made = await createPricedOffering(t, prices);
  const res = await postQuote(t, quoteBody(customer, [addItem(made.offering.id, item)]));
  expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
  expectQuoteSchema(res.body, 'POST answer');
  const got = await getQuote(t, res.body.id).expect(200);
  expectQuoteSchema(got.body, 'GET answer');
  return { quote: got.body as Doc, prices: made.prices };
}

describe('TMF648 quote pricing: tax without a configured default', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  it('a price without tax: rate 0, tax-included = duty-free', async () => {
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(19.99)], { quantity: 2 });
    expect(priceFrom(quote, prices[0].id).price).toEqual({ taxRate: 0, dutyFreeAmount: money(39.98), taxIncludedAmount: money(39.98), '@type': 'Price' });
  });

  it("the catalog price's tax rate: 19 % of 9.99", async () => {
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(9.99, { tax: { taxRate: 0.19 } })]);
    // 9.99 × 1.19 = 11.8881
    expect(priceFrom(quote, prices[0].id).price).toEqual({ taxRate: 0.19, dutyFreeAmount: money(9.99), taxIncludedAmount: money(11.89), '@type': 'Price' });
  });

  it('a tax-included catalog price: price.value includes tax[0].taxAmount per unit', async () => {
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(11.9, { tax: { taxRate: 0.19, taxAmount: 1.9 } }), oneTimePriceBody(59.5, { tax: { taxRate: 0.19, taxAmount: 9.5 } })], { quantity: 3 });
    expect(priceFrom(quote, prices[0].id).price).toEqual({ taxRate: 0.19, dutyFreeAmount: money(30), taxIncludedAmount: money(35.7), '@type': 'Price' });
    expect(priceFrom(quote, prices[1].id).price).toEqual({ taxRate: 0.19, dutyFreeAmount: money(150), taxIncludedAmount: money(178.5), '@type': 'Price' });
  });

  it('a discount on a tax-included price alters the duty-free amount', async () => {
    const discount = await createPrice(t, percentDiscountBody(10));
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(11.9, { tax: { taxRate: 0.19, taxAmount: 1.9 }, discounts: [discount.id] })]);
    const charge = priceFrom(quote, prices[0].id);
    expect(charge.price).toEqual(expectedPrice(9, 0.19)); // 10 − 1, 10.71 with tax
    expect(charge.priceAlteration[0].price).toMatchObject({ taxRate: 0.19, dutyFreeAmount: money(1), taxIncludedAmount: money(1.19) });
  });

  it('several tax rates in one quote: each price keeps its rate, totals add the tax-included amounts', async () => {
    const { quote } = await quoteWith(t, customer, [recurringPriceBody(10, { tax: { taxRate: 0.19 } }), recurringPriceBody(10, { tax: { taxRate: 0.07 } }), recurringPriceBody(10)]);
    expect(pricesOf(quote).map((p) => [p.price.taxRate, p.price.taxIncludedAmount.value])).toEqual([
      [0.19, 11.9],
      [0.07, 10.7],
      [0, 10],
    ]);
    const total = totalNamed(quote, 'Total recurring per month');
    expect(total.price.dutyFreeAmount).toEqual(money(30));
    expect(total.price.taxIncludedAmount).toEqual(money(D(11.9).plus(10.7).plus(10)));
  });

  it('a usage rate is taxed too', async () => {
    const { quote, prices } = await quoteWith(t, customer, [usagePriceBody(0.25, { tax: { taxRate: 0.2 } })], { quantity: 4 });
    expect(priceFrom(quote, prices[0].id).price).toEqual(expectedPrice(0.25, 0.2));
  });

  describe('inline price values (ProductOfferingPriceRefOrValue without id)', () => {
    async function inlineQuote(price: Doc, quantity = 1): Promise<Doc> {
      const offering = await createOffering(t, [], { productOfferingPrice: [{ name: 'Inline fee', priceType: 'recurring', recurringChargePeriod: 'month', price }] });
      const res = await postQuote(t, quoteBody(customer, [addItem(offering.id, { quantity })]));
      expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
      expectQuoteSchema(res.body);
      return res.body as Doc;
    }

    it('a duty-free amount with a tax rate', async () => {
      const quote = await inlineQuote({ dutyFreeAmount: { unit: 'EUR', value: 20 }, taxRate: 0.19 }, 2);
      expect(pricesOf(quote)).toEqual([expect.objectContaining({ name: 'Inline fee', priceType: 'recurring', recurringChargePeriod: 'month', price: expectedPrice(40, 0.19) })]);
    });

    it('only a tax-included amount: the duty-free amount is derived from it', async () => {
      const quote = await inlineQuote({ taxIncludedAmount: { unit: 'EUR', value: 11.9 }, taxRate: 0.19 }, 3);
      expect(pricesOf(quote)[0].price).toEqual({ taxRate: 0.19, dutyFreeAmount: money(30), taxIncludedAmount: money(35.7), '@type': 'Price' });
    });

    it('a tax-included amount that does not divide evenly still rounds back to itself', async () => {
      const quote = await inlineQuote({ taxIncludedAmount: { unit: 'EUR', value: 10 }, taxRate: 0.19 });
      expect(pricesOf(quote)[0].price).toEqual({ taxRate: 0.19, dutyFreeAmount: money(D(10).dividedBy(1.19)), taxIncludedAmount: money(10), '@type': 'Price' });
      expect(pricesOf(quote)[0].price.dutyFreeAmount.value).toBe(8.4);
    });
  });
});

describe('TMF648 quote pricing: tax with DEFAULT_TAX_RATE 0.2', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp({ env: { DEFAULT_TAX_RATE: '0.2' } });
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  it('a price without tax gets the default rate', async () => {
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(9.99), oneTimePriceBody(0.05)], { quantity: 3 });
    expect(priceFrom(quote, prices[0].id).price).toEqual({ taxRate: 0.2, dutyFreeAmount: money(29.97), taxIncludedAmount: money(35.964), '@type': 'Price' });
    expect(priceFrom(quote, prices[1].id).price).toEqual({ taxRate: 0.2, dutyFreeAmount: money(0.15), taxIncludedAmount: money(0.18), '@type': 'Price' });
    expect(totalNamed(quote, 'Total recurring per month').price.taxIncludedAmount).toEqual(money(35.96));
  });

  it("the catalog price's own rate wins over the default, an explicit 0 included", async () => {
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(100, { tax: { taxRate: 0.07 } }), recurringPriceBody(100, { tax: { taxRate: 0 } })]);
    expect(priceFrom(quote, prices[0].id).price).toEqual(expectedPrice(100, 0.07));
    expect(priceFrom(quote, prices[1].id).price).toEqual(expectedPrice(100, 0));
  });

  it('a tax item without a rate (a category only) gets the default rate', async () => {
    const { quote, prices } = await quoteWith(t, customer, [recurringPriceBody(50, { tax: { taxCategory: 'VAT' } })]);
    expect(priceFrom(quote, prices[0].id).price).toEqual(expectedPrice(50, 0.2));
  });

  it('a tax-included price without a rate: duty-free is value − taxAmount, taxed at the default rate', async () => {
    const { quote, prices } = await quoteWith(t, customer, [oneTimePriceBody(12, { tax: { taxAmount: 2 } })], { quantity: 2 });
    expect(priceFrom(quote, prices[0].id).price).toEqual({ taxRate: 0.2, dutyFreeAmount: money(20), taxIncludedAmount: money(24), '@type': 'Price' });
  });
});

// quoteTotalPrice: the items' prices summed by (priceType, recurringChargePeriod, unitOfMeasure), named like
// `Total recurring per month`, in the quote's one currency; after discounts; nested items included.
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  createPrice,
  createPricedOffering,
  createQuoteCustomer,
  getQuote,
  oneTimePriceBody,
  amountDiscountBody,
  postQuote,
  quoteBody,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectQuoteSchema, money } from './pricing-helpers';

describe('TMF648 quote pricing: quoteTotalPrice', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  async function created(items: Doc[]): Promise<Doc> {
    const res = await postQuote(t, quoteBody(customer, items));
    expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
    expectQuoteSchema(res.body, 'POST answer');
    const got = await getQuote(t, res.body.id).expect(200);
    expectQuoteSchema(got.body, 'GET answer');
    expect(got.body.quoteTotalPrice).toEqual(res.body.quoteTotalPrice);
    return got.body as Doc;
  }

  /** The expected total of a group (no tax in these tests: tax-included = duty-free). */
  const total = (name: string, attrs: Doc, amount: number | string, currency = 'EUR', taxIncluded: number | string = amount) => ({
    name,
    ...attrs,
    price: { dutyFreeAmount: money(amount, currency), taxIncludedAmount: money(taxIncluded, currency), '@type': 'Price' },
    '@type': 'QuotePrice',
  });

  const byName = (totals: Doc[]) => [...totals].sort((a, b) => String(a.name).localeCompare(String(b.name)));

  it('one total per price type, charge period and unit of measure, over all items', async () => {
    const a = await createPricedOffering(t, [recurringPriceBody(10), oneTimePriceBody(49), usagePriceBody(0.05)]);
    const b = await createPricedOffering(t, [recurringPriceBody(5.5), recurringPriceBody(30, { length: 3 }), usagePriceBody(0.03), usagePriceBody(0.09, { units: 'SMS' })]);
    const c = await createPricedOffering(t, [recurringPriceBody(120, { periodType: 'year' }), oneTimePriceBody(0.99)]);
    const quote = await created([addItem(a.offering.id, { quantity: 2 }), addItem(b.offering.id), addItem(c.offering.id, { quantity: 3 })]);
    expect(byName(quote.quoteTotalPrice)).toEqual(
      byName([
        total('Total recurring per month', { priceType: 'recurring', recurringChargePeriod: 'month' }, D(10).times(2).plus(5.5).toString()), // 25.5
        total('Total recurring per 3 month', { priceType: 'recurring', recurringChargePeriod: '3 month' }, 30),
        total('Total recurring per year', { priceType: 'recurring', recurringChargePeriod: 'year' }, 360),
        total('Total oneTime', { priceType: 'oneTime' }, D(49).times(2).plus(D(0.99).times(3)).toString()), // 100.97
        total('Total usage per 1 GB', { priceType: 'usage', unitOfMeasure: '1 GB' }, D(0.05).plus(0.03).toString()),
        total('Total usage per 1 SMS', { priceType: 'usage', unitOfMeasure: '1 SMS' }, 0.09),
      ]),
    );
  });

  it('a single recurring charge has a single total equal to it', async () => {
    const a = await createPricedOffering(t, [recurringPriceBody(42.42)]);
    const quote = await created([addItem(a.offering.id)]);
    expect(quote.quoteTotalPrice).toEqual([total('Total recurring per month', { priceType: 'recurring', recurringChargePeriod: 'month' }, 42.42)]);
  });

  it('totals are after discounts and include tax-included sums', async () => {
    const discount = await createPrice(t, amountDiscountBody(2.5, { amount: 12, units: 'month' }));
    const a = await createPricedOffering(t, [recurringPriceBody(10, { discounts: [discount.id], tax: { taxRate: 0.19 } })]);
    const b = await createPricedOffering(t, [recurringPriceBody(20, { tax: { taxRate: 0.07 } })]);
    const quote = await created([addItem(a.offering.id, { quantity: 2 }), addItem(b.offering.id)]);
    // item 1: 20 − 5 = 15, 17.85 with tax; item 2: 20, 21.40 with tax
    expect(quote.quoteTotalPrice).toEqual([total('Total recurring per month', { priceType: 'recurring', recurringChargePeriod: 'month' }, 35, 'EUR', D(17.85).plus(21.4).toString())]);
  });

  it('nested items count in the totals', async () => {
    const a = await createPricedOffering(t, [oneTimePriceBody(100)]);
    const b = await createPricedOffering(t, [oneTimePriceBody(7)]);
    const quote = await created([addItem(a.offering.id, { id: '1', quoteItem: [addItem(b.offering.id, { id: '1.1', quantity: 2, quoteItem: [addItem(b.offering.id, { id: '1.1.1' })] })] })]);
    expect(quote.quoteTotalPrice).toEqual([total('Total oneTime', { priceType: 'oneTime' }, 121)]);
  });

  it('totals are in the currency of the prices (USD, JPY)', async () => {
    const usd = await createPricedOffering(t, [recurringPriceBody(9.99, { currency: 'USD' })]);
    expect((await created([addItem(usd.offering.id, { quantity: 2 })])).quoteTotalPrice).toEqual([
      total('Total recurring per month', { priceType: 'recurring', recurringChargePeriod: 'month' }, 19.98, 'USD'),
    ]);
    const jpy = await createPricedOffering(t, [oneTimePriceBody(1980, { currency: 'JPY' })]);
    expect((await created([addItem(jpy.offering.id, { quantity: 3 }), addItem(jpy.offering.id)])).quoteTotalPrice).toEqual([total('Total oneTime', { priceType: 'oneTime' }, 7920, 'JPY')]);
  });

  it('an offering free of charge (a price of 0) gives a total of 0', async () => {
    const free = await createPricedOffering(t, [recurringPriceBody(0)]);
    expect((await created([addItem(free.offering.id, { quantity: 5 })])).quoteTotalPrice).toEqual([
      total('Total recurring per month', { priceType: 'recurring', recurringChargePeriod: 'month' }, 0),
    ]);
  });
});

// Quote pricing arithmetic: exact decimals (no binary floating point drift), rounded half-up once, to the
// currency's minor unit (EUR 2 digits, JPY 0, KWD 3). The expected values are worked out here with decimal.js and
// written out, so that a float or a double rounding shows.
import { Doc } from '../support/customer-helpers';
import {
  addItem,
  createPrice,
  createPricedOffering,
  createQuoteCustomer,
  getQuote,
  oneTimePriceBody,
  percentDiscountBody,
  postQuote,
  quoteBody,
  recurringPriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { D, expectedPrice, expectQuoteSchema, money, priceFrom, pricesOf, round, totalNamed } from './pricing-helpers';

describe('TMF648 quote pricing: exact amounts and rounding', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  /** A quote with one item per entry (each a new offering with those prices); checks 201 and the schema. */
  async function quote(items: { prices: Doc[]; quantity?: number }[]): Promise<{ quote: Doc; prices: Doc[][] }> {
    const made: { offering: Doc; prices: Doc[] }[] = [];
    for (const i of items) made.push(await createPricedOffering(t, i.prices));
    const res = await postQuote(
      t,
      quoteBody(
        customer,
        made.map((m, n) => addItem(m.offering.id, { id: String(n + 1), ...(items[n].quantity ? { quantity: items[n].quantity } : {}) })),
      ),
    );
    expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
    expectQuoteSchema(res.body, 'POST answer');
    const got = await getQuote(t, res.body.id).expect(200);
    expectQuoteSchema(got.body, 'GET answer');
    return { quote: got.body as Doc, prices: made.map((m) => m.prices) };
  }

  const dutyFree = (q: Doc, popId: string, item = '1') => priceFrom(q, popId, item).price.dutyFreeAmount;
  const taxIncluded = (q: Doc, popId: string, item = '1') => priceFrom(q, popId, item).price.taxIncludedAmount;

  describe('EUR (2 decimals)', () => {
    it('0.1 + 0.2 is 0.3 in the total', async () => {
      const { quote: q } = await quote([{ prices: [oneTimePriceBody(0.1), oneTimePriceBody(0.2)] }]);
      expect(pricesOf(q).map((p) => p.price.dutyFreeAmount.value)).toEqual([0.1, 0.2]);
      expect(totalNamed(q, 'Total oneTime').price).toEqual({ dutyFreeAmount: { unit: 'EUR', value: 0.3 }, taxIncludedAmount: { unit: 'EUR', value: 0.3 }, '@type': 'Price' });
    });

    it('three items of 0.1 add up to 0.3', async () => {
      const { quote: q } = await quote([{ prices: [recurringPriceBody(0.1)] }, { prices: [recurringPriceBody(0.1)] }, { prices: [recurringPriceBody(0.1)] }]);
      expect(totalNamed(q, 'Total recurring per month').price.dutyFreeAmount.value).toBe(0.3);
    });

    it('33.33 × 3 is 99.99', async () => {
      const { quote: q, prices } = await quote([{ prices: [recurringPriceBody(33.33)], quantity: 3 }]);
      expect(dutyFree(q, prices[0][0].id)).toEqual({ unit: 'EUR', value: 99.99 });
      expect(totalNamed(q, 'Total recurring per month').price.dutyFreeAmount.value).toBe(99.99);
    });

    it('1.15 × 3 is 3.45 (not 3.4499999999999997)', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(1.15)], quantity: 3 }]);
      expect(dutyFree(q, prices[0][0].id).value).toBe(3.45);
    });

    it('19 % of 9.99, for 1 and for 3', async () => {
      const { quote: q, prices } = await quote([{ prices: [recurringPriceBody(9.99, { tax: { taxRate: 0.19 } })] }, { prices: [recurringPriceBody(9.99, { tax: { taxRate: 0.19 } })], quantity: 3 }]);
      expect(taxIncluded(q, prices[0][0].id, '1').value).toBe(11.89); // 11.8881
      expect(taxIncluded(q, prices[1][0].id, '2').value).toBe(35.66); // 35.6643
    });

    it('half-up, also where binary floating point falls just below the half: 1.005 → 1.01, 2.675 → 2.68', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(1.005), oneTimePriceBody(2.675)] }]);
      expect(dutyFree(q, prices[0][0].id).value).toBe(1.01);
      expect(dutyFree(q, prices[0][1].id).value).toBe(2.68);
    });

    it('half-up, not half-even: 0.125 → 0.13, 0.145 → 0.15', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(0.125), oneTimePriceBody(0.145)] }]);
      expect(dutyFree(q, prices[0][0].id).value).toBe(0.13);
      expect(dutyFree(q, prices[0][1].id).value).toBe(0.15);
    });

    it('the line is rounded, not the unit: 0.125 × 3 = 0.375 → 0.38 (not 3 × 0.13); 20 % tax on the 0.38 shown: 0.46', async () => {
      const { quote: q, prices } = await quote([{ prices: [recurringPriceBody(0.125, { tax: { taxRate: 0.2 } })], quantity: 3 }]);
      expect(priceFrom(q, prices[0][0].id).price).toEqual({ taxRate: 0.2, dutyFreeAmount: money(0.38), taxIncludedAmount: money(0.46), '@type': 'Price' });
      expect(round(D(0.125).times(3))).toBe(0.38); // the model agrees
    });

    it('a discount is taken from the exact amount: 15 % off 3 × 3.33', async () => {
      const discount = await createPrice(t, percentDiscountBody(15));
      const { quote: q, prices } = await quote([{ prices: [recurringPriceBody(3.33, { discounts: [discount.id] })], quantity: 3 }]);
      const base = D(3.33).times(3); // 9.99
      const off = base.times(0.15); // 1.4985
      const charge = priceFrom(q, prices[0][0].id);
      expect(charge.price).toEqual(expectedPrice(base.minus(off))); // 8.4915 → 8.49
      expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual(money(off)); // 1.50
    });

    it('totals add the amounts shown on the items', async () => {
      const { quote: q } = await quote([{ prices: [oneTimePriceBody(0.125)] }, { prices: [oneTimePriceBody(0.125)] }, { prices: [oneTimePriceBody(0.125)] }]);
      const shown = [1, 2, 3].map((i) => pricesOf(q, String(i))[0].price.dutyFreeAmount.value);
      expect(shown).toEqual([0.13, 0.13, 0.13]);
      expect(totalNamed(q, 'Total oneTime').price.dutyFreeAmount.value).toBe(0.39);
    });

    it('large amounts stay exact: 12,345,678.91 × 1000 with 19 % tax', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(12345678.91, { tax: { taxRate: 0.19 } })], quantity: 1000 }]);
      expect(priceFrom(q, prices[0][0].id).price).toEqual({ taxRate: 0.19, dutyFreeAmount: money(12345678910), taxIncludedAmount: money(D('14691357902.9')), '@type': 'Price' });
    });
  });

  describe('JPY (no decimals)', () => {
    it('333 JPY × 3 with 10 % tax: 999 and 1099 (1098.9)', async () => {
      const { quote: q, prices } = await quote([{ prices: [recurringPriceBody(333, { currency: 'JPY', tax: { taxRate: 0.1 } })], quantity: 3 }]);
      expect(priceFrom(q, prices[0][0].id).price).toEqual({ taxRate: 0.1, dutyFreeAmount: { unit: 'JPY', value: 999 }, taxIncludedAmount: { unit: 'JPY', value: 1099 }, '@type': 'Price' });
      expect(totalNamed(q, 'Total recurring per month').price).toEqual({ dutyFreeAmount: { unit: 'JPY', value: 999 }, taxIncludedAmount: { unit: 'JPY', value: 1099 }, '@type': 'Price' });
    });

    it('half-up to whole yen: 1234.5 → 1235, with 8 % tax on the 1235 shown: 1334 (1333.8)', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(1234.5, { currency: 'JPY', tax: { taxRate: 0.08 } })] }]);
      expect(priceFrom(q, prices[0][0].id).price).toEqual(expectedPrice(1234.5, 0.08, 'JPY'));
      expect(priceFrom(q, prices[0][0].id).price.dutyFreeAmount.value).toBe(1235);
      expect(priceFrom(q, prices[0][0].id).price.taxIncludedAmount.value).toBe(1334);
    });

    it('a 15 % discount on 999 JPY: 150 off (149.85), 849 charged (849.15)', async () => {
      const discount = await createPrice(t, percentDiscountBody(15));
      const { quote: q, prices } = await quote([{ prices: [recurringPriceBody(999, { currency: 'JPY', discounts: [discount.id] })] }]);
      const charge = priceFrom(q, prices[0][0].id);
      expect(charge.price.dutyFreeAmount).toEqual({ unit: 'JPY', value: 849 });
      expect(charge.priceAlteration[0].price.dutyFreeAmount).toEqual({ unit: 'JPY', value: 150 });
    });

    it('a currency code in lower case is the ISO code, with its minor unit', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(99.5, { currency: 'jpy' })] }]);
      expect(dutyFree(q, prices[0][0].id)).toEqual({ unit: 'JPY', value: 100 });
    });
  });

  describe('KWD (3 decimals)', () => {
    it('1.2345 KWD → 1.235; × 3 with 5 % tax: 3.704 (3.7035) and 3.889 (3.888675)', async () => {
      const { quote: q, prices } = await quote([{ prices: [oneTimePriceBody(1.2345, { currency: 'KWD' })] }, { prices: [oneTimePriceBody(1.2345, { currency: 'KWD', tax: { taxRate: 0.05 } })], quantity: 3 }]);
      expect(dutyFree(q, prices[0][0].id, '1')).toEqual({ unit: 'KWD', value: 1.235 });
      expect(priceFrom(q, prices[1][0].id, '2').price).toEqual({ taxRate: 0.05, dutyFreeAmount: { unit: 'KWD', value: 3.704 }, taxIncludedAmount: { unit: 'KWD', value: 3.889 }, '@type': 'Price' });
    });
  });
});

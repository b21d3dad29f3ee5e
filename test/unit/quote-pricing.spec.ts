import Decimal from 'decimal.js';
import { periodsIn, PricingCatalog } from '../../src/quote/pricing/charges';
import { priceItem, totalPrices } from '../../src/quote/pricing/quote-pricer';

const money = (value: number, unit = 'EUR') => ({ unit, value });

function catalog(offerings: Record<string, object>, prices: Record<string, object>): PricingCatalog {
  return {
    offerings: new Map(Object.entries(offerings).map(([id, doc]) => [id, doc as Record<string, unknown>])),
    prices: new Map(Object.entries(prices).map(([id, doc]) => [id, doc as Record<string, unknown>])),
    priceHref: (id) => `https://x/productOfferingPrice/${id}`,
  };
}

describe('periodsIn', () => {
  it.each([
    [12, 'month', { type: 'month', length: 1 }, 12],
    [1, 'year', { type: 'month', length: 1 }, 12],
    [6, 'months', { type: 'month', length: 3 }, 2],
    [2, 'week', { type: 'week', length: 1 }, 2],
    [1, 'month', { type: 'year', length: 1 }, 1],
    [5, 'fortnight', { type: 'month', length: 1 }, 5],
  ])('%s %s of a %o charge is %s periods', (amount, units, period, expected) => {
    expect(periodsIn(amount, units, period)).toBe(expected);
  });

  it('counts a one-time charge as one period', () => expect(periodsIn(12, 'month', undefined)).toBe(1));
});

describe('priceItem', () => {
  const prices = {
    monthly: { name: 'Monthly', priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: money(9.99), popRelationship: [{ id: 'promo' }] },
    promo: { name: 'Promo', priceType: 'discount', percentage: 15, productOfferingTerm: [{ duration: { amount: 1, units: 'year' } }] },
    setup: { name: 'Setup', priceType: 'oneTime', price: money(33.33), tax: [{ taxRate: 0.19 }] },
    data: { name: 'Extra data', priceType: 'usage', price: money(2), unitOfMeasure: { amount: 1, units: 'GB' } },
    usd: { name: 'US fee', priceType: 'oneTime', price: money(5, 'USD') },
  };

  it('prices each charge for the whole quantity with exact decimals and one rounding', () => {
    const c = catalog({ o: { productOfferingPrice: [{ id: 'monthly' }, { id: 'setup' }, { id: 'data' }] } }, prices);
    const { prices: quoted, currency } = priceItem({ offeringId: 'o', quantity: 3 }, c, new Decimal('0.2'));
    expect(currency).toBe('EUR');
    const byName = Object.fromEntries(quoted.map((p) => [p.name, p]));
    // 3 × 9.99 = 29.97; 15 % off = 4.4955 → 4.50; charged 25.47; with 20 % tax on the 25.47 shown: 30.564 → 30.56
    expect(byName.Monthly.price).toMatchObject({ dutyFreeAmount: money(25.47), taxIncludedAmount: money(30.56), taxRate: 0.2 });
    expect(byName.Monthly.priceAlteration).toEqual([
      expect.objectContaining({ priceType: 'discount', applicationDuration: 12, price: expect.objectContaining({ percentage: 15, dutyFreeAmount: money(4.5) }) }),
    ]);
    // 3 × 33.33 = 99.99 at the price's own 19 %: 118.9881 → 118.99
    expect(byName.Setup.price).toMatchObject({ dutyFreeAmount: money(99.99), taxIncludedAmount: money(118.99), taxRate: 0.19 });
    // a usage rate is per unit of usage, whatever the quantity
    expect(byName['Extra data']).toMatchObject({ unitOfMeasure: '1 GB', price: { dutyFreeAmount: money(2), taxIncludedAmount: money(2.4) } });
  });

  it('multiplies bundled offerings by their default number and refuses mixed currencies', () => {
    const c = catalog(
      {
        pack: { isBundle: true, productOfferingPrice: [{ id: 'setup' }], bundledProductOffering: [{ id: 'o', bundledProductOfferingOption: { numberRelOfferDefault: 5 } }] },
        o: { productOfferingPrice: [{ id: 'monthly' }] },
        mixed: { productOfferingPrice: [{ id: 'setup' }, { id: 'usd' }] },
      },
      prices,
    );
    const quoted = priceItem({ offeringId: 'pack', quantity: 2 }, c, new Decimal(0)).prices;
    // the pack's own setup fee twice, and 2 × 5 monthly plans at 9.99 less 15 %: 99.90 − 14.99 (14.985) = 84.91
    expect(quoted.map((p) => [p.name, (p.price as { dutyFreeAmount: unknown }).dutyFreeAmount])).toEqual([
      ['Setup', money(66.66)],
      ['Monthly', money(84.91)],
    ]);
    expect(() => priceItem({ offeringId: 'mixed', quantity: 1 }, c, new Decimal(0))).toThrow(/several currencies/);
  });

  it('sums totals by price type and period', () => {
    const c = catalog({ o: { productOfferingPrice: [{ id: 'monthly' }, { id: 'setup' }] } }, prices);
    const a = priceItem({ offeringId: 'o', quantity: 1 }, c, new Decimal(0)).prices;
    const b = priceItem({ offeringId: 'o', quantity: 2 }, c, new Decimal(0)).prices;
    const totals = totalPrices([...a, ...b]);
    expect(totals.map((t) => [t.name, (t.price as { dutyFreeAmount: unknown }).dutyFreeAmount])).toEqual([
      // 9.99 − 1.50 = 8.49 and 19.98 − 3.00 = 16.98 (each line rounded on its own, then summed)
      ['Total recurring per month', money(25.47)],
      ['Total oneTime', money(99.99)],
    ]);
  });
});

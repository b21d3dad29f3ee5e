// Quotes that cannot be priced are refused with a TMF Error and nothing stored: prices in several currencies
// (400 currencyMismatch), a price without an amount (400 unpricedOffering), and offerings that cannot be sold now —
// not Launched, isSellable false, outside validFor, unknown (400 invalidReference, referenceError = offering href).
import { Doc, expectTmfError } from '../support/customer-helpers';
import {
  addItem,
  compositePriceBody,
  createBundleOffering,
  createOffering,
  createPrice,
  createPricedOffering,
  createQuoteCustomer,
  oneTimePriceBody,
  offeringHref,
  postQuote,
  priceHref,
  quoteBody,
  quoteSchemaErrors,
  recurringPriceBody,
  usagePriceBody,
} from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { expectQuoteSchema, SCHEMA_CHECKS } from './pricing-helpers';

const DAY = 24 * 3600 * 1000;
const UNKNOWN_ID = '0190f3a0-0000-7000-8000-000000000000';

describe('TMF648 quote pricing: quotes that cannot be priced', () => {
  let t: TestApp;
  let customer: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
  });
  afterAll(() => t.close());

  const stored = async () => {
    const { rows } = await t.sql.query<{ quotes: string; events: string }>(
      `SELECT (SELECT count(*) FROM quote) AS quotes, (SELECT count(*) FROM outbox_event WHERE event_type LIKE 'Quote%') AS events`,
    );
    return rows[0];
  };

  /** POST must fail with 400 `code`, as a valid TMF Error, storing nothing; returns the error body. */
  async function refused(items: Doc[], code: string): Promise<Doc> {
    const before = await stored();
    const res = await postQuote(t, quoteBody(customer, items));
    expectTmfError(res, 400);
    expect(res.body.code).toBe(code);
    if (SCHEMA_CHECKS) expect(quoteSchemaErrors(res.body, 'Error')).toBe('');
    expect(await stored()).toEqual(before);
    return res.body as Doc;
  }

  async function accepted(items: Doc[]): Promise<Doc> {
    const res = await postQuote(t, quoteBody(customer, items));
    expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
    expectQuoteSchema(res.body);
    return res.body as Doc;
  }

  describe('currencyMismatch', () => {
    it('items priced in EUR and in USD', async () => {
      const eur = await createPricedOffering(t, [recurringPriceBody(10)]);
      const usd = await createPricedOffering(t, [recurringPriceBody(10, { currency: 'USD' })]);
      const error = await refused([addItem(eur.offering.id), addItem(usd.offering.id)], 'currencyMismatch');
      expect(error.message).toMatch(/EUR/);
      expect(error.message).toMatch(/USD/);
    });

    it('one offering with a EUR and a USD price', async () => {
      const both = await createPricedOffering(t, [recurringPriceBody(10), oneTimePriceBody(5, { currency: 'USD' })]);
      await refused([addItem(both.offering.id)], 'currencyMismatch');
    });

    it('a nested item in another currency', async () => {
      const eur = await createPricedOffering(t, [recurringPriceBody(10)]);
      const gbp = await createPricedOffering(t, [usagePriceBody(0.1, { currency: 'GBP' })]);
      await refused([addItem(eur.offering.id, { id: '1', quoteItem: [addItem(gbp.offering.id, { id: '1.1' })] })], 'currencyMismatch');
    });

    it('the parts of a composite price in two currencies', async () => {
      const a = await createPrice(t, recurringPriceBody(10));
      const b = await createPrice(t, oneTimePriceBody(10, { currency: 'USD' }));
      const composite = await createPrice(t, compositePriceBody([a.id, b.id]));
      await refused([addItem((await createOffering(t, [composite.id])).id)], 'currencyMismatch');
    });

    it('the same currency written in another case is no mismatch', async () => {
      const upper = await createPricedOffering(t, [recurringPriceBody(10)]);
      const lower = await createPricedOffering(t, [oneTimePriceBody(10, { currency: 'eur' })]);
      const quote = await accepted([addItem(upper.offering.id), addItem(lower.offering.id)]);
      expect(quote.quoteTotalPrice.map((p: Doc) => p.price.dutyFreeAmount.unit)).toEqual(['EUR', 'EUR']);
    });
  });

  describe('unpricedOffering', () => {
    it('a catalog price without an amount', async () => {
      const { offering, prices } = await createPricedOffering(t, [recurringPriceBody(10), recurringPriceBody(undefined)]);
      const error = await refused([addItem(offering.id)], 'unpricedOffering');
      expect(error.referenceError).toBe(priceHref(prices[1].id));
    });

    it('a catalog price with a currency but no value', async () => {
      const { offering } = await createPricedOffering(t, [oneTimePriceBody(undefined, { extra: { price: { unit: 'EUR' } } })]);
      await refused([addItem(offering.id)], 'unpricedOffering');
    });

    it('a part of a composite price without an amount', async () => {
      const a = await createPrice(t, recurringPriceBody(10));
      const b = await createPrice(t, oneTimePriceBody(undefined));
      const composite = await createPrice(t, compositePriceBody([a.id, b.id]));
      await refused([addItem((await createOffering(t, [composite.id])).id)], 'unpricedOffering');
    });

    it('a bundled offering with a price without an amount', async () => {
      const child = await createPricedOffering(t, [usagePriceBody(undefined)], { isSellable: false });
      const bundle = await createBundleOffering(t, [], [{ id: child.offering.id }]);
      await refused([addItem(bundle.id)], 'unpricedOffering');
    });

    it('an inline price value without an amount', async () => {
      const offering = await createOffering(t, [], { productOfferingPrice: [{ name: 'Fee', priceType: 'recurring', price: { taxRate: 0.19 } }] });
      await refused([addItem(offering.id)], 'unpricedOffering');
    });
  });

  describe('offerings that cannot be sold now: invalidReference naming the offering', () => {
    const now = () => Date.now();
    it.each<[string, () => Doc]>([
      ['In study', () => ({ lifecycleStatus: 'In study' })],
      ['In design', () => ({ lifecycleStatus: 'In design' })],
      ['Active (not launched)', () => ({ lifecycleStatus: 'Active' })],
      ['Retired', () => ({ lifecycleStatus: 'Retired' })],
      ['Obsolete', () => ({ lifecycleStatus: 'Obsolete' })],
      ['Rejected', () => ({ lifecycleStatus: 'Rejected' })],
      ['isSellable false', () => ({ isSellable: false })],
      ['valid from tomorrow', () => ({ validFor: { startDateTime: new Date(now() + DAY).toISOString() } })],
      ['valid from tomorrow until next year', () => ({ validFor: { startDateTime: new Date(now() + DAY).toISOString(), endDateTime: new Date(now() + 365 * DAY).toISOString() } })],
      ['valid until yesterday', () => ({ validFor: { endDateTime: new Date(now() - DAY).toISOString() } })],
      ['valid last year only', () => ({ validFor: { startDateTime: new Date(now() - 400 * DAY).toISOString(), endDateTime: new Date(now() - 35 * DAY).toISOString() } })],
    ])('%s', async (_label, attrs) => {
      const fine = await createPricedOffering(t, [recurringPriceBody(10)]);
      const { offering } = await createPricedOffering(t, [recurringPriceBody(10)], attrs());
      const error = await refused([addItem(fine.offering.id), addItem(offering.id)], 'invalidReference');
      expect(error.referenceError).toBe(offeringHref(offering.id));
      expect(error.message).toContain('quoteItem[1]');
    });

    it('an unsellable offering in a nested item', async () => {
      const fine = await createPricedOffering(t, [recurringPriceBody(10)]);
      const { offering } = await createPricedOffering(t, [recurringPriceBody(10)], { isSellable: false });
      const error = await refused([addItem(fine.offering.id, { id: '1', quoteItem: [addItem(offering.id, { id: '1.1' })] })], 'invalidReference');
      expect(error.referenceError).toBe(offeringHref(offering.id));
    });

    it('an offering that does not exist, by uuid and by another id', async () => {
      expect((await refused([addItem(UNKNOWN_ID)], 'invalidReference')).referenceError).toBe(offeringHref(UNKNOWN_ID));
      expect((await refused([addItem('fibre-1g')], 'invalidReference')).referenceError).toBe(offeringHref('fibre-1g'));
    });

    it('an add item without an offering', async () => {
      await refused([{ action: 'add', quantity: 1 }], 'invalidBody');
    });

    it('sellable: Launched, isSellable true or absent, inside validFor (or without one)', async () => {
      const cases: Doc[] = [
        {},
        { isSellable: true },
        { validFor: { startDateTime: new Date(now() - DAY).toISOString(), endDateTime: new Date(now() + DAY).toISOString() } },
        { validFor: { startDateTime: new Date(now() - DAY).toISOString() } },
        { validFor: { endDateTime: new Date(now() + DAY).toISOString() } },
      ];
      const offerings: Doc[] = [];
      for (const attrs of cases) offerings.push((await createPricedOffering(t, [recurringPriceBody(1)], attrs)).offering);
      const quote = await accepted(offerings.map((o) => addItem(o.id)));
      expect(quote.quoteTotalPrice[0].price.dutyFreeAmount.value).toBe(cases.length);
    });
  });
});

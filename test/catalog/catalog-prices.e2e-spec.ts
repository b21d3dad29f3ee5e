// TMF620 ProductOfferingPrice rules: a discount gives a percentage or an amount, percentage within 0..100, recurring
// periods in day/week/month/year with a length of at least 1, no negative amounts, tax rates as fractions — on
// create and on patch.
import { Doc, expectTmfError } from '../support/customer-helpers';
import { catalogSnapshot, createResource, fetchResource, JSON_PATCH, listResources, MERGE_PATCH, minimalBody, patchResource, postRaw } from '../support/catalog-factories';
import { startTestApp, TestApp } from '../support/test-app';

const price = (attrs: Doc) => minimalBody('productOfferingPrice', attrs);

describe('TMF620 productOfferingPrice rules', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const priceTypeColumn = async (id: string) => (await t.sql.query('SELECT price_type FROM product_offering_price WHERE id = $1', [id])).rows[0].price_type;

  describe('accepted', () => {
    it.each<[string, Doc]>([
      ['a discount with a percentage', { priceType: 'discount', percentage: 15 }],
      ['a discount with an amount', { priceType: 'discount', price: { unit: 'EUR', value: 5 } }],
      ['a discount with both', { priceType: 'discount', percentage: 10, price: { unit: 'EUR', value: 5 } }],
      ['percentage 0', { priceType: 'discount', percentage: 0 }],
      ['percentage 100', { priceType: 'discount', percentage: 100 }],
      ['a fractional percentage', { priceType: 'discount', percentage: 12.75 }],
      ['a discount of amount 0', { priceType: 'discount', price: { unit: 'EUR', value: 0 } }],
      ['recurring daily', { priceType: 'recurring', recurringChargePeriodType: 'day', recurringChargePeriodLength: 1 }],
      ['recurring every 2 weeks', { priceType: 'recurring', recurringChargePeriodType: 'week', recurringChargePeriodLength: 2 }],
      ['recurring monthly', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: { unit: 'EUR', value: 29.99 } }],
      ['recurring yearly', { priceType: 'recurring', recurringChargePeriodType: 'year', recurringChargePeriodLength: 1 }],
      ['recurring without a period', { priceType: 'recurring', price: { unit: 'EUR', value: 10 } }],
      ['one-time with a zero amount', { priceType: 'oneTime', price: { unit: 'EUR', value: 0 } }],
      ['no priceType at all', { price: { unit: 'EUR', value: 1 } }],
      ['a tax rate as a fraction', { priceType: 'oneTime', price: { unit: 'EUR', value: 1 }, tax: [{ taxCategory: 'VAT', taxRate: 0.19 }] }],
      ['tax rates 0 and 1', { priceType: 'oneTime', price: { unit: 'EUR', value: 1 }, tax: [{ taxRate: 0 }, { taxRate: 1 }] }],
    ])('%s', async (_label, attrs) => {
      const created = await createResource(t, 'productOfferingPrice', price(attrs));
      expect(created).toMatchObject(attrs);
      expect(await fetchResource(t, 'productOfferingPrice', created.id)).toEqual(created);
      expect(await priceTypeColumn(created.id)).toBe(attrs.priceType ?? null);
    });
  });

  describe('refused with 400, nothing stored', () => {
    it.each<[string, Doc, string]>([
      ['a discount without percentage or amount', { priceType: 'discount' }, 'discount'],
      ['a discount whose price has no value', { priceType: 'discount', price: { unit: 'EUR' } }, 'discount'],
      ['percentage below 0', { priceType: 'discount', percentage: -1 }, 'percentage'],
      ['percentage above 100', { priceType: 'discount', percentage: 100.5 }, 'percentage'],
      ['percentage as a string', { priceType: 'discount', percentage: '10' }, 'percentage'],
      ['recurringChargePeriodType hour', { priceType: 'recurring', recurringChargePeriodType: 'hour', recurringChargePeriodLength: 1 }, 'recurringChargePeriodType'],
      ['recurringChargePeriodType Month (case)', { priceType: 'recurring', recurringChargePeriodType: 'Month', recurringChargePeriodLength: 1 }, 'recurringChargePeriodType'],
      ['recurringChargePeriodType on a one-time price, unknown unit', { priceType: 'oneTime', recurringChargePeriodType: 'fortnight' }, 'recurringChargePeriodType'],
      ['recurring with a length but no type', { priceType: 'recurring', recurringChargePeriodLength: 1 }, 'recurringChargePeriodType'],
      ['recurring with length 0', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 0 }, 'recurringChargePeriodLength'],
      ['recurring with a negative length', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: -1 }, 'recurringChargePeriodLength'],
      ['a fractional length', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1.5 }, 'recurringChargePeriodLength'],
      ['a negative price.value', { priceType: 'oneTime', price: { unit: 'EUR', value: -0.01 } }, 'price.value'],
      ['a negative discount amount', { priceType: 'discount', price: { unit: 'EUR', value: -5 } }, 'price.value'],
      ['price.value as a string', { priceType: 'oneTime', price: { unit: 'EUR', value: '10' } }, 'price.value'],
      ['a tax rate as a percentage (19)', { priceType: 'oneTime', tax: [{ taxCategory: 'VAT', taxRate: 19 }] }, 'taxRate'],
      ['a negative tax rate', { priceType: 'oneTime', tax: [{ taxRate: -0.1 }] }, 'taxRate'],
    ])('%s', async (_label, attrs, mentioned) => {
      const before = await catalogSnapshot(t);
      const res = await postRaw(t, 'productOfferingPrice', price(attrs));
      expectTmfError(res, 400);
      expect(res.body.message).toContain(mentioned);
      expect(await catalogSnapshot(t)).toEqual(before);
    });
  });

  describe('the same rules on PATCH', () => {
    it.each<[string, Doc, unknown, string]>([
      ['removing the percentage of a discount', { priceType: 'discount', percentage: 10 }, { percentage: null }, MERGE_PATCH],
      ['turning a price without amount into a discount', { priceType: 'oneTime' }, { priceType: 'discount' }, MERGE_PATCH],
      ['removing the value of a discount amount', { priceType: 'discount', price: { unit: 'EUR', value: 3 } }, { price: { value: null } }, MERGE_PATCH],
      ['a percentage above 100', { priceType: 'discount', percentage: 10 }, { percentage: 101 }, MERGE_PATCH],
      ['an unknown period type', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 }, { recurringChargePeriodType: 'quarter' }, MERGE_PATCH],
      ['removing the period type of a recurring price with a length', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 }, { recurringChargePeriodType: null }, MERGE_PATCH],
      ['turning a price with a length into a recurring one without type', { priceType: 'oneTime', recurringChargePeriodLength: 3 }, { priceType: 'recurring' }, MERGE_PATCH],
      ['length 0 on a recurring price', { priceType: 'recurring', recurringChargePeriodType: 'week', recurringChargePeriodLength: 2 }, { recurringChargePeriodLength: 0 }, MERGE_PATCH],
      ['a negative amount', { priceType: 'oneTime', price: { unit: 'EUR', value: 3 } }, { price: { value: -3 } }, MERGE_PATCH],
      [
        'a negative amount by JSON patch',
        { priceType: 'oneTime', price: { unit: 'EUR', value: 3 } },
        [{ op: 'replace', path: '/price/value', value: -1 }],
        JSON_PATCH,
      ],
      ['removing the percentage of a discount by JSON patch', { priceType: 'discount', percentage: 10 }, [{ op: 'remove', path: '/percentage' }], JSON_PATCH],
    ])('%s → 400, unchanged', async (_label, attrs, patch, type) => {
      const created = await createResource(t, 'productOfferingPrice', price(attrs));
      const before = await catalogSnapshot(t);
      expectTmfError(await patchResource(t, 'productOfferingPrice', created.id, patch, type), 400);
      expect(await catalogSnapshot(t)).toEqual(before);
      expect(await fetchResource(t, 'productOfferingPrice', created.id)).toEqual(created);
    });

    it('a valid change of rules-relevant attributes is stored, and the priceType column follows', async () => {
      const created = await createResource(t, 'productOfferingPrice', price({ priceType: 'oneTime', price: { unit: 'EUR', value: 3 } }));
      const res = await patchResource(t, 'productOfferingPrice', created.id, { priceType: 'recurring', recurringChargePeriodType: 'year', recurringChargePeriodLength: 2 }).expect(200);
      expect(res.body).toMatchObject({ priceType: 'recurring', recurringChargePeriodType: 'year', recurringChargePeriodLength: 2, price: { unit: 'EUR', value: 3 } });
      expect(await priceTypeColumn(created.id)).toBe('recurring');
      await patchResource(t, 'productOfferingPrice', created.id, { priceType: null }).expect(200);
      expect(await priceTypeColumn(created.id)).toBeNull();
    });
  });

  it('a discount with percentage null is not a discount with a percentage (400)', async () => {
    const before = await catalogSnapshot(t);
    expectTmfError(await postRaw(t, 'productOfferingPrice', price({ priceType: 'discount', percentage: null })), 400);
    expectTmfError(await postRaw(t, 'productOfferingPrice', price({ priceType: 'discount', price: { unit: 'EUR', value: null } })), 400);
    expect(await catalogSnapshot(t)).toEqual(before);
  });

  it('lists filter on priceType (a column) and on price.value and percentage (in the document)', async () => {
    const tag = `rules-${Date.now()}`;
    const recurring = await createResource(t, 'productOfferingPrice', price({ version: tag, priceType: 'recurring', price: { unit: 'EUR', value: 20 } }));
    const discount = await createResource(t, 'productOfferingPrice', price({ version: tag, priceType: 'discount', percentage: 25 }));
    const oneTime = await createResource(t, 'productOfferingPrice', price({ version: tag, priceType: 'oneTime', price: { unit: 'EUR', value: 99 } }));
    const ids = async (query: string) => (await listResources(t, 'productOfferingPrice', `version=${tag}&${query}`).expect(200)).body.map((p: Doc) => p.id).sort();
    expect(await ids('priceType=discount')).toEqual([discount.id]);
    expect(await ids('priceType=recurring,oneTime')).toEqual([recurring.id, oneTime.id].sort());
    expect(await ids('priceType.ne=discount')).toEqual([recurring.id, oneTime.id].sort());
    expect(await ids('price.value.gte=50')).toEqual([oneTime.id]);
    expect(await ids('percentage.lt=30')).toEqual([discount.id]);
  });
});

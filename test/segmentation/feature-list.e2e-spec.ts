// The feature catalog at /bss/segmentation/v1/feature: the base features, then per product family (one per TMF620
// category name) its usage volume and share, as a TMF630 list (filters, fields, sort, paging headers).
import request from 'supertest';
import { FeatureDto } from '../../src/segmentation/dto/feature.dto';
import { featureCatalog } from '../../src/segmentation/features/feature-catalog';
import { familyKey } from '../../src/segmentation/features/product-families.repository';
import { validateDocument } from '../../src/tmf/validation';
import { createResource, minimalBody } from '../support/catalog-factories';
import { Doc, expectTmfError, parseLink } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { FEATURE_PATH } from './segmentation-factories';

// the base features as the catalog defines them (it grows with the features computed)
const BASE = [...featureCatalog([]).keys()];

describe('familyKey', () => {
  it.each([
    ['IoT', 'iot'],
    ['Mobile Fleet', 'mobilefleet'],
    ['IoT & M2M', 'iotm2m'],
    ['Cloud-First (EU)', 'cloudfirsteu'],
    ['Café', 'caf'],
  ])('%s → %s', (name, key) => expect(familyKey(name)).toBe(key));
});

describe('feature list', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const list = (query = '') => request(t.server).get(`${FEATURE_PATH}${query ? `?${query}` : ''}`);
  const names = (res: request.Response) => (res.body as Doc[]).map((f) => f.name);

  it('lists the base features, each with its meaning, unit and type', async () => {
    const res = await list().expect(200);
    expect(BASE).toEqual(expect.arrayContaining(['spendThisPeriod', 'spendAverage3', 'spendTrend3', 'productCount', 'productFamilies', 'tenureDays', 'overdueBills', 'numberOfEmployees', 'industry']));
    expect(names(res)).toEqual(BASE);
    expect(res.headers).toMatchObject({ 'x-total-count': String(BASE.length), 'x-result-count': String(BASE.length) });
    expect(res.body[0]).toEqual({ name: 'spendThisPeriod', meaning: expect.stringMatching(/bills/), unit: 'account currency', type: 'number' });
    expect(res.body.find((f: Doc) => f.name === 'industry')).toMatchObject({ unit: null, type: 'string' });
    for (const feature of res.body as Doc[]) await validateDocument(FeatureDto, feature);
  });

  it('adds usageVolume.<family> and usageShare.<family> for every category of the catalog, by family key', async () => {
    for (const name of ['Mobile Fleet', 'IoT', 'iot', '5G Fixed', 'Cloud']) await createResource(t, 'category', minimalBody('category', { name }));
    const res = await list().expect(200);
    // one family per key (IoT and iot are one), sorted; '5gfixed' cannot name a feature (it starts with a digit)
    expect(names(res)).toEqual([
      ...BASE,
      'usageVolume.cloud',
      'usageShare.cloud',
      'usageVolume.iot',
      'usageShare.iot',
      'usageVolume.mobilefleet',
      'usageShare.mobilefleet',
    ]);
    expect(res.body.find((f: Doc) => f.name === 'usageShare.iot')).toEqual({
      name: 'usageShare.iot',
      meaning: expect.stringContaining('iot products'),
      unit: 'ratio',
      type: 'number',
    });
  });

  it('selects fields (the name always), filters and sorts', async () => {
    const projected = await list('fields=type&limit=2').expect(200);
    expect(projected.body).toEqual([
      { name: 'spendThisPeriod', type: 'number' },
      { name: 'spendAverage3', type: 'number' },
    ]);
    expect(names(await list('name.regex=^usageShare\\.').expect(200))).toEqual(['usageShare.cloud', 'usageShare.iot', 'usageShare.mobilefleet']);
    expect(names(await list('type=string,stringList').expect(200))).toEqual(['productFamilies', 'industry']);
    expect(names(await list('unit=ratio&sort=-name').expect(200))).toEqual(['usageShare.mobilefleet', 'usageShare.iot', 'usageShare.cloud', 'spendTrend3']);
    const byUnit = names(await list('sort=unit,name&type.ne=number').expect(200));
    expect(byUnit).toEqual(['industry', 'productFamilies']); // both without unit: by name
  });

  it('pages with X-Total-Count, X-Result-Count and Link', async () => {
    // the base features and the 3 families of the test before
    const all = names(await list().expect(200));
    const total = String(BASE.length + 6);
    expect(all).toHaveLength(BASE.length + 6);
    const res = await list('offset=2&limit=4').expect(200);
    expect(names(res)).toEqual(all.slice(2, 6));
    expect(res.headers).toMatchObject({ 'x-total-count': total, 'x-result-count': '4' });
    const link = parseLink(res.headers.link);
    expect(Object.keys(link).sort()).toEqual(['first', 'last', 'next', 'prev', 'self']);
    expect(names(await list(`offset=${all.length - 1}&limit=4`).expect(200))).toEqual(['usageShare.mobilefleet']);
    expect(await list('limit=0').expect(200)).toMatchObject({ body: [], headers: { 'x-total-count': total, 'x-result-count': '0' } });
  });

  it('refuses an unknown attribute or a bad limit (400 TMF Error)', async () => {
    expectTmfError(await list('colour=red'), 400);
    expectTmfError(await list('fields=colour'), 400);
    expectTmfError(await list('limit=-1'), 400);
  });
});

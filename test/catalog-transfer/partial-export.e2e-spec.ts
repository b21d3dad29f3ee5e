// TMF620 export by `path` and `query`: the resources the filters select, plus everything they refer to
// (transitively), and nothing else.
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { BASE, COLLECTIONS, Collection, create, Doc, download, ids, runJob } from './transfer-helpers';

describe('TMF620 catalog transfer: partial export', () => {
  let t: TestApp;
  /** name → id of every resource created below. */
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await t.startWorker();
    const add = async (key: string, collection: Collection, body: Doc) => (id[key] = String((await create(t, collection, { name: key, ...body })).id));
    // what the Launched offering reaches, two hops deep on every path
    await add('specLeafA', 'productSpecification', {});
    await add('specLeafB', 'productSpecification', {});
    await add('specBundle', 'productSpecification', { isBundle: true, bundledProductSpecification: [{ id: id.specLeafA }, { id: id.specLeafB }] });
    await add('discount', 'productOfferingPrice', { priceType: 'discount', percentage: 10 });
    await add('monthly', 'productOfferingPrice', { priceType: 'recurring', price: { unit: 'EUR', value: 20 }, popRelationship: [{ id: id.discount }] });
    await add('catParent', 'category', {});
    await add('catChild', 'category', { parentId: id.catParent });
    await add('launchedOffer', 'productOffering', {
      lifecycleStatus: 'Launched',
      marketSegment: [{ id: 'seg-smb' }],
      productSpecification: { id: id.specBundle },
      productOfferingPrice: [{ id: id.monthly }, { name: 'inline fee', priceType: 'one time' }],
      category: [{ id: id.catChild }],
    });
    // not reached from it: another offering with its own spec and price, resources referring TO the selection
    await add('otherSpec', 'productSpecification', { lifecycleStatus: 'Launched' });
    await add('otherPrice', 'productOfferingPrice', { priceType: 'one time', price: { unit: 'EUR', value: 5 }, lifecycleStatus: 'Launched' });
    await add('designOffer', 'productOffering', { lifecycleStatus: 'In design', productSpecification: { id: id.otherSpec }, productOfferingPrice: [{ id: id.otherPrice }] });
    await add('referrerOffer', 'productOffering', { lifecycleStatus: 'Active', bundledProductOffering: [{ id: id.launchedOffer }], isBundle: true });
    await add('referrerCategory', 'category', { parentId: id.catParent });
    await add('catalog', 'catalog', { lifecycleStatus: 'Launched', category: [{ id: id.catParent }] });
  });
  afterAll(() => t.close());

  const names = (keys: string[]) => keys.map((k) => id[k]).sort();

  async function exportFile(body: Doc): Promise<Record<string, unknown>> {
    const job = await runJob(t, 'exportJob', body);
    expect(job).toMatchObject({ status: 'Succeeded', ...body });
    return JSON.parse(await download(t, job)) as Record<string, unknown>;
  }

  const launchedOfferClosure = () => ({
    productSpecification: names(['specBundle', 'specLeafA', 'specLeafB']),
    productOfferingPrice: names(['monthly', 'discount']),
    category: names(['catChild', 'catParent']),
    productOffering: names(['launchedOffer']),
    catalog: [],
  });

  it.each([
    ['a collection name', 'productOffering', 'lifecycleStatus=Launched'],
    ['the collection URL', 'http://bss.test:8080/tmf-api/productCatalogManagement/v4/productOffering', 'lifecycleStatus=Launched'],
    ['the API path, a nested-attribute filter', '/tmf-api/productCatalogManagement/v4/productOffering/', 'marketSegment.id=seg-smb'],
    ['a percent-encoded value and a list of values', 'productOffering', 'name=launched%4Fffer&lifecycleStatus=Launched,Retired'],
  ])('path as %s: the selected offering with its specs, prices and categories, transitively', async (_label, path, query) => {
    const file = await exportFile({ path, query });
    expect(file).toMatchObject({ format: 'tmf620-catalog-export/1', path, query });
    const got = Object.fromEntries(COLLECTIONS.map((c) => [c, ids(file[c] as Doc[])]));
    expect(got).toEqual(launchedOfferClosure());
    // each exported resource is the resource as the API returns it
    const offer = (file.productOffering as Doc[])[0];
    expect(offer).toEqual((await request(t.server).get(`${BASE}/productOffering/${id.launchedOffer}`).expect(200)).body);
  });

  it('a query that selects nothing gives a file with empty lists', async () => {
    const file = await exportFile({ path: 'productOffering', query: 'lifecycleStatus=Obsolete' });
    for (const c of COLLECTIONS) expect({ c, items: file[c] }).toEqual({ c, items: [] });
  });

  it('without a path the filters apply to every collection', async () => {
    const file = await exportFile({ query: 'lifecycleStatus=Launched' });
    const got = Object.fromEntries(COLLECTIONS.map((c) => [c, ids(file[c] as Doc[])]));
    expect(got).toEqual({
      // Launched ones: otherSpec, otherPrice, launchedOffer, catalog; plus what they refer to
      productSpecification: names(['specBundle', 'specLeafA', 'specLeafB', 'otherSpec']),
      productOfferingPrice: names(['monthly', 'discount', 'otherPrice']),
      category: names(['catChild', 'catParent']),
      productOffering: names(['launchedOffer']),
      catalog: names(['catalog']),
    });
  });

  it('a path alone exports that whole collection with its references', async () => {
    const file = await exportFile({ path: 'category' });
    expect(file.query).toBeUndefined();
    expect(ids(file.category as Doc[])).toEqual(names(['catParent', 'catChild', 'referrerCategory']));
    for (const c of ['productSpecification', 'productOfferingPrice', 'productOffering', 'catalog']) expect({ c, items: file[c] }).toEqual({ c, items: [] });
  });
});

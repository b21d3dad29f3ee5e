// TMF620 lists: a compact TMF630 check per catalog resource — filters on name, lifecycleStatus and nested paths,
// fields, X-Total-Count / X-Result-Count, sort and paging (the toolkit itself is tested with the customer API).
import request from 'supertest';
import { Doc, parseLink, pathOf } from '../support/customer-helpers';
import { CatalogChain, CATALOG_URL, Collection, COLLECTIONS, createChain, createResource, listResources, minimalBody, TYPE_OF } from '../support/catalog-factories';
import { startTestApp, TestApp } from '../support/test-app';

const NAMES = ['Alpha', 'Bravo', 'Charlie'];
const STATES = ['In study', 'Launched', 'Launched'];

/** Extra attributes of Alpha, Bravo and Charlie, and nested-path filters with the names they select. */
function nested(c: Collection, chain: CatalogChain): { attrs: Doc[]; queries: [string, string[]][] } {
  switch (c) {
    case 'productSpecification':
      return {
        attrs: [
          { productSpecCharacteristic: [{ name: 'speed', valueType: 'integer' }] },
          { isBundle: true, bundledProductSpecification: [{ id: chain.specification.id }], productSpecCharacteristic: [{ name: 'colour' }] },
          { productSpecCharacteristic: [{ name: 'colour' }, { name: 'speed', valueType: 'integer' }] },
        ],
        queries: [
          ['productSpecCharacteristic.name=speed', ['Alpha', 'Charlie']],
          [`bundledProductSpecification.id=${chain.specification.id}`, ['Bravo']],
          ['isBundle=true', ['Bravo']],
        ],
      };
    case 'productOfferingPrice':
      return {
        attrs: [
          { priceType: 'discount', percentage: 10 },
          { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: { unit: 'EUR', value: 20 } },
          { priceType: 'recurring', price: { unit: 'EUR', value: 5 } },
        ],
        queries: [
          ['priceType=recurring', ['Bravo', 'Charlie']],
          ['priceType=discount', ['Alpha']],
          ['price.value.gt=10', ['Bravo']],
          ['recurringChargePeriodType=month', ['Bravo']],
        ],
      };
    case 'productOffering':
      return {
        attrs: [
          { productSpecification: { id: chain.specification.id }, marketSegment: [{ id: 'seg-smb' }] },
          { marketSegment: [{ id: 'seg-smb' }, { id: 'seg-enterprise' }], productOfferingPrice: [{ id: chain.price.id }] },
          { category: [{ id: chain.category.id }], isSellable: false },
        ],
        queries: [
          [`productSpecification.id=${chain.specification.id}`, ['Alpha']],
          ['marketSegment.id=seg-smb', ['Alpha', 'Bravo']],
          ['marketSegment.id=seg-enterprise', ['Bravo']],
          [`productOfferingPrice.id=${chain.price.id}`, ['Bravo']],
          [`category.id=${chain.category.id}`, ['Charlie']],
          ['isSellable=false', ['Charlie']],
        ],
      };
    case 'category':
      return {
        attrs: [{ isRoot: true }, { parentId: chain.category.id }, { parentId: chain.category.id, productOffering: [{ id: chain.offering.id }] }],
        queries: [
          [`parentId=${chain.category.id}`, ['Bravo', 'Charlie']],
          ['isRoot=true', ['Alpha']],
          [`productOffering.id=${chain.offering.id}`, ['Charlie']],
        ],
      };
    case 'catalog':
      return {
        attrs: [{ catalogType: 'ProductCatalog', category: [{ id: chain.category.id }] }, { catalogType: 'ServiceCatalog' }, { category: [{ id: chain.category.id }] }],
        queries: [
          [`category.id=${chain.category.id}`, ['Alpha', 'Charlie']],
          ['catalogType=ProductCatalog', ['Alpha']],
        ],
      };
  }
}

describe('TMF620 catalog lists', () => {
  let t: TestApp;
  let chain: CatalogChain;
  beforeAll(async () => {
    t = await startTestApp();
    // the chain's resources are Active, so they do not match the In study / Launched filters below
    const active = { lifecycleStatus: 'Active' };
    chain = await createChain(t, { productSpecification: active, productOfferingPrice: active, productOffering: active, category: active, catalog: active });
  });
  afterAll(() => t.close());

  describe.each(COLLECTIONS.map((c) => [c]))('%s', (c: Collection) => {
    const byName: Record<string, Doc> = {};
    const full = (n: string) => `${n} ${c}`;
    const names = (res: { body: Doc[] }) => res.body.map((r) => r.name.split(' ')[0]);

    beforeAll(async () => {
      const { attrs } = nested(c, chain);
      for (const [i, n] of NAMES.entries()) {
        byName[n] = await createResource(t, c, minimalBody(c, { name: full(n), lifecycleStatus: STATES[i], version: `v${i % 2}`, ...attrs[i] }));
      }
    });

    async function expectNames(query: string, expected: string[]): Promise<void> {
      const res = await listResources(t, c, `${query}&sort=name`);
      expect({ query, status: res.status, names: res.status === 200 ? names(res) : res.body }).toEqual({ query, status: 200, names: expected });
      expect([res.headers['x-total-count'], res.headers['x-result-count']]).toEqual([String(expected.length), String(expected.length)]);
    }

    it('filters on name and lifecycleStatus (one value, a list, .ne, .regex)', async () => {
      await expectNames(`name=${encodeURIComponent(full('Bravo'))}`, ['Bravo']);
      await expectNames('lifecycleStatus=Launched', ['Bravo', 'Charlie']);
      await expectNames(`lifecycleStatus=${encodeURIComponent('In study')},Launched`, ['Alpha', 'Bravo', 'Charlie']);
      await expectNames(`lifecycleStatus.ne=Active&lifecycleStatus.ne=${encodeURIComponent('In study')}`, ['Bravo', 'Charlie']);
      await expectNames(`name.regex=${encodeURIComponent(`^(Alpha|Charlie) ${c}$`)}`, ['Alpha', 'Charlie']);
      await expectNames(`lifecycleStatus=Launched&version=v1`, ['Bravo']);
      await expectNames(`href=${encodeURIComponent(byName.Charlie.href)}`, ['Charlie']);
    });

    it('filters on nested paths', async () => {
      // the chain's (Active) resources match some of these paths too: leave them out
      for (const [query, expected] of nested(c, chain).queries) await expectNames(`${query}&lifecycleStatus.ne=Active`, expected);
    });

    it('items are the full resources; fields selects attributes (id, href and @type always)', async () => {
      const all = await listResources(t, c, 'lifecycleStatus=Launched&sort=name').expect(200);
      expect(all.body).toEqual([byName.Bravo, byName.Charlie]);
      const res = await listResources(t, c, 'lifecycleStatus=Launched&sort=name&fields=name,lifecycleStatus').expect(200);
      expect(res.body).toEqual(
        ['Bravo', 'Charlie'].map((n) => ({ id: byName[n].id, href: byName[n].href, '@type': TYPE_OF[c], name: full(n), lifecycleStatus: 'Launched' })),
      );
    });

    it('sorts ascending and descending, on columns and on lastUpdate', async () => {
      const query = `lifecycleStatus=${encodeURIComponent('In study')},Launched`;
      expect(names((await listResources(t, c, `${query}&sort=-name`).expect(200)) as { body: Doc[] })).toEqual(['Charlie', 'Bravo', 'Alpha']);
      expect(names((await listResources(t, c, `${query}&sort=lastUpdate`).expect(200)) as { body: Doc[] })).toEqual(['Alpha', 'Bravo', 'Charlie']);
      expect(names((await listResources(t, c, `${query}&sort=-lifecycleStatus,name`).expect(200)) as { body: Doc[] })).toEqual(['Bravo', 'Charlie', 'Alpha']);
    });

    it('pages with offset and limit: counts and Link header', async () => {
      const query = `lifecycleStatus=${encodeURIComponent('In study')},Launched&sort=name`;
      const first = await listResources(t, c, `${query}&limit=2`).expect(200);
      expect(names(first as { body: Doc[] })).toEqual(['Alpha', 'Bravo']);
      expect([first.headers['x-total-count'], first.headers['x-result-count']]).toEqual(['3', '2']);
      const links = parseLink(first.headers.link);
      expect(links.next.url.startsWith(`${CATALOG_URL}/${c}?`)).toBe(true);
      expect([links.next.offset, links.next.limit, links.prev]).toEqual([2, 2, undefined]);
      const second = await request(t.server).get(pathOf(links.next.url)).expect(200);
      expect(names(second as { body: Doc[] })).toEqual(['Charlie']);
      expect([second.headers['x-total-count'], second.headers['x-result-count']]).toEqual(['3', '1']);
      const beyond = await listResources(t, c, `${query}&offset=10`).expect(200);
      expect([beyond.body, beyond.headers['x-total-count'], beyond.headers['x-result-count']]).toEqual([[], '3', '0']);
      const none = await listResources(t, c, `${query}&limit=0`).expect(200);
      expect([none.body, none.headers['x-total-count']]).toEqual([[], '3']);
    });
  });
});

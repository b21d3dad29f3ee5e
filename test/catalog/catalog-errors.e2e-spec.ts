// TMF620 bad input: wrong types, unknown attributes, bodies that are not objects, patches of server-owned
// attributes, bad ids and invalid queries are all 4xx with a TMF Error body — never a 5xx — and change nothing.
import { BadRequest, Doc, expectAllClientErrors, expectTmfError, tmfErrorProblems } from '../support/customer-helpers';
import {
  CATALOG_BASE,
  catalogSnapshot,
  Collection,
  COLLECTIONS,
  collectionPath,
  createChain,
  fetchResource,
  JSON_PATCH,
  listResources,
  MERGE_PATCH,
  minimalBody,
  patchResource,
  postRaw,
  resourcePath,
  UNKNOWN_ID,
} from '../support/catalog-factories';
import { startTestApp, TestApp } from '../support/test-app';

/** Create bodies with a wrong type or an unknown attribute somewhere in the resource's own structures. */
const NESTED_BAD: Record<Collection, [string, Doc, string][]> = {
  productSpecification: [
    ['isBundle: "yes"', { isBundle: 'yes' }, 'isBundle'],
    ['productSpecCharacteristic: {}', { productSpecCharacteristic: {} }, 'productSpecCharacteristic'],
    ['productSpecCharacteristic: [null]', { productSpecCharacteristic: [null] }, 'productSpecCharacteristic'],
    ['minCardinality: "one"', { productSpecCharacteristic: [{ name: 'x', minCardinality: 'one' }] }, 'productSpecCharacteristic[0].minCardinality'],
    ['valueFrom: 1.5', { productSpecCharacteristic: [{ name: 'x', productSpecCharacteristicValue: [{ valueFrom: 1.5 }] }] }, 'valueFrom'],
    ['characteristic shoeSize', { productSpecCharacteristic: [{ name: 'x', shoeSize: 42 }] }, 'shoeSize'],
    ['targetProductSchema without @schemaLocation', { targetProductSchema: { '@type': 'X' } }, '@schemaLocation'],
    ['relatedParty without @referredType', { relatedParty: [{ id: 'p-1' }] }, '@referredType'],
    ['attachment size.amount: "big"', { attachment: [{ size: { amount: 'big' } }] }, 'amount'],
    ['resourceSpecification without id', { resourceSpecification: [{ name: 'no id' }] }, 'id'],
    ['bundledProductSpecification: "x"', { bundledProductSpecification: 'x' }, 'bundledProductSpecification'],
  ],
  productOfferingPrice: [
    ['price: 10', { price: 10 }, 'price'],
    ['price.currency (unknown)', { price: { currency: 'EUR', value: 1 } }, 'currency'],
    ['unitOfMeasure.amount: "x"', { unitOfMeasure: { amount: 'x' } }, 'amount'],
    ['tax[0].taxRate: "19%"', { tax: [{ taxRate: '19%' }] }, 'taxRate'],
    ['pricingLogicAlgorithm validFor', { pricingLogicAlgorithm: [{ validFor: { startDateTime: 'soon' } }] }, 'startDateTime'],
    ['recurringChargePeriodLength: "1"', { recurringChargePeriodLength: '1' }, 'recurringChargePeriodLength'],
    ['popRelationship: {}', { popRelationship: {} }, 'popRelationship'],
    ['constraint without id', { constraint: [{ name: 'no id' }] }, 'id'],
    ['productOfferingTerm duration.amount: 1.5', { productOfferingTerm: [{ duration: { amount: 1.5, units: 'month' } }] }, 'amount'],
  ],
  productOffering: [
    ['isSellable: "no"', { isSellable: 'no' }, 'isSellable'],
    ['productSpecification: "an id"', { productSpecification: UNKNOWN_ID }, 'productSpecification'],
    ['productSpecification: [ref]', { productSpecification: [{ id: UNKNOWN_ID }] }, 'productSpecification'],
    ['productSpecification without id', { productSpecification: { name: 'no id' } }, 'productSpecification.id'],
    ['priceAlteration without priceType', { productOfferingPrice: [{ name: 'p', priceAlteration: [{ price: { percentage: 5 } }] }] }, 'priceType'],
    ['priceAlteration without price', { productOfferingPrice: [{ name: 'p', priceAlteration: [{ priceType: 'discount' }] }] }, 'price'],
    ['inline price shoeSize', { productOfferingPrice: [{ name: 'p', shoeSize: 1 }] }, 'shoeSize'],
    ['marketSegment without id', { marketSegment: [{ name: 'SMB' }] }, 'marketSegment[0].id'],
    ['serviceLevelAgreement without id', { serviceLevelAgreement: { name: 'Gold' } }, 'serviceLevelAgreement.id'],
    ['bundledProductOfferingOption numberRelOfferDefault: "one"', { bundledProductOffering: [{ id: UNKNOWN_ID, bundledProductOfferingOption: { numberRelOfferDefault: 'one' } }] }, 'numberRelOfferDefault'],
    ['category[0].id: 5', { category: [{ id: 5 }] }, 'id'],
    ['prodSpecCharValueUse: "x"', { prodSpecCharValueUse: 'x' }, 'prodSpecCharValueUse'],
  ],
  category: [
    ['isRoot: "yes"', { isRoot: 'yes' }, 'isRoot'],
    ['parentId: 5', { parentId: 5 }, 'parentId'],
    ['parentId: {id}', { parentId: { id: UNKNOWN_ID } }, 'parentId'],
    ['subCategory: [{}]', { subCategory: [{}] }, 'id'],
    ['productOffering: "x"', { productOffering: 'x' }, 'productOffering'],
  ],
  catalog: [
    ['catalogType: 5', { catalogType: 5 }, 'catalogType'],
    ['category without id', { category: [{ name: 'no id' }] }, 'id'],
    ["relatedParty '@referredType': 5", { relatedParty: [{ id: 'p', '@referredType': 5 }] }, '@referredType'],
    ['validFor.startDateTime without offset', { validFor: { startDateTime: '2024-01-01T00:00:00' } }, 'startDateTime'],
  ],
};

describe('TMF620 catalog: errors and bad input', () => {
  let t: TestApp;
  let existing: Record<Collection, Doc>;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    const chain = await createChain(t);
    existing = {
      productSpecification: chain.specification,
      productOfferingPrice: chain.price,
      productOffering: chain.offering,
      category: chain.category,
      catalog: chain.catalog,
    };
  });
  afterAll(() => t.close());

  describe.each(COLLECTIONS.map((c) => [c]))('%s', (c: Collection) => {
    it.each(NESTED_BAD[c])('POST with %s → 400 naming the attribute, nothing stored', async (_label, attrs, mentioned) => {
      const before = await catalogSnapshot(t);
      const res = await postRaw(t, c, minimalBody(c, attrs));
      expectTmfError(res, 400);
      expect(res.body.message).toContain(mentioned);
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('the same bad attributes by JSON patch → 400, nothing changed', async () => {
      const before = await catalogSnapshot(t);
      for (const [label, attrs] of NESTED_BAD[c]) {
        // `add` replaces the whole value (a merge patch would merge into what is there)
        const ops = Object.entries(attrs).map(([k, value]) => ({ op: 'add', path: `/${k}`, value }));
        const res = await patchResource(t, c, existing[c].id, ops, JSON_PATCH);
        expect({ label, problems: tmfErrorProblems(res, 400) }).toEqual({ label, problems: [] });
      }
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('no bad request ever gets a 5xx (and each 4xx has a TMF Error body); nothing changes', async () => {
      const before = await catalogSnapshot(t);
      const base = collectionPath(c);
      const item = resourcePath(c, existing[c].id);
      const body = minimalBody(c);
      const requests: BadRequest[] = [
        // create bodies
        { name: 'malformed JSON', method: 'POST', path: base, body: '{"name":', expect: 400 },
        { name: 'empty body', method: 'POST', path: base, body: '', expect: 400 },
        ...['null', '[]', '"Fibre"', '42', 'true', JSON.stringify([body])].map((raw): BadRequest => ({ name: `body ${raw.slice(0, 20)}`, method: 'POST', path: base, body: raw, expect: 400 })),
        { name: 'name: 5', method: 'POST', path: base, body: { ...body, name: 5 }, expect: 400 },
        { name: 'name: null', method: 'POST', path: base, body: { ...body, name: null }, expect: 400 },
        { name: 'name: object', method: 'POST', path: base, body: { ...body, name: { en: 'x' } }, expect: 400 },
        { name: 'name too long', method: 'POST', path: base, body: { ...body, name: 'n'.repeat(10_000) }, expect: 400 },
        { name: 'description: []', method: 'POST', path: base, body: { ...body, description: [] }, expect: 400 },
        { name: 'lifecycleStatus: 5', method: 'POST', path: base, body: { ...body, lifecycleStatus: 5 }, expect: 400 },
        { name: 'lastUpdate: yesterday', method: 'POST', path: base, body: { ...body, lastUpdate: 'yesterday' }, expect: 400 },
        { name: 'validFor: "x"', method: 'POST', path: base, body: { ...body, validFor: 'x' }, expect: 400 },
        { name: 'impossible date', method: 'POST', path: base, body: { ...body, validFor: { startDateTime: '2024-02-30T00:00:00Z' } }, expect: 400 },
        { name: 'validFor.begin (unknown)', method: 'POST', path: base, body: { ...body, validFor: { begin: '2024-01-01T00:00:00Z' } }, expect: 400 },
        { name: 'unknown attribute', method: 'POST', path: base, body: { ...body, shoeSize: 42 }, expect: 400 },
        { name: "'@type': 5", method: 'POST', path: base, body: { ...body, '@type': 5 }, expect: 400 },
        { name: '@baseType without @type', method: 'POST', path: base, body: { ...body, '@baseType': 'Entity' }, expect: 400 },
        { name: 'client id', method: 'POST', path: base, body: { ...body, id: UNKNOWN_ID }, expect: 400 },
        { name: 'client href', method: 'POST', path: base, body: { ...body, href: 'http://x/1' }, expect: 400 },
        { name: '__proto__ key', method: 'POST', path: base, body: `{"name":"p","__proto__":{"admin":true}}`, expect: 400 },
        { name: 'constructor key', method: 'POST', path: base, body: `{"name":"p","constructor":{"prototype":{"admin":true}}}`, expect: 400 },
        { name: 'toString key', method: 'POST', path: base, body: `{"name":"p","toString":"x"}`, expect: 400 },
        { name: 'NUL in name', method: 'POST', path: base, body: { ...body, name: 'a\u0000b' }, expect: 400 },
        { name: 'nested too deep', method: 'POST', path: base, body: `{"name":"deep","validFor":${'['.repeat(200)}${']'.repeat(200)}}`, expect: 400 },
        { name: 'POST text/plain', method: 'POST', path: base, body: 'name=x', contentType: 'text/plain', expect: 415 },
        { name: 'POST to an item', method: 'POST', path: item, body },
        // patches
        { name: 'PATCH malformed merge patch', method: 'PATCH', path: item, body: '{"name":', contentType: MERGE_PATCH, expect: 400 },
        { name: 'PATCH malformed JSON Patch', method: 'PATCH', path: item, body: '[{"op":', contentType: JSON_PATCH, expect: 400 },
        ...['[]', 'null', '"x"', '42'].map((raw): BadRequest => ({ name: `PATCH merge ${raw}`, method: 'PATCH', path: item, body: raw, contentType: MERGE_PATCH, expect: 400 })),
        { name: 'PATCH JSON Patch with object', method: 'PATCH', path: item, body: {}, contentType: JSON_PATCH, expect: 400 },
        { name: 'PATCH name: null', method: 'PATCH', path: item, body: { name: null }, contentType: MERGE_PATCH, expect: 400 },
        { name: 'PATCH name: 5', method: 'PATCH', path: item, body: { name: 5 }, contentType: 'application/json', expect: 400 },
        { name: 'PATCH unknown attribute', method: 'PATCH', path: item, body: { shoeSize: 1 }, contentType: MERGE_PATCH, expect: 400 },
        { name: 'PATCH id', method: 'PATCH', path: item, body: { id: UNKNOWN_ID }, contentType: MERGE_PATCH, expect: 400 },
        { name: 'PATCH href', method: 'PATCH', path: item, body: { href: 'http://x/1' }, contentType: MERGE_PATCH, expect: 400 },
        { name: 'PATCH lastUpdate', method: 'PATCH', path: item, body: { lastUpdate: '2030-01-01T00:00:00Z' }, contentType: MERGE_PATCH, expect: 400 },
        { name: 'JSON Patch replace /id', method: 'PATCH', path: item, body: [{ op: 'replace', path: '/id', value: UNKNOWN_ID }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch remove /href', method: 'PATCH', path: item, body: [{ op: 'remove', path: '/href' }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch add /lastUpdate', method: 'PATCH', path: item, body: [{ op: 'add', path: '/lastUpdate', value: '2030-01-01T00:00:00Z' }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch remove /name', method: 'PATCH', path: item, body: [{ op: 'remove', path: '/name' }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch add unknown', method: 'PATCH', path: item, body: [{ op: 'add', path: '/shoeSize', value: 1 }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch bad op', method: 'PATCH', path: item, body: [{ op: 'explode', path: '/name' }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch op null', method: 'PATCH', path: item, body: [null], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch path into nothing', method: 'PATCH', path: item, body: [{ op: 'replace', path: '/nothing/deep', value: 1 }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch replace root', method: 'PATCH', path: item, body: [{ op: 'replace', path: '', value: [] }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch __proto__', method: 'PATCH', path: item, body: [{ op: 'add', path: '/__proto__/polluted', value: 1 }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch /toString', method: 'PATCH', path: item, body: [{ op: 'add', path: '/toString', value: 'x' }], contentType: JSON_PATCH, expect: 400 },
        { name: 'JSON Patch failed test', method: 'PATCH', path: item, body: [{ op: 'test', path: '/name', value: 'not the name' }], contentType: JSON_PATCH, expect: 409 },
        { name: 'PATCH text/plain', method: 'PATCH', path: item, body: 'x', contentType: 'text/plain', expect: 415 },
        { name: 'PATCH unknown id', method: 'PATCH', path: resourcePath(c, UNKNOWN_ID), body: {}, contentType: MERGE_PATCH, expect: 404 },
        { name: 'PATCH non-uuid id', method: 'PATCH', path: resourcePath(c, 'abc'), body: {}, contentType: MERGE_PATCH, expect: 404 },
        // retrieve, delete, routes
        { name: 'GET unknown id', method: 'GET', path: resourcePath(c, UNKNOWN_ID), expect: 404 },
        { name: 'GET non-uuid id', method: 'GET', path: `${base}/abc'%20OR%201=1`, expect: 404 },
        { name: 'GET over-long id', method: 'GET', path: resourcePath(c, 'a'.repeat(2000)) },
        { name: 'GET fields unknown', method: 'GET', path: `${item}?fields=shoeSize`, expect: 400 },
        { name: 'GET fields bad syntax', method: 'GET', path: `${item}?fields=a..b`, expect: 400 },
        { name: 'DELETE unknown id', method: 'DELETE', path: resourcePath(c, UNKNOWN_ID), expect: 404 },
        { name: 'DELETE non-uuid id', method: 'DELETE', path: resourcePath(c, 'abc'), expect: 404 },
        { name: 'DELETE collection', method: 'DELETE', path: base },
        { name: 'PUT', method: 'PUT', path: item, body },
        // list queries
        ...[
          'name.like=x',
          'shoeSize=1',
          'validFor=x',
          'validFor.shoeSize=x',
          'lifecycleStatus.contains=A',
          'lastUpdate=yesterday',
          'lastUpdate.gte=2024-13-01T00:00:00Z',
          'validFor.startDateTime.lt=soon',
          'offset=-1',
          'offset=abc',
          'limit=1001',
          'limit=-1',
          'limit=1e3',
          'sort=shoeSize',
          'sort=validFor',
          'fields=shoeSize',
          'fields=name..x',
          'name.regex=(',
          'name.regex=%5B%5B%3Afoo%3A%5D%5D',
          'name=%E0%A4%A',
          '__proto__=1',
          'a.b.c.d.e.f.g.h.i=1',
          `name=${Array(101).fill('a').join(',')}`,
          Array(51).fill('name=a').join('&'),
        ].map((q): BadRequest => ({ name: `GET ?${q.slice(0, 60)}`, method: 'GET', path: `${base}?${q}`, expect: 400 })),
      ];
      await expectAllClientErrors(t, requests);
      expect(await catalogSnapshot(t)).toEqual(before);
      expect(await fetchResource(t, c, existing[c].id)).toEqual(existing[c]);
    });
  });

  it('bad typed filters on nested catalog attributes → 400', async () => {
    const requests: BadRequest[] = [
      ['productSpecification', 'productSpecCharacteristic.minCardinality=one'],
      ['productSpecification', 'isBundle=maybe'],
      ['productSpecification', 'productSpecCharacteristic.validFor.startDateTime.gt=later'],
      ['productOfferingPrice', 'percentage.gt=ten'],
      ['productOfferingPrice', 'price.value=free'],
      ['productOfferingPrice', 'recurringChargePeriodLength=1.x'],
      ['productOffering', 'isSellable=0'],
      ['productOffering', 'productSpecification=abc'],
      ['productOffering', 'bundledProductOffering.bundledProductOfferingOption.numberRelOfferDefault=x'],
      ['category', 'isRoot=yes'],
      ['catalog', 'category=abc'],
    ].map(([c, q]): BadRequest => ({ name: `${c}?${q}`, method: 'GET', path: `${CATALOG_BASE}/${c}?${q}`, expect: 400 }));
    await expectAllClientErrors(t, requests);
  });

  it('SQL-looking filter values find nothing and break nothing', async () => {
    const before = await catalogSnapshot(t);
    for (const c of COLLECTIONS) {
      for (const q of [
        `name=${encodeURIComponent("x' OR '1'='1")}`,
        `lifecycleStatus=${encodeURIComponent("In study' OR 1=1--")}`,
        `productSpecCharacteristic.name=${encodeURIComponent('x") || ($.name like_regex ".*')}`.replace('productSpecCharacteristic.name', c === 'productSpecification' ? 'productSpecCharacteristic.name' : 'name'),
        `name.regex=${encodeURIComponent("x'; DROP TABLE catalog;--")}`,
      ]) {
        const list = await listResources(t, c, q);
        expect({ c, q, status: list.status, body: list.body }).toEqual({ c, q, status: 200, body: [] });
      }
    }
    expect(await catalogSnapshot(t)).toEqual(before);
  });

  it('a JSON Patch moving a reference to a missing target is 400 even when hidden behind other operations', async () => {
    const offering = existing.productOffering;
    const res = await patchResource(
      t,
      'productOffering',
      offering.id,
      [
        { op: 'add', path: '/description', value: 'fine' },
        { op: 'add', path: '/category', value: [{ id: UNKNOWN_ID }] },
      ],
      JSON_PATCH,
    );
    expectTmfError(res, 400);
    expect(res.body.code).toBe('invalidReference');
    expect(await fetchResource(t, 'productOffering', offering.id)).toEqual(offering);
  });
});

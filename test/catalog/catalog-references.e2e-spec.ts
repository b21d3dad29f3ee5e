// TMF620 references between catalog resources: every kind of reference must name an existing resource (400
// invalidReference with the missing target's href otherwise), missing hrefs are filled in, and a resource cannot be
// deleted while another still refers to it (409 resourceInUse).
import { Doc, expectTmfError } from '../support/customer-helpers';
import {
  catalogSnapshot,
  Collection,
  createChain,
  createResource,
  deleteResource,
  fetchResource,
  hrefOf,
  JSON_PATCH,
  minimalBody,
  patchResource,
  postRaw,
  referencesOf,
  TABLE_OF,
  TYPE_OF,
  UNKNOWN_ID,
} from '../support/catalog-factories';
import { startTestApp, TestApp } from '../support/test-app';

interface RefCase {
  /** Resource and attribute path holding the reference. */
  label: string;
  source: Collection;
  target: Collection;
  /** Attributes of a create body referring to `ref` (a reference object, or an id for parentId). */
  body: (id: string, extra?: Doc) => Doc;
  /** The reference as returned. */
  refAt: (doc: Doc) => unknown;
  /** A merge patch that drops the reference. */
  drop: Doc;
  /** The path recorded in the reference graph. */
  path: string;
  /** Attributes with a reference item lacking an id, for the references whose id is required. */
  withoutId?: Doc;
  /** The reference is a plain id string (no href to fill). */
  idOnly?: boolean;
}

const ref = (id: string, extra: Doc = {}) => ({ id, ...extra });

const CASES: RefCase[] = [
  {
    label: 'productOffering.productSpecification',
    source: 'productOffering',
    target: 'productSpecification',
    body: (id, extra) => ({ productSpecification: ref(id, { name: 'Spec', ...extra }) }),
    refAt: (d) => d.productSpecification,
    drop: { productSpecification: null },
    path: 'productSpecification',
  },
  {
    label: 'productOffering.productOfferingPrice',
    source: 'productOffering',
    target: 'productOfferingPrice',
    body: (id, extra) => ({ productOfferingPrice: [ref(id, extra)] }),
    refAt: (d) => d.productOfferingPrice?.[0],
    drop: { productOfferingPrice: [] },
    path: 'productOfferingPrice',
  },
  {
    label: 'productOffering.category',
    source: 'productOffering',
    target: 'category',
    body: (id, extra) => ({ category: [ref(id, extra)] }),
    refAt: (d) => d.category?.[0],
    drop: { category: null },
    path: 'category',
  },
  {
    label: 'productOffering.bundledProductOffering',
    source: 'productOffering',
    target: 'productOffering',
    body: (id, extra) => ({ isBundle: true, bundledProductOffering: [ref(id, { bundledProductOfferingOption: { numberRelOfferDefault: 1 }, ...extra })] }),
    refAt: (d) => d.bundledProductOffering?.[0],
    drop: { bundledProductOffering: null },
    path: 'bundledProductOffering',
    withoutId: { bundledProductOffering: [{ name: 'Router', lifecycleStatus: 'Active' }] },
  },
  {
    label: 'productOffering.productOfferingRelationship',
    source: 'productOffering',
    target: 'productOffering',
    body: (id, extra) => ({ productOfferingRelationship: [ref(id, { relationshipType: 'requires', ...extra })] }),
    refAt: (d) => d.productOfferingRelationship?.[0],
    drop: { productOfferingRelationship: [] },
    path: 'productOfferingRelationship',
    withoutId: { productOfferingRelationship: [{ relationshipType: 'requires', name: 'Something' }] },
  },
  {
    label: 'productOffering.prodSpecCharValueUse.productSpecification',
    source: 'productOffering',
    target: 'productSpecification',
    body: (id, extra) => ({ prodSpecCharValueUse: [{ name: 'speed', productSpecCharacteristicValue: [{ value: 500 }] }, { name: 'colour', productSpecification: ref(id, extra) }] }),
    refAt: (d) => d.prodSpecCharValueUse?.[1].productSpecification,
    drop: { prodSpecCharValueUse: null },
    path: 'prodSpecCharValueUse.productSpecification',
  },
  {
    label: 'productOfferingPrice.popRelationship',
    source: 'productOfferingPrice',
    target: 'productOfferingPrice',
    body: (id, extra) => ({ priceType: 'recurring', popRelationship: [ref(id, { relationshipType: 'discount', ...extra })] }),
    refAt: (d) => d.popRelationship?.[0],
    drop: { popRelationship: null },
    path: 'popRelationship',
    withoutId: { popRelationship: [{ name: 'A discount', relationshipType: 'discount' }] },
  },
  {
    label: 'productOfferingPrice.bundledPopRelationship',
    source: 'productOfferingPrice',
    target: 'productOfferingPrice',
    body: (id, extra) => ({ isBundle: true, bundledPopRelationship: [ref(id, extra)] }),
    refAt: (d) => d.bundledPopRelationship?.[0],
    drop: { bundledPopRelationship: [] },
    path: 'bundledPopRelationship',
    withoutId: { bundledPopRelationship: [{ name: 'Install fee' }] },
  },
  {
    label: 'productSpecification.bundledProductSpecification',
    source: 'productSpecification',
    target: 'productSpecification',
    body: (id, extra) => ({ isBundle: true, bundledProductSpecification: [ref(id, { lifecycleStatus: 'Active', ...extra })] }),
    refAt: (d) => d.bundledProductSpecification?.[0],
    drop: { bundledProductSpecification: null },
    path: 'bundledProductSpecification',
    withoutId: { bundledProductSpecification: [{ name: 'Router' }] },
  },
  {
    label: 'productSpecification.productSpecificationRelationship',
    source: 'productSpecification',
    target: 'productSpecification',
    body: (id, extra) => ({ productSpecificationRelationship: [ref(id, { relationshipType: 'migration', ...extra })] }),
    refAt: (d) => d.productSpecificationRelationship?.[0],
    drop: { productSpecificationRelationship: [] },
    path: 'productSpecificationRelationship',
    withoutId: { productSpecificationRelationship: [{ relationshipType: 'migration' }] },
  },
  {
    label: 'category.parentId',
    source: 'category',
    target: 'category',
    body: (id) => ({ parentId: id }),
    refAt: (d) => d.parentId,
    drop: { parentId: null },
    path: 'parentId',
    idOnly: true,
  },
  {
    label: 'category.subCategory',
    source: 'category',
    target: 'category',
    body: (id, extra) => ({ subCategory: [ref(id, extra)] }),
    refAt: (d) => d.subCategory?.[0],
    drop: { subCategory: null },
    path: 'subCategory',
  },
  {
    label: 'category.productOffering',
    source: 'category',
    target: 'productOffering',
    body: (id, extra) => ({ productOffering: [ref(id, extra)] }),
    refAt: (d) => d.productOffering?.[0],
    drop: { productOffering: [] },
    path: 'productOffering',
  },
  {
    label: 'catalog.category',
    source: 'catalog',
    target: 'category',
    body: (id, extra) => ({ category: [ref(id, extra)] }),
    refAt: (d) => d.category?.[0],
    drop: { category: null },
    path: 'category',
  },
];

describe('TMF620 references between catalog resources', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  describe.each(CASES.map((c) => [c.label, c]))('%s', (_label, c: RefCase) => {
    it('400 invalidReference with the href of the missing target, for an unknown uuid and a non-uuid id; nothing stored', async () => {
      const before = await catalogSnapshot(t);
      for (const missing of [UNKNOWN_ID, 'not-a-uuid-42']) {
        const res = await postRaw(t, c.source, minimalBody(c.source, c.body(missing)));
        expectTmfError(res, 400);
        expect({ code: res.body.code, referenceError: res.body.referenceError }).toEqual({ code: 'invalidReference', referenceError: hrefOf(c.target, missing) });
      }
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('accepts an existing target, fills in its href (or keeps the one given) and records the reference', async () => {
      const target = await createResource(t, c.target);
      const created = await createResource(t, c.source, minimalBody(c.source, c.body(target.id)));
      if (c.idOnly) {
        expect(c.refAt(created)).toBe(target.id);
      } else {
        expect(c.refAt(created)).toMatchObject({ id: target.id, href: `http://bss.test:8080/tmf-api/productCatalogManagement/v4/${c.target}/${target.id}` });
        const given = await createResource(t, c.source, minimalBody(c.source, c.body(target.id, { href: 'https://elsewhere.example.com/x/1' })));
        expect(c.refAt(given)).toMatchObject({ id: target.id, href: 'https://elsewhere.example.com/x/1' });
        expect(c.refAt(await fetchResource(t, c.source, given.id))).toEqual(c.refAt(given));
      }
      expect(c.refAt(await fetchResource(t, c.source, created.id))).toEqual(c.refAt(created));
      expect(await referencesOf(t, c.source, created.id)).toEqual([{ target_table: TABLE_OF[c.target], target_id: target.id, path: c.path }]);
    });

    it('409 resourceInUse when deleting the target while it is referred to; 204 once the referrer dropped the reference', async () => {
      const target = await createResource(t, c.target);
      const referrer = await createResource(t, c.source, minimalBody(c.source, c.body(target.id)));
      const res = await deleteResource(t, c.target, target.id);
      expectTmfError(res, 409);
      expect(res.body.code).toBe('resourceInUse');
      expect(res.body.message).toContain(referrer.id);
      expect(res.body.message).toContain(TYPE_OF[c.source]);
      expect((await fetchResource(t, c.target, target.id)).id).toBe(target.id);

      const dropped = await patchResource(t, c.source, referrer.id, c.drop).expect(200);
      expect(c.refAt(dropped.body) ?? undefined).toBeUndefined();
      expect(await referencesOf(t, c.source, referrer.id)).toEqual([]);
      await deleteResource(t, c.target, target.id).expect(204);
    });

    it('PATCH adding a missing reference (merge or JSON patch) is 400 and changes nothing', async () => {
      const existing = await createResource(t, c.source);
      const before = await catalogSnapshot(t);
      const merge = await patchResource(t, c.source, existing.id, c.body(UNKNOWN_ID));
      expectTmfError(merge, 400);
      expect({ code: merge.body.code, referenceError: merge.body.referenceError }).toEqual({ code: 'invalidReference', referenceError: hrefOf(c.target, UNKNOWN_ID) });
      const ops = Object.entries(c.body('bad-id')).map(([k, value]) => ({ op: 'add', path: `/${k}`, value }));
      const jsonPatch = await patchResource(t, c.source, existing.id, ops, JSON_PATCH);
      expectTmfError(jsonPatch, 400);
      expect(jsonPatch.body.referenceError).toBe(hrefOf(c.target, 'bad-id'));
      expect(await catalogSnapshot(t)).toEqual(before);
      expect(await fetchResource(t, c.source, existing.id)).toEqual(existing);
    });

    if (c.withoutId) {
      const withoutId = c.withoutId;
      it('400 for a reference item without an id (create and patch); nothing stored', async () => {
        const existing = await createResource(t, c.source);
        const before = await catalogSnapshot(t);
        const created = await postRaw(t, c.source, minimalBody(c.source, withoutId));
        expectTmfError(created, 400);
        expect(created.body.message).toContain(c.path);
        expectTmfError(await patchResource(t, c.source, existing.id, withoutId), 400);
        expect(await catalogSnapshot(t)).toEqual(before);
      });
    }
  });

  it('names the first missing target among several references', async () => {
    const category = await createResource(t, 'category');
    const res = await postRaw(t, 'catalog', minimalBody('catalog', { category: [{ id: category.id }, { id: UNKNOWN_ID }] }));
    expectTmfError(res, 400);
    expect(res.body.referenceError).toBe(hrefOf('category', UNKNOWN_ID));
  });

  it('a price given inline (no id) is a value, not a reference', async () => {
    const inline = { name: 'Activation', priceType: 'oneTime', price: { dutyFreeAmount: { unit: 'EUR', value: 49 } } };
    const created = await createResource(t, 'productOffering', minimalBody('productOffering', { productOfferingPrice: [inline] }));
    expect(created.productOfferingPrice).toEqual([inline]);
    expect(await referencesOf(t, 'productOffering', created.id)).toEqual([]);
  });

  it('a target stays in use while any referrer is left; deleting the referrer frees it', async () => {
    const spec = await createResource(t, 'productSpecification');
    const a = await createResource(t, 'productOffering', minimalBody('productOffering', { productSpecification: { id: spec.id } }));
    const b = await createResource(t, 'productOffering', minimalBody('productOffering', { prodSpecCharValueUse: [{ name: 'x', productSpecification: { id: spec.id } }] }));
    await patchResource(t, 'productOffering', a.id, { productSpecification: null }).expect(200);
    const res = await deleteResource(t, 'productSpecification', spec.id);
    expectTmfError(res, 409);
    expect(res.body.message).toContain(b.id);
    await deleteResource(t, 'productOffering', b.id).expect(204);
    await deleteResource(t, 'productSpecification', spec.id).expect(204);
  });

  it('moving a reference from one target to another frees the first and holds the second', async () => {
    const [first, second] = [await createResource(t, 'productSpecification'), await createResource(t, 'productSpecification')];
    const offering = await createResource(t, 'productOffering', minimalBody('productOffering', { productSpecification: { id: first.id } }));
    const moved = await patchResource(t, 'productOffering', offering.id, [{ op: 'replace', path: '/productSpecification', value: { id: second.id } }], JSON_PATCH).expect(200);
    expect(moved.body.productSpecification).toEqual({ id: second.id, href: hrefOf('productSpecification', second.id) });
    expect(await referencesOf(t, 'productOffering', offering.id)).toEqual([{ target_table: 'product_specification', target_id: second.id, path: 'productSpecification' }]);
    expectTmfError(await deleteResource(t, 'productSpecification', second.id), 409);
    await deleteResource(t, 'productSpecification', first.id).expect(204);
  });

  // The server filled in the href of the first target; a merge patch naming only the new id merges into that
  // object, so the href must follow the id rather than keep pointing at the previous target.
  it('a merge patch changing only the id of a reference does not leave the previous target’s server-filled href behind', async () => {
    const [first, second] = [await createResource(t, 'productSpecification'), await createResource(t, 'productSpecification')];
    const offering = await createResource(t, 'productOffering', minimalBody('productOffering', { productSpecification: { id: first.id } }));
    expect(offering.productSpecification).toEqual({ id: first.id, href: hrefOf('productSpecification', first.id) });
    const moved = await patchResource(t, 'productOffering', offering.id, { productSpecification: { id: second.id } }).expect(200);
    expect(moved.body.productSpecification).toEqual({ id: second.id, href: hrefOf('productSpecification', second.id) });
  });

  it('the whole chain is deleted only from the top: catalog, category, offering, then price and specification', async () => {
    const chain = await createChain(t);
    for (const [c, doc] of [
      ['productSpecification', chain.specification],
      ['productOfferingPrice', chain.price],
      ['productOffering', chain.offering],
      ['category', chain.category],
    ] as [Collection, Doc][]) {
      expectTmfError(await deleteResource(t, c, doc.id), 409);
    }
    for (const [c, doc] of [
      ['catalog', chain.catalog],
      ['category', chain.category],
      ['productOffering', chain.offering],
      ['productOfferingPrice', chain.price],
      ['productSpecification', chain.specification],
    ] as [Collection, Doc][]) {
      await deleteResource(t, c, doc.id).expect(204);
    }
  });

  it('re-sending a reference without its (server-filled) href is not a change: same lastUpdate, no event', async () => {
    const chain = await createChain(t);
    const before = await catalogSnapshot(t);
    const merge = await patchResource(t, 'productOffering', chain.offering.id, { productSpecification: { id: chain.specification.id } }).expect(200);
    expect(merge.body).toEqual(chain.offering);
    const replace = await patchResource(t, 'productOffering', chain.offering.id, [{ op: 'replace', path: '/productOfferingPrice', value: [{ id: chain.price.id }] }], JSON_PATCH).expect(200);
    expect(replace.body).toEqual(chain.offering);
    expect(await catalogSnapshot(t)).toEqual(before);
  });

  it('concurrent deletes of a target and creates of referrers never leave a reference to a deleted resource', async () => {
    const specs = await Promise.all(Array.from({ length: 6 }, () => createResource(t, 'productSpecification')));
    const outcomes = await Promise.all(
      specs.flatMap((spec) => [
        postRaw(t, 'productOffering', minimalBody('productOffering', { productSpecification: { id: spec.id } })).then((r) => ({ kind: 'create', spec: spec.id, status: r.status, id: r.body.id })),
        deleteResource(t, 'productSpecification', spec.id).then((r) => ({ kind: 'delete', spec: spec.id, status: r.status, id: undefined })),
      ]),
    );
    for (const spec of specs) {
      const created = outcomes.find((o) => o.kind === 'create' && o.spec === spec.id)!;
      const deleted = outcomes.find((o) => o.kind === 'delete' && o.spec === spec.id)!;
      // exactly one of the two wins
      expect([created.status, deleted.status].sort()).toEqual(created.status === 201 ? [201, 409] : [204, 400]);
      const specRow = (await t.sql.query('SELECT 1 FROM product_specification WHERE id = $1', [spec.id])).rowCount;
      expect(specRow).toBe(created.status === 201 ? 1 : 0);
    }
    const dangling = await t.sql.query(
      `SELECT o.id FROM product_offering o WHERE o.doc->'productSpecification'->>'id' IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM product_specification s WHERE s.id::text = o.doc->'productSpecification'->>'id')`,
    );
    expect(dangling.rows).toEqual([]);
  });

  it('fills in the hrefs of the chain the server built', async () => {
    const chain = await createChain(t);
    expect(chain.offering.productSpecification).toEqual({ id: chain.specification.id, href: chain.specification.href });
    expect(chain.offering.productOfferingPrice).toEqual([{ id: chain.price.id, href: chain.price.href }]);
    expect(chain.category.productOffering).toEqual([{ id: chain.offering.id, href: chain.offering.href }]);
    expect(chain.catalog.category).toEqual([{ id: chain.category.id, href: chain.category.href }]);
  });

  it.each<[Collection, (id: string) => Doc]>([
    ['category', (id) => ({ parentId: id })],
    ['productOffering', (id) => ({ bundledProductOffering: [{ id }] })],
    ['productOfferingPrice', (id) => ({ popRelationship: [{ id }] })],
  ])('refuses a %s that refers to itself (a loop, never a meaning), and changes nothing', async (c, selfRef) => {
    const created = await createResource(t, c, minimalBody(c));
    const before = await catalogSnapshot(t);
    const res = await patchResource(t, c, created.id, selfRef(created.id));
    expectTmfError(res, 400);
    expect(res.body.code).toBe('invalidReference');
    expect(res.body.message).toContain(`refers to the ${TYPE_OF[c]} itself`);
    expect(await catalogSnapshot(t)).toEqual(before);
  });
});

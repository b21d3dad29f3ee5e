// TMF620 Product Catalog: every attribute of each v4.1 resource round-trips (POST then GET), the minimal create,
// retrieve with fields, merge and JSON patch, delete.
import request from 'supertest';
import { Doc, expectTmfError, UUID_RE } from '../support/customer-helpers';
import {
  CATALOG_URL,
  Collection,
  COLLECTIONS,
  collectionPath,
  createFullBodies,
  createResource,
  deleteResource,
  expectedFromFullBody,
  fetchResource,
  FullBodies,
  getResource,
  hrefOf,
  ISO_UTC_MS,
  JSON_PATCH,
  listResources,
  minimalBody,
  patchResource,
  TABLE_OF,
  TYPE_OF,
  UNKNOWN_ID,
} from '../support/catalog-factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('TMF620 catalog resources: create, retrieve, patch, delete', () => {
  let t: TestApp;
  let full: FullBodies;
  beforeAll(async () => {
    t = await startTestApp();
    full = await createFullBodies(t);
  });
  afterAll(() => t.close());

  describe.each(COLLECTIONS.map((c) => [c]))('%s', (c: Collection) => {
    it('round-trips every attribute of the v4.1 schema through POST then GET', async () => {
      const body = full.bodies[c];
      const before = Date.now();
      const created = await request(t.server).post(collectionPath(c)).send(body).expect(201);
      const after = Date.now();
      expect(created.body.id).toMatch(UUID_RE);
      expect(created.headers.location).toBe(hrefOf(c, created.body.id));
      expect(created.body.lastUpdate).toMatch(ISO_UTC_MS);
      const stamped = Date.parse(created.body.lastUpdate);
      expect(stamped).toBeGreaterThanOrEqual(before - 5);
      expect(stamped).toBeLessThanOrEqual(after + 5);

      const expected = expectedFromFullBody(c, body, created.body);
      expect(created.body).toEqual(expected);
      const got = await getResource(t, c, created.body.id).expect(200);
      expect(got.body).toEqual(expected);
      const listed = await listResources(t, c, `id=${created.body.id}`).expect(200);
      expect(listed.body).toEqual([expected]);
    });

    it('a minimal body gets @type, lifecycleStatus In study, lastUpdate — and nothing else', async () => {
      const body = minimalBody(c);
      const created = await createResource(t, c, body);
      expect(created).toEqual({
        id: expect.stringMatching(UUID_RE),
        href: `${CATALOG_URL}/${c}/${created.id}`,
        name: body.name,
        '@type': TYPE_OF[c],
        lifecycleStatus: 'In study',
        lastUpdate: expect.stringMatching(ISO_UTC_MS),
      });
      expect(await fetchResource(t, c, created.id)).toEqual(created);
      const row = await t.sql.query(`SELECT name, lifecycle_status, last_update FROM ${TABLE_OF[c]} WHERE id = $1`, [created.id]);
      expect(row.rows).toEqual([{ name: body.name, lifecycle_status: 'In study', last_update: new Date(created.lastUpdate) }]);
    });

    it('name is mandatory: 400 without it, nothing stored', async () => {
      const before = (await t.sql.query(`SELECT count(*)::int AS n FROM ${TABLE_OF[c]}`)).rows[0].n;
      const res = await request(t.server).post(collectionPath(c)).send({ description: 'no name' });
      expectTmfError(res, 400);
      expect(res.body.message).toContain('name');
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM ${TABLE_OF[c]}`)).rows[0].n).toBe(before);
    });

    it('retrieve with fields returns the attributes asked for, plus id, href and @type', async () => {
      const created = await createResource(t, c, minimalBody(c, { description: 'described', version: '7' }));
      const res = await getResource(t, c, created.id, 'fields=version,lifecycleStatus').expect(200);
      expect(res.body).toEqual({ id: created.id, href: created.href, '@type': TYPE_OF[c], version: '7', lifecycleStatus: 'In study' });
    });

    it('merge patch changes the attributes it names and keeps the others', async () => {
      const created = await createResource(t, c, minimalBody(c, { description: 'before', version: '1', validFor: { startDateTime: '2024-01-01T00:00:00Z' } }));
      const res = await patchResource(t, c, created.id, { description: 'after', version: null, validFor: { endDateTime: '2025-01-01T01:00:00+01:00' } }).expect(200);
      const expected: Doc = {
        ...created,
        description: 'after',
        validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.000Z' },
        lastUpdate: res.body.lastUpdate,
      };
      delete expected.version;
      expect(res.body).toEqual(expected);
      expect(await fetchResource(t, c, created.id)).toEqual(expected);
    });

    it('a renamed resource is found under its new name only (the name column follows the document)', async () => {
      const created = await createResource(t, c);
      const renamed = `${created.name} renamed`;
      await patchResource(t, c, created.id, { name: renamed }).expect(200);
      expect((await listResources(t, c, `name=${encodeURIComponent(renamed)}`).expect(200)).body.map((r: Doc) => r.id)).toEqual([created.id]);
      expect((await listResources(t, c, `name=${encodeURIComponent(created.name)}`).expect(200)).body).toEqual([]);
      const row = await t.sql.query(`SELECT name FROM ${TABLE_OF[c]} WHERE id = $1`, [created.id]);
      expect(row.rows).toEqual([{ name: renamed }]);
    });

    it('JSON patch applies its operations in order', async () => {
      const created = await createResource(t, c, minimalBody(c, { description: 'before' }));
      const ops = [
        { op: 'replace', path: '/description', value: 'after' },
        { op: 'add', path: '/version', value: '9' },
        { op: 'test', path: '/version', value: '9' },
        { op: 'copy', from: '/version', path: '/@baseType' },
      ];
      const res = await patchResource(t, c, created.id, ops, JSON_PATCH).expect(200);
      expect(res.body).toEqual({ ...created, description: 'after', version: '9', '@baseType': '9', lastUpdate: res.body.lastUpdate });
      expect(await fetchResource(t, c, created.id)).toEqual(res.body);
    });

    it('DELETE answers 204; then GET, PATCH and DELETE are 404 and the row is gone', async () => {
      const created = await createResource(t, c, minimalBody(c));
      const res = await deleteResource(t, c, created.id).expect(204);
      expect(res.text).toBe('');
      expectTmfError(await getResource(t, c, created.id), 404);
      expectTmfError(await patchResource(t, c, created.id, { description: 'x' }), 404);
      expectTmfError(await deleteResource(t, c, created.id), 404);
      expect((await t.sql.query(`SELECT 1 FROM ${TABLE_OF[c]} WHERE id = $1`, [created.id])).rowCount).toBe(0);
    });

    it('404 with a TMF Error for an unknown or malformed id', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        const res = await getResource(t, c, id);
        expectTmfError(res, 404);
        expect(res.body.code).toBe('notFound');
      }
    });
  });

  it('keeps date-times in every nested position as the same instant, in UTC with milliseconds', async () => {
    const created = await createResource(t, 'productOffering', {
      name: 'Dates',
      validFor: { startDateTime: '2024-01-01T02:00:00+02:00', endDateTime: '2024-12-31T18:30:00.5-05:30' },
      productOfferingTerm: [{ name: 'term', validFor: { startDateTime: '2024-03-01T00:00:00.123456Z' } }],
      productOfferingPrice: [{ name: 'inline', lastUpdate: '2024-02-01T10:00:00+01:00', priceAlteration: [{ priceType: 'discount', price: { percentage: 5 }, validFor: { endDateTime: '2024-06-01T09:00:00+09:00' } }] }],
    });
    const expected = {
      validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.500Z' },
      productOfferingTerm: [{ name: 'term', validFor: { startDateTime: '2024-03-01T00:00:00.123Z' } }],
      productOfferingPrice: [{ name: 'inline', lastUpdate: '2024-02-01T09:00:00.000Z', priceAlteration: [{ priceType: 'discount', price: { percentage: 5 }, validFor: { endDateTime: '2024-06-01T00:00:00.000Z' } }] }],
    };
    expect(created).toMatchObject(expected);
    expect(await fetchResource(t, 'productOffering', created.id)).toMatchObject(expected);
  });

  it('keeps characteristic values of every JSON type exactly as sent', async () => {
    const values = ['text', 42, 2.5, -0.125, true, false, { a: { b: [1, 'c', null] } }, [1, [2, [3]]], '2024-01-01T00:00:00+02:00', ''];
    const created = await createResource(t, 'productSpecification', {
      name: 'Values',
      productSpecCharacteristic: [{ name: 'mixed', productSpecCharacteristicValue: values.map((value) => ({ value })) }],
    });
    const got = await fetchResource(t, 'productSpecification', created.id);
    expect(got.productSpecCharacteristic[0].productSpecCharacteristicValue.map((v: Doc) => v.value)).toEqual(values);
    expect(got.productSpecCharacteristic).toEqual(created.productSpecCharacteristic);
  });

  it('keeps a client-sent sub-class @type with its @baseType and @schemaLocation; refuses a sub-class without them', async () => {
    const poly = { '@type': 'MobileOffering', '@baseType': 'ProductOffering', '@schemaLocation': 'https://schemas.example.com/MobileOffering.json' };
    const created = await createResource(t, 'productOffering', minimalBody('productOffering', poly));
    expect(created).toMatchObject(poly);
    expectTmfError(await request(t.server).post(collectionPath('productOffering')).send(minimalBody('productOffering', { '@type': 'MobileOffering' })), 400);
  });

  it('gives every resource its own id', async () => {
    const body = minimalBody('productSpecification');
    const a = await createResource(t, 'productSpecification', body);
    const b = await createResource(t, 'productSpecification', body);
    expect(a.id).not.toBe(b.id);
  });
});

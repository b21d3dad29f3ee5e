// TMF620 import of a hand-written file: invalid resources and dangling references are skipped and named in the
// job's errorLog, the valid ones imported; `path` restricts an import to one collection.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { BASE, catalogEvents, Collection, create, Doc, FileServer, runJob } from './transfer-helpers';

const HREF = `http://bss.test:8080${BASE}`;

describe('TMF620 catalog transfer: importing a file with problems', () => {
  let files: FileServer;
  let t: TestApp;
  beforeAll(async () => {
    files = await new FileServer().start();
    t = await startTestApp({ env: { IMPORT_URL_ALLOWLIST: `${files.origin}/files/` } });
    await t.startWorker();
  });
  afterAll(async () => {
    await t?.close();
    await files?.stop();
  });

  let served = 0;
  /** Serves `collections` as a catalog file and runs an import of it. */
  async function importFile(collections: Record<string, unknown>, extra: Doc = {}): Promise<Doc> {
    const url = files.serve(`/files/file-${++served}.json`, JSON.stringify({ format: 'tmf620-catalog-export/1', exportedAt: new Date().toISOString(), ...collections }));
    return runJob(t, 'importJob', { url, ...extra });
  }
  const get = (c: Collection, id: string) => request(t.server).get(`${BASE}/${c}/${id}`);

  it('imports the valid resources and fails the job with an errorLog naming each skipped one and why', async () => {
    const dbSpec = await create(t, 'productSpecification', { name: 'already in the database' });
    const eventsBefore = (await catalogEvents(t)).length;
    const [specOk, specNoName, specBadState, priceOk, priceBadRule, offerOk, offerDangling, offerOnInvalid, categoryOnDropped, missing] = Array.from({ length: 10 }, () => randomUUID());
    const specOkDoc = { id: specOk, href: `${HREF}/productSpecification/${specOk}`, name: 'Imported spec', lifecycleStatus: 'Launched', lastUpdate: '2024-05-01T10:00:00.000Z', '@type': 'ProductSpecification' };
    const priceOkDoc = { id: priceOk, name: 'Monthly', priceType: 'recurring', price: { unit: 'EUR', value: 10 }, recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 };
    const offerOkDoc = {
      id: offerOk,
      name: 'Good offer',
      lifecycleStatus: 'Active',
      productSpecification: { id: specOk },
      productOfferingPrice: [{ id: priceOk }],
      prodSpecCharValueUse: [{ name: 'speed', productSpecification: { id: dbSpec.id } }],
    };
    const job = await importFile({
      productSpecification: [specOkDoc, { id: specNoName, lifecycleStatus: 'Launched' }, { id: specBadState, name: 'bad state', lifecycleStatus: 'Bogus' }, { id: 'spec-1', name: 'not a uuid' }],
      productOfferingPrice: [priceOkDoc, { id: priceBadRule, name: 'discount without amount', priceType: 'discount' }],
      category: [{ id: categoryOnDropped, name: 'lists a dropped offering', productOffering: [{ id: offerOnInvalid }] }],
      productOffering: [
        offerOkDoc,
        { id: offerDangling, name: 'dangling', productSpecification: { id: missing } },
        { id: offerOnInvalid, name: 'on an invalid spec', productSpecification: { id: specNoName } },
      ],
    });

    expect(job.status).toBe('Failed');
    const log = String(job.errorLog);
    const [head, ...lines] = log.split('\n');
    expect(head).toBe('3 of 10 resources imported; 7 not:');
    expect(lines).toHaveLength(7);
    for (const expected of [
      new RegExp(`^ProductSpecification ${specNoName}: .*name`),
      new RegExp(`^ProductSpecification ${specBadState}: lifecycleStatus must be one of`),
      /^ProductSpecification spec-1: id must be a UUID/,
      new RegExp(`^ProductOfferingPrice ${priceBadRule}: a discount gives a 'percentage' or a 'price'`),
      new RegExp(`^ProductOffering ${offerDangling}: productSpecification refers to ProductSpecification '${missing}', which does not exist`),
      new RegExp(`^ProductOffering ${offerOnInvalid}: productSpecification refers to ProductSpecification '${specNoName}', which does not exist`),
      new RegExp(`^Category ${categoryOnDropped}: productOffering\\[0\\] refers to ProductOffering '${offerOnInvalid}', which does not exist`),
    ]) {
      expect({ expected: String(expected), found: lines.some((l) => expected.test(l)) }).toEqual({ expected: String(expected), found: true });
    }

    expect((await get('productSpecification', specOk).expect(200)).body).toEqual(specOkDoc);
    expect((await get('productOfferingPrice', priceOk).expect(200)).body).toEqual({ ...priceOkDoc, href: `${HREF}/productOfferingPrice/${priceOk}`, '@type': 'ProductOfferingPrice', lifecycleStatus: 'In study', lastUpdate: expect.any(String) });
    const offer = (await get('productOffering', offerOk).expect(200)).body;
    expect(offer).toMatchObject({ ...offerOkDoc, productSpecification: { id: specOk, href: `${HREF}/productSpecification/${specOk}` } });
    for (const [c, id] of [['productSpecification', specNoName], ['productSpecification', specBadState], ['productOfferingPrice', priceBadRule], ['productOffering', offerDangling], ['productOffering', offerOnInvalid], ['category', categoryOnDropped]] as [Collection, string][]) {
      await get(c, id).expect(404);
    }
    const created = (await catalogEvents(t)).slice(eventsBefore).map((e) => `${e.event_type} ${e.resource_id}`);
    expect(created.sort()).toEqual([`ProductOfferingCreateEvent ${offerOk}`, `ProductOfferingPriceCreateEvent ${priceOk}`, `ProductSpecificationCreateEvent ${specOk}`].sort());
    // the failed job is found by status
    const failed = await request(t.server).get(`${BASE}/importJob?status=Failed`).expect(200);
    expect(failed.body.map((j: Doc) => j.id)).toContain(job.id);
  });

  it('does not accept a reference to a resource of another type that happens to be in the file', async () => {
    const [price, offer] = [randomUUID(), randomUUID()];
    const job = await importFile({
      productOfferingPrice: [{ id: price, name: 'a price, not a spec', priceType: 'one time' }],
      productOffering: [{ id: offer, name: 'spec points at a price', productSpecification: { id: price } }],
    });
    expect(job.status).toBe('Failed');
    expect(job.errorLog).toContain(`ProductOffering ${offer}: productSpecification refers to ProductSpecification '${price}', which does not exist`);
    await get('productOffering', offer).expect(404);
  });

  it('imports the first of two resources with the same id and reports the second', async () => {
    const id = randomUUID();
    const job = await importFile({ category: [{ id, name: 'first' }, { id, name: 'second' }] });
    expect(job).toMatchObject({ status: 'Failed', errorLog: `1 of 2 resources imported; 1 not:\nCategory ${id}: appears more than once in the file; the first was imported` });
    expect((await get('category', id).expect(200)).body.name).toBe('first');
  });

  it('with a path, imports that collection only and ignores the rest of the file', async () => {
    const [spec, offer] = [randomUUID(), randomUUID()];
    const job = await importFile(
      { productSpecification: [{ id: spec, name: 'spec only' }], productOffering: [{ id: offer, name: 'ignored', productSpecification: { id: spec } }] },
      { path: 'productSpecification' },
    );
    expect(job).toMatchObject({ status: 'Succeeded', path: 'productSpecification' });
    expect(job.errorLog).toBeUndefined();
    await get('productSpecification', spec).expect(200);
    await get('productOffering', offer).expect(404);
  });

  it('imports more than one transaction of 500, references crossing batches; lists at most 100 problems', async () => {
    const valid = Array.from({ length: 1100 }, () => randomUUID());
    // each category's parent comes later in the file, in a later batch for most of them
    const categories: Doc[] = valid.map((id, i) => ({ id, name: `chain ${i}`, ...(i + 1 < valid.length ? { parentId: valid[i + 1] } : {}) }));
    const invalid = Array.from({ length: 150 }, () => ({ id: randomUUID(), description: 'no name' }));
    const job = await importFile({ category: [...categories, ...invalid] }, {});
    expect(job.status).toBe('Failed');
    const lines = String(job.errorLog).split('\n');
    expect(lines[0]).toBe('1100 of 1250 resources imported; 150 not:');
    expect(lines).toHaveLength(1 + 100 + 1);
    expect(lines[101]).toBe('… and 50 more');
    const count = await t.sql.query('SELECT count(*)::int AS n FROM category WHERE id = ANY($1::uuid[])', [valid]);
    expect(count.rows[0].n).toBe(1100);
    expect((await get('category', valid[0]).expect(200)).body.parentId).toBe(valid[1]);
    const refs = await t.sql.query(`SELECT count(*)::int AS n FROM resource_reference WHERE source_table = 'category' AND source_id = ANY($1::uuid[])`, [valid]);
    expect(refs.rows[0].n).toBe(1099);
  });
});

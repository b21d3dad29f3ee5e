// TMF620 export then import: a whole catalog exported from one service and imported into an empty one comes
// back exactly (ids, lastUpdate, lifecycleStatus, every attribute); importing an export into the service that
// wrote it changes nothing.
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { BuiltCatalog, buildCatalog } from './catalog-builder';
import { BASE, catalogEvents, COLLECTIONS, Collection, createJob, Doc, download, FileServer, ids, readCatalog, runJob, waitForJob } from './transfer-helpers';

/** `updated_at` of every catalog row: unchanged when a write left the row alone. */
async function rowVersions(t: TestApp): Promise<Record<string, string>> {
  const tables = ['product_specification', 'product_offering_price', 'category', 'product_offering', 'catalog'];
  const out: Record<string, string> = {};
  for (const table of tables) {
    for (const r of (await t.sql.query(`SELECT id, updated_at FROM ${table}`)).rows) out[`${table}/${r.id}`] = (r.updated_at as Date).toISOString();
  }
  return out;
}

describe('TMF620 catalog transfer: round trip', () => {
  let files: FileServer;
  let source: TestApp;
  let target: TestApp;
  let built: BuiltCatalog;
  let before: Record<Collection, Doc[]>;
  let exported: Doc;
  let fileText: string;

  beforeAll(async () => {
    files = await new FileServer().start();
    source = await startTestApp();
    target = await startTestApp({ env: { IMPORT_URL_ALLOWLIST: `${files.origin}/files/` } });
    await source.startWorker();
    await target.startWorker();
    built = await buildCatalog(source);
    before = await readCatalog(source);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await files?.stop();
  });

  it('exports the whole catalog, and every resource it references, to one file at the job url', async () => {
    expect(COLLECTIONS.reduce((n, c) => n + before[c].length, 0)).toBe(built.count);
    const job = await createJob(source, 'exportJob', { url: 'http://attacker.example/steal' });
    expect(job).toMatchObject({ status: 'Not Started', contentType: 'application/json', url: `${String(job.href)}/content`, '@type': 'ExportJob' });
    exported = await waitForJob(source, 'exportJob', job.id);
    expect(exported).toMatchObject({ id: job.id, status: 'Succeeded', creationDate: job.creationDate, url: job.url });
    expect(exported.errorLog).toBeUndefined();
    expect(Date.parse(String(exported.completionDate))).toBeGreaterThanOrEqual(Date.parse(String(exported.creationDate)));

    fileText = await download(source, exported);
    const file = JSON.parse(fileText) as Record<string, unknown>;
    expect(Object.keys(file).sort()).toEqual(['catalog', 'category', 'exportedAt', 'format', 'productOffering', 'productOfferingPrice', 'productSpecification']);
    expect(file.format).toBe('tmf620-catalog-export/1');
    expect(new Date(String(file.exportedAt)).toISOString()).toBe(file.exportedAt);
    for (const c of COLLECTIONS) {
      const items = [...(file[c] as Doc[])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect({ collection: c, items }).toEqual({ collection: c, items: before[c] });
    }
  });

  it('imports the file into an empty service and reproduces the catalog exactly, with one Create event per resource', async () => {
    expect(Object.values(await readCatalog(target)).flat()).toEqual([]);
    const url = files.serve('/files/catalog.json', fileText);
    const job = await runJob(target, 'importJob', { url });
    expect(job).toMatchObject({ status: 'Succeeded', url, contentType: 'application/json' });
    expect(job.errorLog).toBeUndefined();
    expect(files.hits).toEqual(['/files/catalog.json']);

    const after = await readCatalog(target);
    for (const c of COLLECTIONS) expect({ collection: c, items: after[c] }).toEqual({ collection: c, items: before[c] });
    // spot checks of what a lossy import would most likely get wrong
    const fibre = after.productOffering.find((o) => o.id === built.offerings.fibre.id)!;
    expect(fibre.lastUpdate).toBe(built.offerings.fibre.lastUpdate);
    expect(after.category.find((c) => c.id === built.categories.root.id)!.lastUpdate).toBe(built.categories.root.lastUpdate); // patched: not its creation time
    expect(after.productOfferingPrice.find((p) => p.id === built.prices.monthly.id)).toMatchObject({ popRelationship: [{ id: built.prices.discount.id }] });

    const events = await catalogEvents(target);
    const expected = COLLECTIONS.flatMap((c) => before[c].map((d) => `${String(d['@type'])}CreateEvent ${String(d.id)}`));
    expect(events.map((e) => `${e.event_type} ${e.resource_id}`).sort()).toEqual(expected.sort());
  });

  it('keeps the references of imported resources: what they refer to cannot be deleted', async () => {
    const res = await request(target.server).delete(`${BASE}/productOfferingPrice/${String(built.prices.discount.id)}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain(String(built.prices.monthly.id));
  });

  it('exporting the imported catalog gives the same resources again', async () => {
    const again = await runJob(target, 'exportJob', {});
    expect(again.status).toBe('Succeeded');
    const first = JSON.parse(fileText) as Record<string, Doc[]>;
    const second = JSON.parse(await download(target, again)) as Record<string, Doc[]>;
    for (const c of COLLECTIONS) expect({ c, ids: ids(second[c]), items: second[c] }).toEqual({ c, ids: ids(first[c]), items: expect.arrayContaining(first[c]) });
  });

  it('importing an export into the service that wrote it is a no-op: Succeeded, nothing rewritten, no events', async () => {
    const events = await catalogEvents(source);
    const versions = await rowVersions(source);
    const job = await runJob(source, 'importJob', { url: exported.url });
    expect(job).toMatchObject({ status: 'Succeeded', url: exported.url });
    expect(job.errorLog).toBeUndefined();
    expect(await readCatalog(source)).toEqual(before);
    expect(await rowVersions(source)).toEqual(versions);
    expect(await catalogEvents(source)).toEqual(events);
  });
});

// TMF620 import/export jobs are idempotent: running the transfer service again for a finished job, or for a job
// whose worker died mid-run, changes nothing; an import restores what changed since its export, once.
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { CatalogTransferService } from '../../src/catalog/transfer/catalog-transfer.service';
import { startTestApp, TestApp } from '../support/test-app';
import { BuiltCatalog, buildCatalog } from './catalog-builder';
import { BASE, catalogEvents, create, Doc, download, mergePatch, readCatalog, runJob } from './transfer-helpers';

describe('TMF620 catalog transfer: idempotence', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let transfers: CatalogTransferService;
  let built: BuiltCatalog;
  let exported: Doc;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await t.startWorker();
    transfers = worker.get(CatalogTransferService);
    built = await buildCatalog(t);
    exported = await runJob(t, 'exportJob', {});
    expect(exported.status).toBe('Succeeded');
  });
  afterAll(() => t.close());

  const getJob = async (kind: 'importJob' | 'exportJob', id: unknown) => (await request(t.server).get(`${BASE}/${kind}/${String(id)}`).expect(200)).body as Doc;
  /** Everything an import could change: the resources, their rows' write times, the outbox. */
  const state = async () => ({
    catalog: await readCatalog(t),
    rows: (await t.sql.query(`SELECT id::text, updated_at FROM product_offering UNION ALL SELECT id::text, updated_at FROM category ORDER BY 1`)).rows,
    events: await catalogEvents(t),
  });
  /** What a worker that died mid-run leaves behind: the job Running. */
  const markRunning = (table: string, id: unknown) =>
    t.sql.query(`UPDATE ${table} SET status = 'Running', doc = (doc - 'completionDate' - 'errorLog') || '{"status":"Running"}' WHERE id = $1`, [id]);

  it('runImport again for a finished job does nothing, not even to the job', async () => {
    const job = await runJob(t, 'importJob', { url: exported.url });
    expect(job.status).toBe('Succeeded');
    const before = await state();
    await transfers.runImport(String(job.id));
    await transfers.runImport(String(job.id), false);
    expect(await getJob('importJob', job.id)).toEqual(job);
    expect(await state()).toEqual(before);
  });

  it('runImport for a job left Running by a dead worker finishes it without changing the catalog', async () => {
    const job = await runJob(t, 'importJob', { url: exported.url });
    const before = await state();
    await markRunning('import_job', job.id);
    await transfers.runImport(String(job.id));
    const again = await getJob('importJob', job.id);
    expect(again).toMatchObject({ status: 'Succeeded', creationDate: job.creationDate });
    expect(again.errorLog).toBeUndefined();
    expect(await state()).toEqual(before);
  });

  it('runExport again for a finished job leaves the job and its file as they were', async () => {
    const file = await download(t, exported);
    await transfers.runExport(String(exported.id));
    expect(await getJob('exportJob', exported.id)).toEqual(exported);
    expect(await download(t, exported)).toBe(file);
  });

  it('an import restores what changed since the export, with change events, and keeps what is newer; once', async () => {
    const offer = built.offerings.fibre;
    await mergePatch(t, 'productOffering', offer.id, { name: 'Fibre 500 (renamed)', lifecycleStatus: 'Retired' });
    const added = await create(t, 'category', { name: 'Created after the export' });
    const eventsBefore = (await catalogEvents(t)).length;

    const job = await runJob(t, 'importJob', { url: exported.url });
    expect(job.status).toBe('Succeeded');
    expect((await request(t.server).get(`${BASE}/productOffering/${String(offer.id)}`).expect(200)).body).toEqual(offer);
    await request(t.server).get(`${BASE}/category/${String(added.id)}`).expect(200);
    const changes = (await catalogEvents(t)).slice(eventsBefore);

    // once: the same job run again (its worker having died) finds nothing left to change
    const before = await state();
    await markRunning('import_job', job.id);
    await transfers.runImport(String(job.id));
    expect(await getJob('importJob', job.id)).toMatchObject({ status: 'Succeeded' });
    expect(await state()).toEqual(before);

    // a replaced resource raises change events, as a PATCH would; it was not created
    expect(changes.map((e) => `${e.event_type} ${e.resource_id}`).sort()).toEqual(
      [`ProductOfferingAttributeValueChangeEvent ${String(offer.id)}`, `ProductOfferingStateChangeEvent ${String(offer.id)}`].sort(),
    );
  });
});

// TMF620 import/export job requests, with no worker running: bad requests are a 400 and leave no job row; good
// ones are stored Not Started; the export file is 404 for an unknown job and 409 until the job has succeeded.
import request from 'supertest';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { BASE, createJob, Doc, JobKind } from './transfer-helpers';

const ALLOWED = 'http://127.0.0.1:9/files/';
const UNKNOWN_ID = '0190f3a0-0000-7000-8000-000000000000';

describe('TMF620 catalog transfer: job requests', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { IMPORT_URL_ALLOWLIST: ALLOWED } })));
  afterAll(() => t.close());

  const jobRows = async () => {
    const count = async (table: string) => (await t.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
    return { exportJob: await count('export_job'), importJob: await count('import_job') };
  };

  it.each<[JobKind, Doc, string]>([
    ['exportJob', { path: 'productThing' }, 'productThing'],
    ['exportJob', { path: `${PUBLIC_BASE_URL}/tmf-api/customerManagement/v4/customer` }, 'path'],
    ['exportJob', { path: 'productOffering', query: 'nosuchattribute=1' }, 'nosuchattribute'],
    ['exportJob', { query: 'priceType=recurring' }, 'priceType'], // without a path the filter must suit every collection
    ['exportJob', { path: 'productOffering', query: 'fields=name' }, 'fields'],
    ['exportJob', { path: 'productOffering', query: 'lifecycleStatus=Launched&limit=10' }, 'limit'],
    ['exportJob', { query: 'sort=-lastUpdate' }, 'sort'],
    ['exportJob', { query: 'offset=5' }, 'offset'],
    ['exportJob', { query: 'lifecycleStatus.like=Laun' }, 'like'],
    ['exportJob', { contentType: 'text/csv' }, 'contentType'],
    ['exportJob', { query: 42 }, 'query'],
    ['exportJob', { colour: 'blue' }, 'colour'],
    ['importJob', {}, 'url'],
    ['importJob', { url: 'http://169.254.169.254/latest/meta-data/' }, 'IMPORT_URL_ALLOWLIST'],
    ['importJob', { url: 'file:///etc/passwd' }, 'url'],
    ['importJob', { url: `https://127.0.0.1:9/files/catalog.json` }, 'IMPORT_URL_ALLOWLIST'],
    ['importJob', { url: 'http://user:secret@127.0.0.1:9/files/catalog.json' }, 'IMPORT_URL_ALLOWLIST'],
    ['importJob', { url: 'http://127.0.0.1:9/files/../secrets.json' }, 'IMPORT_URL_ALLOWLIST'],
    ['importJob', { url: 'http://127.0.0.1:9/filesystem.json' }, 'IMPORT_URL_ALLOWLIST'],
    ['importJob', { url: `${PUBLIC_BASE_URL}${BASE}/productOffering` }, 'IMPORT_URL_ALLOWLIST'],
    ['importJob', { url: `${PUBLIC_BASE_URL}${BASE}/exportJob/not-a-uuid/content` }, 'export'],
    ['importJob', { url: `${ALLOWED}catalog.json`, contentType: 'text/csv' }, 'contentType'],
    ['importJob', { url: `${ALLOWED}catalog.json`, path: 'customer' }, 'customer'],
  ])('POST /%s %j → 400 mentioning %s, and no job', async (kind, body, mentioned) => {
    const before = await jobRows();
    const res = await request(t.server).post(`${BASE}/${kind}`).send(body).expect(400);
    expect(res.body).toMatchObject({ status: '400', '@type': 'Error' });
    expect(res.body.message).toContain(mentioned);
    expect(await jobRows()).toEqual(before);
  });

  it.each<[JobKind, Doc]>([
    ['exportJob', {}],
    ['exportJob', { path: `${BASE}/productOffering`, query: 'lifecycleStatus=Launched', contentType: 'application/json' }],
    ['importJob', { url: `${ALLOWED}catalog.json`, path: 'category' }],
    ['importJob', { url: `${PUBLIC_BASE_URL}${BASE}/exportJob/${UNKNOWN_ID}/content` }],
    ['importJob', { url: `${BASE}/exportJob/${UNKNOWN_ID}/content` }],
  ])('POST /%s %j → 201, stored Not Started (the server sets status, dates and errorLog)', async (kind, body) => {
    const res = await request(t.server)
      .post(`${BASE}/${kind}`)
      .send({ ...body, status: 'Succeeded', completionDate: '2020-01-01T00:00:00Z', errorLog: 'forged' })
      .expect(201);
    const job = res.body as Doc;
    expect(job).toMatchObject({ ...body, status: 'Not Started', contentType: 'application/json', '@type': kind === 'exportJob' ? 'ExportJob' : 'ImportJob' });
    expect(job.completionDate).toBeUndefined();
    expect(job.errorLog).toBeUndefined();
    expect(Math.abs(Date.parse(String(job.creationDate)) - Date.now())).toBeLessThan(60_000);
    expect(res.headers.location).toBe(job.href);
    if (kind === 'exportJob') expect(job.url).toBe(`${String(job.href)}/content`);
    expect((await request(t.server).get(`${BASE}/${kind}/${String(job.id)}`).expect(200)).body).toEqual(job);
    const row = await t.sql.query(`SELECT status FROM ${kind === 'exportJob' ? 'export_job' : 'import_job'} WHERE id = $1`, [job.id]);
    expect(row.rows).toEqual([{ status: 'Not Started' }]);
  });

  it.each([UNKNOWN_ID, 'not-a-uuid', '------------------------------------', 'ffffffffffffffffffffffffffffffffffff'])(
    'GET exportJob/%s/content (no such job) → 404',
    async (id) => {
      const res = await request(t.server).get(`${BASE}/exportJob/${id}/content`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'notFound' });
    },
  );

  it('GET exportJob/{id}/content → 409 exportNotReady before the job has succeeded', async () => {
    const job = await createJob(t, 'exportJob', {});
    const res = await request(t.server).get(new URL(String(job.url)).pathname).expect(409);
    expect(res.body).toMatchObject({ code: 'exportNotReady', status: '409', '@type': 'Error' });
    expect(res.body.message).toContain('Not Started');
  });

  it('lists jobs with TMF630 filters, deletes them, and has no PATCH', async () => {
    const job = await createJob(t, 'importJob', { url: `${ALLOWED}listed.json` });
    const listed = await request(t.server).get(`${BASE}/importJob?status=Not Started`).expect(200);
    expect(listed.body.map((j: Doc) => j.id)).toContain(job.id);
    expect(listed.headers['x-total-count']).toBe(String(listed.body.length));
    expect((await request(t.server).get(`${BASE}/importJob?status=Succeeded`).expect(200)).body).toEqual([]);
    expect((await request(t.server).get(`${BASE}/importJob/${String(job.id)}?fields=status`).expect(200)).body).toEqual({ id: job.id, href: job.href, '@type': 'ImportJob', status: 'Not Started' });
    const patch = await request(t.server).patch(`${BASE}/importJob/${String(job.id)}`).set('Content-Type', 'application/merge-patch+json').send({ status: 'Succeeded' });
    expect([404, 405]).toContain(patch.status);
    await request(t.server).delete(`${BASE}/importJob/${String(job.id)}`).expect(204);
    await request(t.server).get(`${BASE}/importJob/${String(job.id)}`).expect(404);
    await request(t.server).delete(`${BASE}/importJob/${String(job.id)}`).expect(404);
  });
});

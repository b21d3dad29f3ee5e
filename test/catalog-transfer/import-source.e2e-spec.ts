// TMF620 import sources that cannot be read: over IMPORT_MAX_BYTES, a 404, a redirect, an unreachable host, a
// file that is not a catalog file, a missing export. Each ends the job Failed with an errorLog saying why, and
// imports nothing.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { BASE, catalogEvents, FileServer, readCatalog, runJob } from './transfer-helpers';

const MAX_BYTES = 20_000;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A valid catalog file padded with whitespace to `size` bytes. */
function catalogFileOf(size: number): string {
  const text = JSON.stringify({ format: 'tmf620-catalog-export/1', productSpecification: [{ id: randomUUID(), name: 'padded' }] });
  return text + ' '.repeat(Math.max(0, size - text.length));
}

describe('TMF620 catalog transfer: import sources that cannot be read', () => {
  let files: FileServer;
  let t: TestApp;
  let deadOrigin: string;
  beforeAll(async () => {
    files = await new FileServer().start();
    deadOrigin = `http://127.0.0.1:${await closedPort()}`;
    t = await startTestApp({ env: { IMPORT_URL_ALLOWLIST: `${files.origin}/files/,${deadOrigin}/files/`, IMPORT_MAX_BYTES: String(MAX_BYTES) } });
    await t.startWorker();
  });
  afterAll(async () => {
    await t?.close();
    await files?.stop();
  });

  it('reads a file just under the limit (the control for the size cases)', async () => {
    const job = await runJob(t, 'importJob', { url: files.serve('/files/under.json', catalogFileOf(MAX_BYTES - 10)) });
    expect(job).toMatchObject({ status: 'Succeeded' });
  });

  it.each<[string, () => string, RegExp[]]>([
    ['a file over IMPORT_MAX_BYTES (Content-Length)', () => files.serve('/files/big.json', catalogFileOf(MAX_BYTES + 1)), [/IMPORT_MAX_BYTES/, new RegExp(`limit of ${MAX_BYTES}`)]],
    ['a file over IMPORT_MAX_BYTES (chunked)', () => files.serve('/files/big-chunked.json', { body: catalogFileOf(MAX_BYTES * 3), chunked: true }), [/IMPORT_MAX_BYTES/, new RegExp(`limit of ${MAX_BYTES}`)]],
    ['a URL answering 404', () => `${files.origin}/files/nothing-here.json`, [/404/]],
    ['a URL answering 500', () => files.serve('/files/broken.json', { status: 500, body: 'oops' }), [/500/]],
    [
      'a URL answering a redirect (even to an allowed URL)',
      () => {
        files.serve('/files/target.json', catalogFileOf(100));
        return files.serve('/files/moved.json', { status: 302, headers: { Location: `${files.origin}/files/target.json` } });
      },
      [/redirect/i],
    ],
    ['an unreachable host', () => `${deadOrigin}/files/catalog.json`, [/could not read/, /ECONNREFUSED|refused/i]],
    ['a file that is not JSON', () => files.serve('/files/not-json.json', 'hello, world'), [/not valid JSON/]],
    ['a JSON array', () => files.serve('/files/array.json', '[1,2,3]'), [/must be a JSON object/]],
    ['a JSON object with no catalog collection', () => files.serve('/files/other.json', '{"customer":[]}'), [/holds none of/]],
    ['a collection that is not a list', () => files.serve('/files/not-list.json', '{"productOffering":{"id":"x"}}'), [/'productOffering' must be a list/]],
    ['an export of this service that does not exist', () => `${PUBLIC_BASE_URL}${BASE}/exportJob/${randomUUID()}/content`, [/does not exist/]],
  ])('%s: Failed, with an errorLog saying why; nothing imported', async (_label, source, reasons) => {
    const before = await readCatalog(t);
    const events = await catalogEvents(t);
    const url = source();
    const hits = files.hits.length;
    const job = await runJob(t, 'importJob', { url });
    expect(job).toMatchObject({ status: 'Failed', url, completionDate: expect.any(String) });
    for (const reason of reasons) expect(job.errorLog).toMatch(reason);
    expect(await readCatalog(t)).toEqual(before);
    expect(await catalogEvents(t)).toEqual(events);
    // a redirect is not followed: its target is never fetched
    expect(files.hits.slice(hits)).not.toContain('/files/target.json');
  });
});

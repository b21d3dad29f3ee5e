// Shared by the TMF620 import/export tests: job polling, downloads, a tiny file server and whole-catalog reads.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { TestApp } from '../support/test-app';

export const BASE = '/tmf-api/productCatalogManagement/v4';
export const COLLECTIONS = ['productSpecification', 'productOfferingPrice', 'category', 'productOffering', 'catalog'] as const;
export type Collection = (typeof COLLECTIONS)[number];
export type Doc = Record<string, unknown>;
export type JobKind = 'exportJob' | 'importJob';

/** POST a resource; fails the test (with the server's message) unless it answers 201. */
export async function create(t: TestApp, collection: Collection, body: Doc): Promise<Doc> {
  const res = await request(t.server).post(`${BASE}/${collection}`).send(body);
  if (res.status !== 201) throw new Error(`POST ${collection} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

export async function mergePatch(t: TestApp, collection: Collection, id: unknown, body: Doc): Promise<Doc> {
  const res = await request(t.server).patch(`${BASE}/${collection}/${String(id)}`).set('Content-Type', 'application/merge-patch+json').send(body);
  if (res.status !== 200) throw new Error(`PATCH ${collection}/${String(id)} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

/** Creates a job through the API (201 expected) and returns its body. */
export async function createJob(t: TestApp, kind: JobKind, body: Doc): Promise<Doc> {
  const res = await request(t.server).post(`${BASE}/${kind}`).send(body);
  if (res.status !== 201) throw new Error(`POST ${kind} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

/** Polls a job until it has finished (Succeeded or Failed), or fails the test after `timeoutMs`. */
export async function waitForJob(t: TestApp, kind: JobKind, id: unknown, timeoutMs = 30_000): Promise<Doc> {
  const deadline = Date.now() + timeoutMs;
  let last: Doc = {};
  while (Date.now() < deadline) {
    last = (await request(t.server).get(`${BASE}/${kind}/${String(id)}`).expect(200)).body as Doc;
    if (last.status === 'Succeeded' || last.status === 'Failed') return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${kind} ${String(id)} did not finish within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
}

/** Creates a job and waits for it to finish. */
export async function runJob(t: TestApp, kind: JobKind, body: Doc): Promise<Doc> {
  const job = await createJob(t, kind, body);
  return waitForJob(t, kind, job.id);
}

/** Downloads an export's file through its `url` (an absolute URL on PUBLIC_BASE_URL) and returns the raw text. */
export async function download(t: TestApp, job: Doc): Promise<string> {
  const res = await request(t.server).get(new URL(String(job.url)).pathname).buffer(true).parse((r, cb) => {
    let text = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (text += c));
    r.on('end', () => cb(null, text));
  });
  if (res.status !== 200) throw new Error(`GET ${String(job.url)} answered ${res.status}: ${String(res.body)}`);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body as string;
}

/** Every resource of a collection as GET /{collection}/{id} returns it, sorted by id. */
export async function readCollection(t: TestApp, collection: Collection): Promise<Doc[]> {
  const list = await request(t.server).get(`${BASE}/${collection}?limit=1000`).expect(200);
  const ids = (list.body as Doc[]).map((d) => String(d.id)).sort();
  const docs: Doc[] = [];
  for (const id of ids) docs.push((await request(t.server).get(`${BASE}/${collection}/${id}`).expect(200)).body as Doc);
  return docs;
}

/** The whole catalog of an app, collection by collection. */
export async function readCatalog(t: TestApp): Promise<Record<Collection, Doc[]>> {
  const out = {} as Record<Collection, Doc[]>;
  for (const c of COLLECTIONS) out[c] = await readCollection(t, c);
  return out;
}

export const ids = (docs: Doc[]) => docs.map((d) => String(d.id)).sort();

/** Rows of the outbox (TMF620 only), oldest first. */
export async function catalogEvents(t: TestApp): Promise<{ event_type: string; resource_id: string }[]> {
  return (await t.sql.query(`SELECT event_type, resource_id FROM outbox_event WHERE api = 'TMF620' ORDER BY id`)).rows;
}

/** What a file server route answers. */
export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Sent in pieces without Content-Length (chunked), so a size limit must be enforced while reading. */
  chunked?: boolean;
}

/** A tiny HTTP server on 127.0.0.1 answering GET `path` from a route table; unknown paths answer 404. */
export class FileServer {
  readonly routes = new Map<string, Route>();
  readonly hits: string[] = [];
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      this.hits.push(req.url ?? '');
      const route = this.routes.get(req.url ?? '');
      if (!route) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      const body = route.body ?? '';
      if (route.chunked) {
        res.writeHead(route.status ?? 200, { 'Content-Type': 'application/json', ...route.headers });
        for (let at = 0; at < body.length; at += 512) res.write(body.slice(at, at + 512));
        return void res.end();
      }
      res.writeHead(route.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...route.headers }).end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Serves `route` at `path` and returns its absolute URL. */
  serve(path: string, route: Route | string): string {
    this.routes.set(path, typeof route === 'string' ? { body: route } : route);
    return `${this.origin}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

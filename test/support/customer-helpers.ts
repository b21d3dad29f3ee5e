// Helpers for the TMF629 customer e2e tests (test/customer): paths, creation, TMF Error checks, Link parsing,
// raw HTTP requests (for query strings supertest would re-encode) and a "never a 5xx" batch checker.
import { IncomingHttpHeaders, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { PUBLIC_BASE_URL, TestApp } from './test-app';

export const BASE_PATH = '/tmf-api/customerManagement/v4';
export const CUSTOMER_PATH = `${BASE_PATH}/customer`;
/** The public collection URL: what hrefs and Link headers start with. */
export const CUSTOMER_URL = `${PUBLIC_BASE_URL}${CUSTOMER_PATH}`;
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

function httpServer(t: TestApp): Server {
  return t.server as unknown as Server;
}

/**
 * A request whose path and query go on the wire byte for byte (supertest percent-encodes `<`, `>` and
 * friends). Needs `startTestApp({ listen: true })`.
 */
export async function rawRequest(t: TestApp, method: string, rawPath: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  const address = httpServer(t).address() as AddressInfo | null;
  if (!address) throw new Error('rawRequest: start the app with startTestApp({ listen: true })');
  return new Promise<HttpResult>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: address.port, method, path: rawPath, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** POST a customer, expecting 201; returns the created resource. */
export async function createCustomer(t: TestApp, body: Record<string, unknown>): Promise<Doc> {
  const res = await request(t.server).post(CUSTOMER_PATH).send(body);
  if (res.status !== 201) throw new Error(`createCustomer: expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

/** GET one customer by id (any status). */
export function getCustomer(t: TestApp, id: string, query = ''): request.Test {
  return request(t.server).get(`${CUSTOMER_PATH}/${id}${query ? `?${query}` : ''}`);
}

/** PATCH with an explicit media type; objects and arrays are sent as JSON text. */
export function patchCustomer(t: TestApp, id: string, body: unknown, contentType = MERGE_PATCH): request.Test {
  return request(t.server)
    .patch(`${CUSTOMER_PATH}/${id}`)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** GET the collection with a query string given as it should be sent (supertest encodes `<`, `>`, spaces, quotes). */
export function listCustomers(t: TestApp, query = ''): request.Test {
  return request(t.server).get(`${CUSTOMER_PATH}${query ? `?${query}` : ''}`);
}

/** Names of the customers in a list response, in response order. */
export function namesOf(res: { body: unknown }): string[] {
  return (res.body as Doc[]).map((c) => c.name as string);
}

/** Problems with a response that should be a TMF630 Error of `status` (empty when it is one). */
export function tmfErrorProblems(res: { status: number; headers: IncomingHttpHeaders | Record<string, string>; body: unknown }, status?: number): string[] {
  const problems: string[] = [];
  if (status !== undefined && res.status !== status) problems.push(`status ${res.status}, expected ${status}`);
  if (res.status < 400) problems.push(`status ${res.status} is not an error`);
  const contentType = String((res.headers as Record<string, unknown>)['content-type'] ?? '');
  if (!/^application\/json/.test(contentType)) problems.push(`content-type '${contentType}' is not application/json`);
  const body = res.body as Doc | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    problems.push(`body is not a JSON object: ${JSON.stringify(body)}`);
    return problems;
  }
  if (typeof body.code !== 'string' || !body.code) problems.push(`code ${JSON.stringify(body.code)} is not a non-empty string`);
  if (typeof body.reason !== 'string' || !body.reason) problems.push(`reason ${JSON.stringify(body.reason)} is not a non-empty string`);
  if (body.status !== String(res.status)) problems.push(`status ${JSON.stringify(body.status)} is not the string '${res.status}'`);
  if (body['@type'] !== 'Error') problems.push(`@type ${JSON.stringify(body['@type'])} is not 'Error'`);
  return problems;
}

/** Asserts a TMF630 Error response: the HTTP status, `code`/`status` strings, `reason`, `@type` 'Error'. */
export function expectTmfError(res: { status: number; headers: IncomingHttpHeaders | Record<string, string>; body: unknown }, status: number): void {
  expect({ status: res.status, body: res.body, problems: tmfErrorProblems(res, status) }).toEqual({ status, body: res.body, problems: [] });
}

export interface BadRequest {
  /** Label shown when the request misbehaves. */
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  /** Sent as is when a string, as JSON otherwise. */
  body?: unknown;
  contentType?: string;
  /** The exact 4xx expected; any 4xx when omitted. */
  expect?: number;
}

/**
 * Fires every request (one after the other) and asserts that each one got a 4xx (or the `expect`ed status) with
 * a TMF Error body — never a 5xx. Reports every misbehaving request at once.
 */
export async function expectAllClientErrors(t: TestApp, requests: BadRequest[]): Promise<void> {
  const failures: string[] = [];
  for (const r of requests) {
    let test = request(t.server)[r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](r.path);
    if (r.body !== undefined || r.contentType) {
      test = test.set('Content-Type', r.contentType ?? 'application/json').send(typeof r.body === 'string' || Buffer.isBuffer(r.body) ? (r.body as string) : JSON.stringify(r.body));
    }
    let res: request.Response;
    try {
      res = await test;
    } catch (e) {
      failures.push(`${r.name}: request failed: ${(e as Error).message}`);
      continue;
    }
    const problems = tmfErrorProblems(res, r.expect);
    if (res.status >= 500) problems.unshift('server error');
    else if (res.status < 400) problems.unshift('accepted');
    if (problems.length) failures.push(`${r.name} → ${res.status}: ${problems.join('; ')} ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  expect(failures).toEqual([]);
}

export interface LinkTarget {
  url: string;
  offset: number;
  limit: number;
  params: URLSearchParams;
}

/** Parses an RFC 8288 Link header into rel → target. */
export function parseLink(header: string | undefined): Record<string, LinkTarget> {
  const out: Record<string, LinkTarget> = {};
  if (!header) return out;
  for (const part of header.split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (!m) continue;
    const url = new URL(m[1]);
    out[m[2]] = { url: m[1], offset: Number(url.searchParams.get('offset')), limit: Number(url.searchParams.get('limit')), params: url.searchParams };
  }
  return out;
}

/** The path + query of an absolute URL from a Link header, to request it again through supertest. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

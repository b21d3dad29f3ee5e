// TMF629 customer list over more than one default page: default limit, maximum limit, walking the Link header.
import { createCustomer, CUSTOMER_URL, Doc, expectTmfError, listCustomers, parseLink, pathOf } from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import request from 'supertest';

const TOTAL = 105;

describe('TMF629 customer: paging over many customers', () => {
  let t: TestApp;
  let names: string[];

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    names = Array.from({ length: TOTAL }, (_, i) => `Bulk ${String(i).padStart(3, '0')}`);
    for (let i = 0; i < TOTAL; i += 15) {
      await Promise.all(names.slice(i, i + 15).map((name) => createCustomer(t, customerBody({ name, status: i % 2 ? 'Approved' : 'Initialized' }))));
    }
  });
  afterAll(() => t.close());

  it('returns 100 items by default, with X-Total-Count for all of them', async () => {
    const res = await listCustomers(t).expect(200);
    expect(res.body).toHaveLength(100);
    expect(res.headers['x-total-count']).toBe(String(TOTAL));
    expect(res.headers['x-result-count']).toBe('100');
    const links = parseLink(res.headers.link);
    expect([links.self.offset, links.self.limit]).toEqual([0, 100]);
    expect([links.next.offset, links.next.limit]).toEqual([100, 100]);
    expect([links.last.offset, links.last.limit]).toEqual([100, 100]);
    expect(links.prev).toBeUndefined();
    expect(links.next.url.startsWith(`${CUSTOMER_URL}?`)).toBe(true);
    const rest = await request(t.server).get(pathOf(links.next.url)).expect(200);
    expect(rest.body).toHaveLength(TOTAL - 100);
    expect(rest.headers['x-result-count']).toBe(String(TOTAL - 100));
    const ids = new Set([...res.body, ...rest.body].map((c: Doc) => c.id));
    expect(ids.size).toBe(TOTAL);
  });

  it('returns everything with limit=1000 and rejects limit=1001', async () => {
    const res = await listCustomers(t, 'limit=1000').expect(200);
    expect(res.body).toHaveLength(TOTAL);
    expect(res.headers['x-result-count']).toBe(String(TOTAL));
    expectTmfError(await listCustomers(t, 'limit=1001'), 400);
    expectTmfError(await listCustomers(t, 'limit=99999'), 400);
  });

  it('walking the next links of a sorted, filtered list visits every match once, in order', async () => {
    const expected = names.filter((_, i) => Math.floor(i / 15) % 2 === 1).sort().reverse();
    let path: string | undefined = `/tmf-api/customerManagement/v4/customer?status=Approved&sort=-name&fields=name&limit=7`;
    const seen: string[] = [];
    let pages = 0;
    while (path) {
      const res: request.Response = await request(t.server).get(path).expect(200);
      expect(res.headers['x-total-count']).toBe(String(expected.length));
      for (const c of res.body as Doc[]) expect(Object.keys(c).sort()).toEqual(['@type', 'href', 'id', 'name']);
      seen.push(...(res.body as Doc[]).map((c) => c.name));
      const next = parseLink(res.headers.link).next;
      path = next ? pathOf(next.url) : undefined;
      pages += 1;
      expect(pages).toBeLessThan(50);
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('the last partial page and the page after it', async () => {
    const last = await listCustomers(t, 'sort=name&offset=104&limit=10').expect(200);
    expect(last.body.map((c: Doc) => c.name)).toEqual(['Bulk 104']);
    expect(last.headers['x-result-count']).toBe('1');
    expect(parseLink(last.headers.link).next).toBeUndefined();
    const after = await listCustomers(t, 'sort=name&offset=105&limit=10').expect(200);
    expect(after.body).toEqual([]);
    expect(after.headers['x-total-count']).toBe(String(TOTAL));
  });
});

// The membership ledger at /bss/segmentation/v1/membership (read-only on the toolkit), and the toolkit's named query
// parameters it is the first user of: `asOf` (the entries in force at an instant) and `billRun.id` (what one bill run
// changed), which are conditions of their own, not attributes.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { SegmentMembershipDto } from '../../src/segmentation/dto/segment-membership.dto';
import { SEGMENT_MEMBERSHIP } from '../../src/segmentation/membership/membership.resource';
import { parseListQuery } from '../../src/tmf/query/query-parser';
import { whereClause } from '../../src/tmf/query/sql-filter';
import { SqlParams } from '../../src/tmf/query/sql-params';
import { treeOf } from '../../src/tmf/resource/resource-definition';
import { validateDocument } from '../../src/tmf/validation';
import { Doc, expectTmfError, parseLink, rawRequest } from '../support/customer-helpers';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { errorOf, insertMembership, MEMBERSHIP_PATH } from './segmentation-factories';

const mapping = SEGMENT_MEMBERSHIP.table;
const parse = (raw: string) => parseListQuery(raw, treeOf(SEGMENT_MEMBERSHIP), mapping.queryParameters);

describe('named query parameters (toolkit)', () => {
  it('are recognised before attributes, typed, and ANDed into the WHERE clause after the filters', () => {
    const query = parse('customer.id=0190f3a0-0000-7000-8000-000000000001&asOf=2026-10-01T02:00:00%2B02:00&billRun.id=0190F3A0-0000-7000-8000-0000000000AA');
    expect(query.parameters).toEqual([
      { name: 'asOf', value: '2026-10-01T00:00:00.000Z' },
      { name: 'billRun.id', value: '0190f3a0-0000-7000-8000-0000000000aa' },
    ]);
    const params = new SqlParams();
    expect(whereClause(query.filters, mapping, params, query.parameters)).toBe(
      '"customer_id" = $1::uuid AND ("valid_from" <= $2::timestamptz AND ("valid_to" IS NULL OR "valid_to" > $2::timestamptz))' +
        ' AND (("entry_bill_run_id" = $3::uuid OR "exit_bill_run_id" = $3::uuid))',
    );
    expect(params.values).toEqual(['0190f3a0-0000-7000-8000-000000000001', '2026-10-01T00:00:00.000Z', '0190f3a0-0000-7000-8000-0000000000aa']);
  });

  it('take `now` for an instant, and leave a query without them as it was', () => {
    const before = Date.now();
    const [asOf] = parse('asOf=now').parameters ?? [];
    expect(Date.parse(String(asOf.value))).toBeGreaterThanOrEqual(before);
    expect(parse('limit=5')).toEqual({ filters: [], sort: [], offset: 0, limit: 5 });
  });

  it.each([
    ['asOf=yesterday', /'asOf' is an instant: 'now' or RFC 3339/],
    ['asOf=2026-10-01', /'asOf' is an instant/],
    ['asOf=', /'asOf' is an instant/],
    ['asOf.gte=2026-10-01T00:00:00Z', /'asOf' is a query parameter, not an attribute: it takes '=' and one value/],
    ['asOf>=2026-10-01T00:00:00Z', /'asOf' is a query parameter/],
    ['asOf=now,2026-10-01T00:00:00Z', /'asOf' is a query parameter/],
    ['asOf=now&asOf=now', /'asOf' is given more than once/],
    ['billRun.id=42', /'billRun.id' is a UUID; '42' is not/],
    ['billRun.id.ne=0190f3a0-0000-7000-8000-000000000001', /'billRun.id' is a query parameter/],
  ])('refuse %s (400 invalidQuery)', (raw, message) => {
    expect(() => parse(raw)).toThrow(message);
  });

  it('are not attributes elsewhere: a resource without them treats the name as a filter', () => {
    expect(() => parseListQuery('asOf=now', treeOf(SEGMENT_MEMBERSHIP))).toThrow(/'asOf' is not an attribute of this resource/);
  });

  it('are documented on the list operation of the published OpenAPI document', () => {
    const document = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', 'bss-segmentation.json'), 'utf8'));
    const names = (document.paths['/bss/segmentation/v1/membership'].get.parameters as Doc[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['asOf', 'billRun.id', 'fields', 'offset', 'limit']));
  });
});

describe('membership ledger', () => {
  let t: TestApp;
  const [c1, c2] = [randomUUID(), randomUUID()];
  const [segA, segB] = [randomUUID(), randomUUID()];
  const [run1, run2] = [randomUUID(), randomUUID()];
  const m: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    // c1 was in A in September (left at run1) and is back since mid-October (run2); c2 has been in A since August (a
    // customer change, no run); c1 was in B from mid-September (run1 took it in) to October
    m.c1ASeptember = await insertMembership(t, { customerId: c1, segmentId: segA, from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', exitRun: run1 });
    m.c1ANow = await insertMembership(t, { customerId: c1, segmentId: segA, from: '2026-10-15T00:00:00.000Z', entryRun: run2, version: 2 });
    m.c2ANow = await insertMembership(t, { customerId: c2, segmentId: segA, from: '2026-08-01T00:00:00.000Z' });
    m.c1BSeptember = await insertMembership(t, { customerId: c1, segmentId: segB, from: '2026-09-15T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', entryRun: run1 });
  });
  afterAll(() => t.close());

  async function list(query: string): Promise<request.Response> {
    return request(t.server).get(`${MEMBERSHIP_PATH}?${query}`).expect(200);
  }
  const idsOf = (res: request.Response) => (res.body as Doc[]).map((e) => e.id).sort();
  const sorted = (...ids: string[]) => ids.sort();

  it('retrieves an entry, valid against the published schema', async () => {
    const res = await request(t.server).get(`${MEMBERSHIP_PATH}/${m.c1ANow}`).expect(200);
    expect(res.body).toMatchObject({
      id: m.c1ANow,
      href: `${PUBLIC_BASE_URL}${MEMBERSHIP_PATH}/${m.c1ANow}`,
      '@type': 'SegmentMembership',
      customer: { id: c1 },
      marketSegment: { id: segA, version: 2 },
      validFor: { startDateTime: '2026-10-15T00:00:00.000Z' },
      entry: { billRun: { id: run2 }, trigger: 'billRun', segmentVersion: 2 },
    });
    await validateDocument(SegmentMembershipDto, res.body);
    for (const entry of (await list('')).body as Doc[]) await validateDocument(SegmentMembershipDto, entry);
    expectTmfError(await request(t.server).get(`${MEMBERSHIP_PATH}/${randomUUID()}`), 404);
  });

  it('asOf lists the entries in force at that instant (an exit at the instant is no longer in force)', async () => {
    expect(idsOf(await list('asOf=2026-09-20T00:00:00Z'))).toEqual(sorted(m.c1ASeptember, m.c2ANow, m.c1BSeptember));
    expect(idsOf(await list('asOf=2026-10-01T00:00:00Z'))).toEqual([m.c2ANow]);
    expect(idsOf(await list('asOf=2026-09-01T00:00:00Z'))).toEqual(sorted(m.c1ASeptember, m.c2ANow));
    expect(idsOf(await list('asOf=2026-07-01T00:00:00Z'))).toEqual([]);
    expect(idsOf(await list('asOf=now'))).toEqual(sorted(m.c1ANow, m.c2ANow));
  });

  it("a segment's members now, and a customer's segments on a date", async () => {
    expect(idsOf(await list(`marketSegment.id=${segA}&asOf=now`))).toEqual(sorted(m.c1ANow, m.c2ANow));
    expect(idsOf(await list(`marketSegment.id=${segB}&asOf=now`))).toEqual([]);
    expect(idsOf(await list(`customer.id=${c1}`))).toEqual(sorted(m.c1ASeptember, m.c1ANow, m.c1BSeptember));
    expect(idsOf(await list(`customer.id=${c1}&asOf=2026-09-20T02:00:00%2B02:00`))).toEqual(sorted(m.c1ASeptember, m.c1BSeptember));
  });

  it('billRun.id lists the entries and the exits of one bill run', async () => {
    expect(idsOf(await list(`billRun.id=${run1}`))).toEqual(sorted(m.c1ASeptember, m.c1BSeptember));
    expect(idsOf(await list(`billRun.id=${run2}`))).toEqual([m.c1ANow]);
    expect(idsOf(await list(`billRun.id=${run1}&marketSegment.id=${segB}`))).toEqual([m.c1BSeptember]);
    expect(idsOf(await list(`billRun.id=${randomUUID()}`))).toEqual([]);
  });

  it('filters on the stay with the key columns and pages with the TMF630 headers', async () => {
    expect(idsOf(await list('validFor.startDateTime.gte=2026-09-01T00:00:00Z&validFor.endDateTime.lte=2026-10-01T00:00:00Z'))).toEqual(sorted(m.c1ASeptember, m.c1BSeptember));
    expect(idsOf(await list('entry.trigger=customerChange'))).toEqual(sorted(m.c1ASeptember, m.c2ANow));
    const page = await list(`customer.id=${c1}&limit=2&offset=1&fields=validFor`);
    expect(page.headers).toMatchObject({ 'x-total-count': '3', 'x-result-count': '2' });
    expect(Object.keys(parseLink(page.headers.link))).toEqual(expect.arrayContaining(['self', 'first', 'prev', 'last']));
    for (const entry of page.body as Doc[]) expect(Object.keys(entry).sort()).toEqual(['@type', 'href', 'id', 'validFor']);
  });

  it('answers a bad asOf or billRun.id with a TMF Error (400 invalidQuery)', async () => {
    for (const query of ['asOf=yesterday', 'asOf.lt=now', 'billRun.id=run-1', 'asOf=now&asOf=now']) {
      const res = await rawRequest(t, 'GET', `${MEMBERSHIP_PATH}?${query}`);
      expectTmfError(res, 400);
      expect(res.body.code).toBe('invalidQuery');
    }
    // a raw '+' offset arrives as a space, and is still read as the offset
    expect(idsOf((await rawRequest(t, 'GET', `${MEMBERSHIP_PATH}?asOf=2026-09-20T02:00:00+02:00&customer.id=${c1}`)) as unknown as request.Response)).toEqual(
      sorted(m.c1ASeptember, m.c1BSeptember),
    );
  });

  it('offers no writes: the evaluator keeps the ledger', async () => {
    expect((await request(t.server).post(MEMBERSHIP_PATH).send({})).status).toBe(404);
    expect((await request(t.server).delete(`${MEMBERSHIP_PATH}/${m.c2ANow}`)).status).toBe(404);
    expect(errorOf(await request(t.server).get(`${MEMBERSHIP_PATH}?asOf=soon`), 400).message).toMatch(/'asOf' is an instant/);
  });
});

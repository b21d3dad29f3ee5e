// TMF630 error handling of the customer API: every 4xx carries a TMF Error body, bad input is a 4xx (never a 5xx),
// filter values cannot inject SQL, and every response carries an X-Request-Id.
import request from 'supertest';
import {
  BadRequest,
  createCustomer,
  CUSTOMER_PATH,
  Doc,
  expectAllClientErrors,
  expectTmfError,
  getCustomer,
  JSON_PATCH,
  listCustomers,
  MERGE_PATCH,
  patchCustomer,
  rawRequest,
  tmfErrorProblems,
  UUID_RE,
} from '../support/customer-helpers';
import { customerBody, fullCustomerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_ID = '0190f3a0-0000-7000-8000-000000000000';
const OVER_1MB = 'x'.repeat(1024 * 1024 + 1000);

describe('TMF629 customer: errors and bad input', () => {
  let t: TestApp;
  let existing: Doc;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    existing = await createCustomer(t, fullCustomerBody());
    await createCustomer(t, customerBody());
  });
  afterAll(() => t.close());

  const post = (body: unknown, contentType = 'application/json') =>
    request(t.server)
      .post(CUSTOMER_PATH)
      .set('Content-Type', contentType)
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const customerCount = async () => Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM customer')).rows[0].n);

  describe('the TMF Error body', () => {
    it('400, 404, 409, 413 and 415 all carry code and status as strings, reason and @type Error', async () => {
      const cases: [string, () => request.Test, number][] = [
        ['invalid body', () => post({ name: 5 }), 400],
        ['invalid query', () => listCustomers(t, 'limit=-1'), 400],
        ['unknown customer', () => getCustomer(t, UNKNOWN_ID), 404],
        ['unknown route', () => request(t.server).get('/tmf-api/customerManagement/v4/noSuchResource'), 404],
        ['failed JSON Patch test', () => patchCustomer(t, existing.id, [{ op: 'test', path: '/name', value: 'Someone else' }], JSON_PATCH), 409],
        ['body over 1 MB', () => post(customerBody({ statusReason: OVER_1MB })), 413],
        ['text/plain', () => post('name=x', 'text/plain'), 415],
      ];
      for (const [label, send, status] of cases) {
        const res = await send();
        expect({ label, problems: tmfErrorProblems(res, status) }).toEqual({ label, problems: [] });
        expect(typeof res.body.code).toBe('string');
        expect(typeof res.body.status).toBe('string');
      }
    });
  });

  describe('bad bodies', () => {
    it('malformed JSON → 400 (POST and both PATCH kinds)', async () => {
      expectTmfError(await post('{"name": "Broken", "engagedParty": {'), 400);
      expectTmfError(await post('{name: unquoted}'), 400);
      expectTmfError(await patchCustomer(t, existing.id, '{"status": ', MERGE_PATCH), 400);
      expectTmfError(await patchCustomer(t, existing.id, '{"status": ', 'application/json'), 400);
      expectTmfError(await patchCustomer(t, existing.id, '[{"op": "remove", ', JSON_PATCH), 400);
      expect(await getCustomer(t, existing.id).expect(200).then((r) => r.body)).toEqual(existing);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['name: 5', { name: 5 }, 'name'],
      ['characteristic: {}', { characteristic: {} }, 'characteristic'],
      ['validFor.startDateTime: yesterday', { validFor: { startDateTime: 'yesterday' } }, 'validFor.startDateTime'],
      ['engagedParty: a string', { engagedParty: 'org-1' }, 'engagedParty'],
      ['contactMedium[0].preferred: "yes"', { contactMedium: [{ mediumType: 'email', preferred: 'yes', characteristic: {} }] }, 'preferred'],
      ['creditProfile[0].creditScore: 1.5', { creditProfile: [{ creditProfileDate: '2024-01-01T00:00:00Z', creditScore: 1.5, validFor: {} }] }, 'creditScore'],
      ['account without name', { account: [{ '@referredType': 'BillingAccount' }] }, 'name'],
    ])('wrong type (%s) → 400 with a message naming the attribute', async (_label, overrides, attr) => {
      const before = await customerCount();
      const res = await post(customerBody(overrides));
      expectTmfError(res, 400);
      expect(res.body.message).toContain(attr);
      expect(await customerCount()).toBe(before);
    });

    it.each(['2024-02-30T00:00:00Z', '2023-02-29T12:00:00Z', '2024-04-31T00:00:00+02:00'])('an impossible calendar date (%s) → 400, not silently moved', async (date) => {
      const res = await post(customerBody({ validFor: { startDateTime: date } }));
      expect({ status: res.status, validFor: res.body.validFor }).toEqual({ status: 400, validFor: undefined });
      expectTmfError(res, 400);
      expect(res.body.message).toContain('validFor.startDateTime');
    });

    it('an unknown attribute → 400 naming it (top level and nested)', async () => {
      const top = await post(customerBody({ shoeSize: 42 }));
      expectTmfError(top, 400);
      expect(top.body.message).toContain('shoeSize');
      const nested = await post(customerBody({ engagedParty: { id: 'org-1', '@referredType': 'Organization', shoeSize: 42 } }));
      expectTmfError(nested, 400);
      expect(nested.body.message).toContain('engagedParty.shoeSize');
    });

    it('unknown attributes named like Object.prototype members → 400, nothing stored', async () => {
      const names = ['toString', 'constructor', 'hasOwnProperty', 'valueOf'];
      const before = await customerCount();
      const outcomes: Record<string, number> = {};
      for (const attr of names) {
        outcomes[attr] = (await post(`{"name":"Proto ${attr}","engagedParty":{"id":"org-1","@referredType":"Organization"},"${attr}":"x"}`)).status;
      }
      expect(outcomes).toEqual(Object.fromEntries(names.map((n) => [n, 400])));
      expect(await customerCount()).toBe(before);
    });

    it('a body that is not a JSON object → 400', async () => {
      for (const body of ['null', '[]', '"Acme"', '42', 'true', JSON.stringify([customerBody()])]) {
        const res = await post(body);
        expect({ body, problems: tmfErrorProblems(res, 400) }).toEqual({ body, problems: [] });
      }
    });

    it('a body over 1 MB → 413 (POST and PATCH)', async () => {
      const before = await customerCount();
      expectTmfError(await post(customerBody({ statusReason: OVER_1MB })), 413);
      expectTmfError(await patchCustomer(t, existing.id, { statusReason: OVER_1MB }), 413);
      expect(await customerCount()).toBe(before);
    });

    it('text that PostgreSQL cannot store (U+0000) → 400, not 500', async () => {
      const cases: [string, () => request.Test][] = [
        ['POST name', () => post(customerBody({ name: 'Nul\u0000Corp' }))],
        ['POST statusReason', () => post(customerBody({ statusReason: 'nul \u0000 inside' }))],
        ['POST characteristic value key', () => post(customerBody({ characteristic: [{ name: 'note', value: { 'key\u0000': 'v' } }] }))],
        ['PATCH statusReason', () => patchCustomer(t, existing.id, { statusReason: 'a\u0000b' })],
      ];
      const outcomes: Record<string, number> = {};
      for (const [label, send] of cases) outcomes[label] = (await send()).status;
      expect(outcomes).toEqual(Object.fromEntries(cases.map(([label]) => [label, 400])));
      expect(await getCustomer(t, existing.id).expect(200).then((r) => r.body)).toEqual(existing);
    });

    it('a deeply nested characteristic value is a 4xx or stored, never a 500', async () => {
      const depth = 1500;
      const body = `{"name":"Deep","engagedParty":{"id":"org-1","@referredType":"Organization"},"characteristic":[{"name":"d","value":${'['.repeat(depth)}${']'.repeat(depth)}}]}`;
      const res = await post(body);
      expect({ status: res.status < 500 ? 'not a server error' : res.status, body: res.status < 500 ? undefined : res.body }).toEqual({ status: 'not a server error', body: undefined });
      const patched = await patchCustomer(t, existing.id, `{"characteristic":[{"name":"d","value":${'['.repeat(depth)}${']'.repeat(depth)}}]}`);
      expect(patched.status).toBeLessThan(500);
    });

    it("a JSON Patch path through '__proto__' → 400, not 500", async () => {
      for (const path of ['/__proto__/polluted', '/relatedParty/0/__proto__/polluted']) {
        const res = await patchCustomer(t, existing.id, [{ op: 'add', path, value: 1 }], JSON_PATCH);
        expect({ path, problems: tmfErrorProblems(res, 400) }).toEqual({ path, problems: [] });
      }
      expect(({} as Doc).polluted).toBeUndefined();
      expect(await getCustomer(t, existing.id).expect(200).then((r) => r.body)).toEqual(existing);
    });
  });

  describe('bad queries', () => {
    it.each([
      ['an unknown filter operator', 'name.like=Acme'],
      ['an unknown operator on a nested attribute', 'engagedParty.id.contains=org'],
      ['an unknown filter attribute', 'shoeSize=42'],
      ['a negative offset', 'offset=-1'],
      ['a non-numeric offset', 'offset=ten'],
      ['a limit over the maximum', 'limit=1001'],
      ['a negative limit', 'limit=-5'],
      ['sort on an unknown attribute', 'sort=shoeSize'],
      ['an invalid regular expression', 'name.regex=('],
      ['a non-number for a number attribute', 'creditProfile.creditScore.gte=high'],
      ['a non-boolean for a boolean attribute', 'contactMedium.preferred=yes'],
      ['a non-date-time for a date-time attribute', 'validFor.startDateTime.gte=yesterday'],
    ])('%s → 400', async (_label, query) => {
      const res = await listCustomers(t, query);
      expectTmfError(res, 400);
      expect(typeof res.body.message).toBe('string');
    });

    it('SQL-looking filter values → 200 with no match; the table and its rows are intact', async () => {
      const before = await customerCount();
      for (const query of [
        "name=x' OR '1'='1",
        "name=x'%20OR%20'1'%3D'1",
        'name=%27%3B DROP TABLE customer;--',
        'name=%27%3B%20DROP%20TABLE%20customer%3B--',
        'relatedParty.id=$1',
        'engagedParty.id=$1',
        'engagedParty.id=%22%20%7C%7C%20true%20%7C%7C%20%22',
        `engagedParty.id=${encodeURIComponent('x") || ($.name like_regex ".*')}`,
        `status=${encodeURIComponent("Approved' OR 1=1--")}`,
        `id=${encodeURIComponent(`${existing.id}' OR '1'='1`)}`,
        `name.regex=${encodeURIComponent("x'; DROP TABLE customer;--")}`,
        `characteristic.value=${encodeURIComponent('1); DELETE FROM customer; --')}`,
      ]) {
        const res = await listCustomers(t, query);
        expect({ query, status: res.status, body: res.body }).toEqual({ query, status: 200, body: [] });
        expect(res.headers['x-total-count']).toBe('0');
      }
      expect((await t.sql.query("SELECT to_regclass('public.customer') AS t")).rows[0].t).toBe('customer');
      expect(await customerCount()).toBe(before);
      expect((await listCustomers(t).expect(200)).body).toHaveLength(before);
    });

    it('SQL-looking sort and fields → 400', async () => {
      expectTmfError(await listCustomers(t, 'sort=name;DROP TABLE customer'), 400);
      expectTmfError(await listCustomers(t, `sort=${encodeURIComponent('name DESC; DROP TABLE customer')}`), 400);
      expectTmfError(await listCustomers(t, 'fields=name);DROP TABLE customer;--'), 400);
      expect((await t.sql.query("SELECT to_regclass('public.customer') AS t")).rows[0].t).toBe('customer');
    });

    it('NUL in a filter value → 200 with no match (or 400), not 500', async () => {
      const queries = ['name=%00', 'engagedParty.name=%00', 'name.regex=%00', 'engagedParty.name.regex=%00'];
      const outcomes: Record<string, string | number> = {};
      for (const query of queries) {
        const res = await listCustomers(t, query);
        outcomes[query] = res.status < 500 ? 'not a server error' : res.status;
      }
      expect(outcomes).toEqual(Object.fromEntries(queries.map((q) => [q, 'not a server error'])));
    });
  });

  describe('routing', () => {
    it('an unknown route → 404 with a TMF Error body', async () => {
      expectTmfError(await request(t.server).get('/tmf-api/customerManagement/v4/noSuchResource'), 404);
      expectTmfError(await request(t.server).get('/no/such/path'), 404);
      expectTmfError(await request(t.server).put(`${CUSTOMER_PATH}/${existing.id}`).send(customerBody()), 404);
    });

    it('an over-long id → 4xx with a TMF Error body', async () => {
      const res = await getCustomer(t, 'a'.repeat(2000));
      expect({ status: res.status >= 400 && res.status < 500 ? '4xx' : res.status, problems: tmfErrorProblems(res) }).toEqual({ status: '4xx', problems: [] });
    });

    it('a path with broken percent-encoding → 400 with a TMF Error body', async () => {
      const res = await rawRequest(t, 'GET', `${CUSTOMER_PATH}/%E0%A4%A`);
      expectTmfError(res, 400);
    });
  });

  it('no bad request ever gets a 5xx (and each 4xx has a TMF Error body)', async () => {
    const id = existing.id;
    const item = `${CUSTOMER_PATH}/${id}`;
    const requests: BadRequest[] = [
      // bodies
      { name: 'malformed JSON', method: 'POST', path: CUSTOMER_PATH, body: '{"name":', expect: 400 },
      { name: 'empty JSON body', method: 'POST', path: CUSTOMER_PATH, body: '', expect: 400 },
      { name: 'null body', method: 'POST', path: CUSTOMER_PATH, body: 'null', expect: 400 },
      { name: 'array body', method: 'POST', path: CUSTOMER_PATH, body: '[1,2]', expect: 400 },
      { name: 'name: 5', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ name: 5 }), expect: 400 },
      { name: 'name: null', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ name: null }), expect: 400 },
      { name: 'name: object', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ name: { first: 'x' } }), expect: 400 },
      { name: 'characteristic: {}', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ characteristic: {} }), expect: 400 },
      { name: 'characteristic: [null]', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ characteristic: [null] }), expect: 400 },
      { name: 'characteristic value missing', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ characteristic: [{ name: 'x' }] }), expect: 400 },
      { name: 'relatedParty: "x"', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ relatedParty: 'x' }), expect: 400 },
      { name: 'validFor: "x"', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ validFor: 'x' }), expect: 400 },
      { name: 'startDateTime: yesterday', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ validFor: { startDateTime: 'yesterday' } }), expect: 400 },
      { name: 'startDateTime: number', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ validFor: { startDateTime: 1704067200000 } }), expect: 400 },
      { name: 'date without offset', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ validFor: { startDateTime: '2024-01-01T00:00:00' } }), expect: 400 },
      { name: 'unknown attribute', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ shoeSize: 42 }), expect: 400 },
      { name: 'client id', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ id: 'abc' }), expect: 400 },
      { name: 'client href', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ href: 'abc' }), expect: 400 },
      { name: 'unknown billing account', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ account: [{ id: 'ghost', name: 'g', '@referredType': 'BillingAccount' }] }), expect: 400 },
      { name: 'billing account id: 5', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ account: [{ id: 5, name: 'g', '@referredType': 'BillingAccount' }] }), expect: 400 },
      { name: 'name too long', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ name: 'n'.repeat(10000) }), expect: 400 },
      { name: '__proto__ key', method: 'POST', path: CUSTOMER_PATH, body: '{"name":"p","engagedParty":{"id":"o","@referredType":"Organization"},"__proto__":{"admin":true}}', expect: 400 },
      { name: 'constructor.prototype key', method: 'POST', path: CUSTOMER_PATH, body: '{"name":"p","engagedParty":{"id":"o","@referredType":"Organization"},"constructor":{"prototype":{"admin":true}}}', expect: 400 },
      { name: 'body over 1 MB', method: 'POST', path: CUSTOMER_PATH, body: customerBody({ statusReason: OVER_1MB }), expect: 413 },
      { name: 'POST text/plain', method: 'POST', path: CUSTOMER_PATH, body: 'hello', contentType: 'text/plain', expect: 415 },
      { name: 'POST application/xml', method: 'POST', path: CUSTOMER_PATH, body: '<customer/>', contentType: 'application/xml', expect: 415 },
      // patches
      { name: 'PATCH malformed merge patch', method: 'PATCH', path: item, body: '{"a":', contentType: MERGE_PATCH, expect: 400 },
      { name: 'PATCH malformed JSON Patch', method: 'PATCH', path: item, body: '[{"op":', contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH name: null', method: 'PATCH', path: item, body: { name: null }, contentType: MERGE_PATCH, expect: 400 },
      { name: 'PATCH engagedParty.id: 5', method: 'PATCH', path: item, body: { engagedParty: { id: 5 } }, contentType: MERGE_PATCH, expect: 400 },
      { name: 'PATCH id', method: 'PATCH', path: item, body: { id: UNKNOWN_ID }, contentType: MERGE_PATCH, expect: 400 },
      { name: 'PATCH href', method: 'PATCH', path: item, body: { href: 'x' }, contentType: 'application/json', expect: 400 },
      { name: 'PATCH merge with array', method: 'PATCH', path: item, body: [], contentType: MERGE_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch with object', method: 'PATCH', path: item, body: {}, contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch op without path', method: 'PATCH', path: item, body: [{ op: 'add', value: 1 }], contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch bad op', method: 'PATCH', path: item, body: [{ op: 'explode', path: '/name' }], contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch op: null', method: 'PATCH', path: item, body: [null], contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch bad path', method: 'PATCH', path: item, body: [{ op: 'replace', path: 'name', value: 'x' }], contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch replace root', method: 'PATCH', path: item, body: [{ op: 'replace', path: '', value: [] }], contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch move from missing', method: 'PATCH', path: item, body: [{ op: 'move', from: '/nothing', path: '/name' }], contentType: JSON_PATCH, expect: 400 },
      { name: 'PATCH JSON Patch failed test', method: 'PATCH', path: item, body: [{ op: 'test', path: '/name', value: 'x' }], contentType: JSON_PATCH, expect: 409 },
      { name: 'PATCH text/plain', method: 'PATCH', path: item, body: 'x', contentType: 'text/plain', expect: 415 },
      { name: 'PATCH application/xml', method: 'PATCH', path: item, body: '<x/>', contentType: 'application/xml', expect: 415 },
      { name: 'PATCH over 1 MB', method: 'PATCH', path: item, body: { statusReason: OVER_1MB }, contentType: MERGE_PATCH, expect: 413 },
      { name: 'PATCH unknown id', method: 'PATCH', path: `${CUSTOMER_PATH}/${UNKNOWN_ID}`, body: {}, contentType: MERGE_PATCH, expect: 404 },
      { name: 'PATCH non-uuid id', method: 'PATCH', path: `${CUSTOMER_PATH}/abc`, body: {}, contentType: MERGE_PATCH, expect: 404 },
      // retrieve / delete
      { name: 'GET unknown id', method: 'GET', path: `${CUSTOMER_PATH}/${UNKNOWN_ID}`, expect: 404 },
      { name: 'GET non-uuid id', method: 'GET', path: `${CUSTOMER_PATH}/abc'%20OR%201=1`, expect: 404 },
      { name: 'GET fields unknown', method: 'GET', path: `${item}?fields=shoeSize`, expect: 400 },
      { name: 'GET fields bad syntax', method: 'GET', path: `${item}?fields=a..b`, expect: 400 },
      { name: 'DELETE unknown id', method: 'DELETE', path: `${CUSTOMER_PATH}/${UNKNOWN_ID}`, expect: 404 },
      { name: 'DELETE non-uuid id', method: 'DELETE', path: `${CUSTOMER_PATH}/abc`, expect: 404 },
      { name: 'PUT (no such operation)', method: 'PUT', path: item, body: customerBody() },
      { name: 'DELETE collection', method: 'DELETE', path: CUSTOMER_PATH },
      { name: 'unknown route', method: 'GET', path: '/tmf-api/customerManagement/v4/nothing', expect: 404 },
      // list queries
      ...[
        'name.like=x',
        'engagedParty.id.contains=x',
        'shoeSize=1',
        'engagedParty=x',
        'engagedParty.shoeSize=x',
        '=x',
        'a.b.c.d.e.f.g.h.i=1',
        'offset=-1',
        'offset=1.5',
        'offset=abc',
        'offset=99999999999',
        'limit=1001',
        'limit=-1',
        'limit=',
        'limit=1e3',
        'sort=shoeSize',
        'sort=-',
        'sort=engagedParty',
        'fields=shoeSize',
        'fields=name..x',
        'name.regex=(',
        'name.regex=%5B%5B%3Afoo%3A%5D%5D',
        'engagedParty.name.regex=%5B%5B%3Afoo%3A%5D%5D',
        'name.regex=(%3F%3Cn%3EG)',
        'creditProfile.creditScore=abc',
        'creditProfile.creditScore.gte=1e400',
        'creditProfile.creditScore.regex=7',
        'contactMedium.preferred=yes',
        'validFor.startDateTime=yesterday',
        `name=${Array(101).fill('a').join(',')}`,
        Array(51).fill('name=a').join('&'),
        'name=%E0%A4%A',
        '%E0%A4%A=1',
        '__proto__=1',
        'constructor.prototype=1',
        'name.__proto__=1',
      ].map((q): BadRequest => ({ name: `GET ?${q.slice(0, 60)}`, method: 'GET', path: `${CUSTOMER_PATH}?${q}`, expect: 400 })),
    ];
    await expectAllClientErrors(t, requests);
    expect(await getCustomer(t, id).expect(200).then((r) => r.body)).toEqual(existing);
  });

  describe('X-Request-Id', () => {
    it('is on every response, success or error, and differs between requests', async () => {
      const responses = [
        await listCustomers(t).expect(200),
        await getCustomer(t, existing.id).expect(200),
        await post(customerBody()).expect(201),
        await getCustomer(t, UNKNOWN_ID).expect(404),
        await post({ name: 5 }).expect(400),
        await post('x', 'text/plain').expect(415),
        await request(t.server).get('/no/such/path').expect(404),
      ];
      const ids = responses.map((r) => r.headers['x-request-id']);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('echoes a sane client X-Request-Id', async () => {
      for (const sent of ['abc-123', 'req.42:alpha_BETA', UNKNOWN_ID]) {
        expect((await listCustomers(t).set('X-Request-Id', sent).expect(200)).headers['x-request-id']).toBe(sent);
        expect((await getCustomer(t, UNKNOWN_ID).set('X-Request-Id', sent).expect(404)).headers['x-request-id']).toBe(sent);
      }
    });

    it('replaces an insane client X-Request-Id with its own', async () => {
      for (const sent of ['has spaces in it', 'x'.repeat(200), 'semi;colon', '<script>']) {
        const got = (await listCustomers(t).set('X-Request-Id', sent).expect(200)).headers['x-request-id'];
        expect(got).not.toBe(sent);
        expect(got).toMatch(UUID_RE);
      }
    });

    it('is on the 400 for a path with broken percent-encoding too', async () => {
      const res = await rawRequest(t, 'GET', `${CUSTOMER_PATH}/%E0%A4%A`, { 'X-Request-Id': 'bad-url-1' });
      expect(res.status).toBe(400);
      expect(res.headers['x-request-id']).toBe('bad-url-1');
    });
  });
});

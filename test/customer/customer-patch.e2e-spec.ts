// TMF629 PATCH /customer/{id}: RFC 7396 merge patch (application/merge-patch+json and application/json) and
// RFC 6902 JSON Patch (application/json-patch+json); read-only id/href; media types; invalid results.
import request from 'supertest';
import { createCustomer, Doc, expectTmfError, getCustomer, JSON_PATCH, MERGE_PATCH, patchCustomer } from '../support/customer-helpers';
import { customerBody, fullCustomerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('TMF629 customer: PATCH', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ listen: true })));
  afterAll(() => t.close());

  const fresh = () => createCustomer(t, fullCustomerBody());
  const current = async (id: string) => (await getCustomer(t, id).expect(200)).body as Doc;

  /** PATCH must fail with `status` and leave the stored customer as it was. */
  async function expectRejected(customer: Doc, body: unknown, contentType: string, status: number): Promise<request.Response> {
    const res = await patchCustomer(t, customer.id, body, contentType);
    expectTmfError(res, status);
    expect(await current(customer.id)).toEqual(customer);
    return res;
  }

  describe.each([MERGE_PATCH, 'application/json'])('merge patch as %s', (contentType) => {
    it('answers 200 with the whole updated resource, and GET shows the change', async () => {
      const customer = await fresh();
      const res = await patchCustomer(t, customer.id, { status: 'Validated', statusReason: 'Documents checked' }, contentType).expect(200);
      const expected = { ...customer, status: 'Validated', statusReason: 'Documents checked' };
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(expected);
      expect(await current(customer.id)).toEqual(expected);
    });

    it('null removes an attribute', async () => {
      const customer = await fresh();
      const res = await patchCustomer(t, customer.id, { statusReason: null, validFor: { endDateTime: null } }, contentType).expect(200);
      expect(res.body).not.toHaveProperty('statusReason');
      expect(res.body.validFor).toEqual({ startDateTime: customer.validFor.startDateTime });
      const { statusReason: _gone, ...rest } = customer;
      expect(await current(customer.id)).toEqual({ ...rest, validFor: { startDateTime: '2024-01-01T00:00:00.000Z' } });
    });

    it('nested objects merge', async () => {
      const customer = await fresh();
      const res = await patchCustomer(t, customer.id, { engagedParty: { name: 'Globex Holding' } }, contentType).expect(200);
      expect(res.body.engagedParty).toEqual({ ...customer.engagedParty, name: 'Globex Holding' });
      expect((await current(customer.id)).engagedParty).toEqual({
        id: 'org-globex',
        name: 'Globex Holding',
        '@referredType': 'Organization',
        href: 'https://example.com/organization/org-globex',
        role: 'owner',
      });
    });

    it('arrays replace', async () => {
      const customer = await fresh();
      const only = [{ id: 'emp-77', role: 'sponsor', '@referredType': 'Individual' }];
      const res = await patchCustomer(t, customer.id, { relatedParty: only, characteristic: [{ name: 'segment', value: 'enterprise' }] }, contentType).expect(200);
      expect(res.body.relatedParty).toEqual(only);
      expect(res.body.characteristic).toEqual([{ name: 'segment', value: 'enterprise' }]);
      const after = await current(customer.id);
      expect(after.relatedParty).toEqual(only);
      expect(after.characteristic).toEqual([{ name: 'segment', value: 'enterprise' }]);
      expect(after.contactMedium).toEqual(customer.contactMedium);
    });

    it('normalises patched date-times to UTC instants', async () => {
      const customer = await fresh();
      const res = await patchCustomer(t, customer.id, { validFor: { endDateTime: '2031-01-01T01:00:00+01:00' } }, contentType).expect(200);
      expect(res.body.validFor).toEqual({ startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2031-01-01T00:00:00.000Z' });
      expect((await current(customer.id)).validFor).toEqual(res.body.validFor);
    });

    it.each([
      ['a different id', { id: '0190f3a0-0000-7000-8000-000000000000' }],
      ['a null id', { id: null }],
      ['a different href', { href: 'http://elsewhere.example/customer/1' }],
      ['a null href', { href: null }],
    ])('400 for %s, nothing changed', async (_label, body) => {
      const customer = await fresh();
      await expectRejected(customer, { ...body, name: 'Should not stick' }, contentType, 400);
    });

    it.each([
      ['name: null (mandatory)', { name: null }],
      ['engagedParty: null (mandatory)', { engagedParty: null }],
      ['engagedParty.id: 5', { engagedParty: { id: 5 } }],
      ["engagedParty without '@referredType'", { engagedParty: { '@referredType': null } }],
      ['name: 5', { name: 5 }],
      ['characteristic: {}', { characteristic: {} }],
      ['validFor.startDateTime: yesterday', { validFor: { startDateTime: 'yesterday' } }],
      ['a relatedParty without @referredType', { relatedParty: [{ id: 'emp-1' }] }],
      ['an unknown attribute', { shoeSize: 42 }],
      ['an unknown nested attribute', { engagedParty: { shoeSize: 42 } }],
    ])('400 when the result would be invalid (%s), nothing changed', async (_label, body) => {
      const customer = await fresh();
      await expectRejected(customer, body, contentType, 400);
    });

    it('400 when the body is not a JSON object', async () => {
      const customer = await fresh();
      await expectRejected(customer, [{ op: 'replace', path: '/name', value: 'x' }], contentType, 400);
      await expectRejected(customer, '"just a string"', contentType, 400);
    });

    it('404 for an unknown id', async () => {
      expectTmfError(await patchCustomer(t, '0190f3a0-0000-7000-8000-000000000000', { status: 'Validated' }, contentType), 404);
      expectTmfError(await patchCustomer(t, 'not-a-uuid', { status: 'Validated' }, contentType), 404);
    });
  });

  it('accepts media type parameters (charset)', async () => {
    const customer = await fresh();
    const res = await patchCustomer(t, customer.id, { status: 'Validated' }, `${MERGE_PATCH}; charset=utf-8`).expect(200);
    expect(res.body.status).toBe('Validated');
  });

  it('an empty merge patch changes nothing', async () => {
    const customer = await fresh();
    const res = await patchCustomer(t, customer.id, {}).expect(200);
    expect(res.body).toEqual(customer);
  });

  describe('JSON Patch (application/json-patch+json)', () => {
    it('adds to an array with /relatedParty/-', async () => {
      const customer = await fresh();
      const added = { id: 'emp-11', name: 'Sam Poe', role: 'sponsor', '@referredType': 'Individual' };
      const res = await patchCustomer(t, customer.id, [{ op: 'add', path: '/relatedParty/-', value: added }], JSON_PATCH).expect(200);
      const expected = { ...customer, relatedParty: [...customer.relatedParty, added] };
      expect(res.body).toEqual(expected);
      expect(await current(customer.id)).toEqual(expected);
    });

    it('replaces /relatedParty/0/role', async () => {
      const customer = await fresh();
      const res = await patchCustomer(t, customer.id, [{ op: 'replace', path: '/relatedParty/0/role', value: 'sponsor' }], JSON_PATCH).expect(200);
      expect(res.body.relatedParty).toEqual([{ ...customer.relatedParty[0], role: 'sponsor' }, customer.relatedParty[1]]);
      expect((await current(customer.id)).relatedParty[0].role).toBe('sponsor');
    });

    it('removes an attribute and an array element', async () => {
      const customer = await fresh();
      const res = await patchCustomer(
        t,
        customer.id,
        [
          { op: 'remove', path: '/statusReason' },
          { op: 'remove', path: '/relatedParty/0' },
        ],
        JSON_PATCH,
      ).expect(200);
      expect(res.body).not.toHaveProperty('statusReason');
      expect(res.body.relatedParty).toEqual([customer.relatedParty[1]]);
      const after = await current(customer.id);
      expect(after).not.toHaveProperty('statusReason');
      expect(after.relatedParty).toEqual([customer.relatedParty[1]]);
    });

    it('applies a passing test op and the ops after it', async () => {
      const customer = await fresh();
      const res = await patchCustomer(
        t,
        customer.id,
        [
          { op: 'test', path: '/status', value: 'Approved' },
          { op: 'replace', path: '/status', value: 'Validated' },
        ],
        JSON_PATCH,
      ).expect(200);
      expect(res.body.status).toBe('Validated');
      expect((await current(customer.id)).status).toBe('Validated');
    });

    it('409 when a test op fails, and nothing is applied', async () => {
      const customer = await fresh();
      await expectRejected(
        customer,
        [
          { op: 'replace', path: '/name', value: 'Changed first' },
          { op: 'test', path: '/status', value: 'Rejected' },
          { op: 'replace', path: '/status', value: 'Validated' },
        ],
        JSON_PATCH,
        409,
      );
    });

    it('400 when an op cannot be applied, and earlier ops are not applied either', async () => {
      const customer = await fresh();
      await expectRejected(
        customer,
        [
          { op: 'replace', path: '/name', value: 'Changed first' },
          { op: 'remove', path: '/nothingHere' },
        ],
        JSON_PATCH,
        400,
      );
      await expectRejected(customer, [{ op: 'frobnicate', path: '/name' }], JSON_PATCH, 400);
      await expectRejected(customer, [{ op: 'replace', path: '/relatedParty/9/role', value: 'x' }], JSON_PATCH, 400);
    });

    it.each([
      ['replace /id', [{ op: 'replace', path: '/id', value: '0190f3a0-0000-7000-8000-000000000000' }]],
      ['remove /id', [{ op: 'remove', path: '/id' }]],
      ['replace /href', [{ op: 'replace', path: '/href', value: 'http://elsewhere.example/customer/1' }]],
      ['remove /href', [{ op: 'remove', path: '/href' }]],
    ])('400 for %s, nothing changed', async (_label, ops) => {
      const customer = await fresh();
      await expectRejected(customer, [{ op: 'replace', path: '/name', value: 'Should not stick' }, ...ops], JSON_PATCH, 400);
    });

    it.each([
      ['remove /name', [{ op: 'remove', path: '/name' }]],
      ['remove /engagedParty/id', [{ op: 'remove', path: '/engagedParty/id' }]],
      ['replace /engagedParty/id with a number', [{ op: 'replace', path: '/engagedParty/id', value: 5 }]],
      ['add a relatedParty without @referredType', [{ op: 'add', path: '/relatedParty/-', value: { id: 'emp-12' } }]],
      ['add an unknown attribute', [{ op: 'add', path: '/shoeSize', value: 42 }]],
      ['remove the billing account', [{ op: 'remove', path: '/account/0' }]],
    ])('400 when the result would be invalid (%s), nothing changed', async (_label, ops) => {
      const customer = await fresh();
      await expectRejected(customer, ops, JSON_PATCH, 400);
    });

    it('400 when the body is not an array of operations', async () => {
      const customer = await fresh();
      await expectRejected(customer, { op: 'replace', path: '/name', value: 'x' }, JSON_PATCH, 400);
    });

    it('404 for an unknown id', async () => {
      expectTmfError(await patchCustomer(t, '0190f3a0-0000-7000-8000-000000000000', [{ op: 'replace', path: '/status', value: 'x' }], JSON_PATCH), 404);
    });
  });

  it('attribute names that are Object.prototype members are unknown attributes too: 400, nothing stored', async () => {
    const cases: [string, unknown, string][] = [
      ['merge toString', { toString: 'x' }, MERGE_PATCH],
      ['merge constructor', { constructor: 'x' }, MERGE_PATCH],
      ['merge valueOf', { valueOf: 'x' }, MERGE_PATCH],
      ['JSON Patch add /toString', [{ op: 'add', path: '/toString', value: 1 }], JSON_PATCH],
      ['JSON Patch add /valueOf', [{ op: 'add', path: '/valueOf', value: 1 }], JSON_PATCH],
      ['JSON Patch add /constructor', [{ op: 'add', path: '/constructor', value: 1 }], JSON_PATCH],
    ];
    const outcomes: Record<string, { status: number; stored: string[] }> = {};
    for (const [label, body, contentType] of cases) {
      const customer = await fresh();
      const res = await patchCustomer(t, customer.id, body, contentType);
      const { rows } = await t.sql.query<{ doc: Doc }>('SELECT doc FROM customer WHERE id = $1', [customer.id]);
      outcomes[label] = { status: res.status, stored: Object.keys(rows[0].doc).filter((k) => ['toString', 'constructor', 'valueOf'].includes(k)) };
    }
    expect(outcomes).toEqual(Object.fromEntries(cases.map(([label]) => [label, { status: 400, stored: [] }])));
  });

  describe('unsupported media types', () => {
    it.each([
      ['text/plain', 'status=Validated'],
      ['application/xml', '<customer><status>Validated</status></customer>'],
      ['application/x-www-form-urlencoded', 'status=Validated'],
    ])('415 for %s, nothing changed', async (contentType, body) => {
      const customer = await createCustomer(t, customerBody());
      await expectRejected(customer, body, contentType, 415);
    });
  });
});

// TMF629 Customer: create, retrieve and delete, with the billing-account rule (every customer has one).
import request from 'supertest';
import { createCustomer, CUSTOMER_PATH, CUSTOMER_URL, Doc, expectTmfError, getCustomer, patchCustomer, UUID_RE } from '../support/customer-helpers';
import { customerBody, fullCustomerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('TMF629 customer: create, retrieve, delete', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ listen: true })));
  afterAll(() => t.close());

  const customerCount = async () => Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM customer')).rows[0].n);
  const billingAccountsOf = async (customerId: string) =>
    (await t.sql.query<{ id: string; name: string }>('SELECT id, name FROM billing_account WHERE customer_id = $1 ORDER BY created_at, id', [customerId])).rows;

  describe('POST /customer', () => {
    it('answers 201 with the resource, a server-generated id and a Location equal to its href', async () => {
      const body = customerBody();
      const res = await request(t.server).post(CUSTOMER_PATH).send(body).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.id).toMatch(UUID_RE);
      expect(res.body.href).toBe(`http://bss.test:8080/tmf-api/customerManagement/v4/customer/${res.body.id}`);
      expect(res.body.href).toBe(`${CUSTOMER_URL}/${res.body.id}`);
      expect(res.headers.location).toBe(res.body.href);
      expect(res.body).toMatchObject({ name: body.name, engagedParty: body.engagedParty, '@type': 'Customer' });
      const row = await t.sql.query('SELECT id, name FROM customer WHERE id = $1', [res.body.id]);
      expect(row.rows).toEqual([{ id: res.body.id, name: body.name }]);
    });

    it('gives every customer its own id', async () => {
      const body = customerBody();
      const [a, b] = [await createCustomer(t, body), await createCustomer(t, body)];
      expect(a.id).not.toBe(b.id);
      expect(a.href).not.toBe(b.href);
    });

    it.each([
      ['id', { id: '11111111-1111-4111-8111-111111111111' }],
      ['href', { href: 'http://elsewhere.example/customer/1' }],
    ])('rejects a client-sent %s (not an attribute of Customer_Create) with 400', async (attr, extra) => {
      const before = await customerCount();
      const res = await request(t.server).post(CUSTOMER_PATH).send({ ...customerBody(), ...extra });
      expectTmfError(res, 400);
      expect(res.body.message).toContain(attr);
      expect(await customerCount()).toBe(before);
    });

    it("defaults @type to 'Customer'", async () => {
      const created = await createCustomer(t, customerBody());
      expect(created['@type']).toBe('Customer');
      expect((await getCustomer(t, created.id).expect(200)).body['@type']).toBe('Customer');
    });

    it('keeps a client-sent @type, @baseType and @schemaLocation', async () => {
      const poly = { '@type': 'B2BCustomer', '@baseType': 'Customer', '@schemaLocation': 'https://example.com/schemas/B2BCustomer.schema.json' };
      const created = await createCustomer(t, customerBody(poly));
      expect(created).toMatchObject(poly);
      expect((await getCustomer(t, created.id).expect(200)).body).toMatchObject(poly);
    });

    describe('mandatory attributes', () => {
      const without = (attr: string) => {
        const body = customerBody();
        delete body[attr];
        return body;
      };
      it.each([
        ['name is missing', () => without('name'), 'name'],
        ['engagedParty is missing', () => without('engagedParty'), 'engagedParty'],
        ['engagedParty has no id', () => customerBody({ engagedParty: { '@referredType': 'Organization', name: 'No id' } }), 'engagedParty.id'],
        ["engagedParty has no '@referredType'", () => customerBody({ engagedParty: { id: 'org-1', name: 'No type' } }), 'engagedParty.@referredType'],
      ])('400 when %s, and nothing is stored', async (_label, make, attr) => {
        const before = await customerCount();
        const res = await request(t.server).post(CUSTOMER_PATH).send(make());
        expectTmfError(res, 400);
        expect(res.body.message).toContain(attr);
        expect(await customerCount()).toBe(before);
      });
    });

    it('round-trips every attribute of the v4 Customer through POST then GET', async () => {
      const body = fullCustomerBody();
      const created = await request(t.server).post(CUSTOMER_PATH).send(body).expect(201);
      const got = await getCustomer(t, created.body.id).expect(200);
      const bodyAccounts = body.account as Doc[];
      const expected = {
        ...body,
        id: created.body.id,
        href: `${CUSTOMER_URL}/${created.body.id}`,
        // the BillingAccount ref without id got one; the FinancialAccount is kept as sent; no extra account
        account: [{ ...bodyAccounts[0], id: expect.stringMatching(UUID_RE) }, bodyAccounts[1]],
        contactMedium: [
          {
            mediumType: 'email',
            preferred: true,
            characteristic: { emailAddress: 'billing@globex.example', contactType: 'billing' },
            validFor: { startDateTime: '2024-01-01T00:00:00.000Z' },
          },
          {
            mediumType: 'postalAddress',
            characteristic: { street1: '1 Globex Way', street2: 'Floor 3', city: 'Springfield', postCode: '12345', stateOrProvince: 'OR', country: 'US', contactType: 'hq' },
          },
          { mediumType: 'telephone', characteristic: { phoneNumber: '+1 555 0100', faxNumber: '+1 555 0101', socialNetworkId: '@globex' } },
        ],
        creditProfile: [
          {
            creditProfileDate: '2024-03-01T10:00:00.000Z',
            creditRiskRating: 2,
            creditScore: 780,
            validFor: { startDateTime: '2024-03-01T00:00:00.000Z', endDateTime: '2025-03-01T00:00:00.000Z' },
          },
        ],
        validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2030-12-31T23:59:59.000Z' },
      };
      expect(created.body).toEqual(expected);
      expect(got.body).toEqual(expected);
      expect(got.body).toEqual(created.body);
    });

    it('stores date-times given with an offset or fractions as the same instant in UTC with milliseconds', async () => {
      const created = await createCustomer(
        t,
        customerBody({
          validFor: { startDateTime: '2024-01-01T02:00:00+02:00', endDateTime: '2024-12-31T18:30:00.5-05:30' },
          creditProfile: [{ creditProfileDate: '2024-03-01T00:00:00.123456Z', validFor: { startDateTime: '2024-03-01T09:00:00+09:00' } }],
        }),
      );
      const expected = {
        validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.500Z' },
        creditProfile: [{ creditProfileDate: '2024-03-01T00:00:00.123Z', validFor: { startDateTime: '2024-03-01T00:00:00.000Z' } }],
      };
      expect(created).toMatchObject(expected);
      expect((await getCustomer(t, created.id).expect(200)).body).toMatchObject(expected);
    });
  });

  describe('billing accounts', () => {
    it("creates one BillingAccount when the customer names none, lists it in 'account' and stores it", async () => {
      const created = await createCustomer(t, customerBody());
      expect(created.account).toEqual([{ id: expect.stringMatching(UUID_RE), name: expect.any(String), '@referredType': 'BillingAccount' }]);
      expect(created.account[0].name.length).toBeGreaterThan(0);
      expect(await billingAccountsOf(created.id)).toEqual([{ id: created.account[0].id, name: created.account[0].name }]);
      expect((await getCustomer(t, created.id).expect(200)).body.account).toEqual(created.account);
    });

    it('adds the BillingAccount next to accounts of other types', async () => {
      const financial = { id: 'fin-1', name: 'Finance', '@referredType': 'FinancialAccount' };
      const created = await createCustomer(t, customerBody({ account: [financial] }));
      expect(created.account).toHaveLength(2);
      expect(created.account[0]).toEqual(financial);
      expect(created.account[1]).toEqual({ id: expect.stringMatching(UUID_RE), name: expect.any(String), '@referredType': 'BillingAccount' });
      expect((await billingAccountsOf(created.id)).map((a) => a.id)).toEqual([created.account[1].id]);
    });

    it('creates the account a BillingAccount ref without id asks for (and no other)', async () => {
      const created = await createCustomer(t, customerBody({ account: [{ name: 'Main billing', '@referredType': 'BillingAccount', description: 'HQ' }] }));
      expect(created.account).toEqual([{ id: expect.stringMatching(UUID_RE), name: 'Main billing', '@referredType': 'BillingAccount', description: 'HQ' }]);
      expect(await billingAccountsOf(created.id)).toEqual([{ id: created.account[0].id, name: 'Main billing' }]);
    });

    it('rejects a BillingAccount ref with an unknown id with 400 and a referenceError', async () => {
      const before = await customerCount();
      for (const id of ['ba-does-not-exist', '0190f3a0-0000-7000-8000-000000000000']) {
        const res = await request(t.server)
          .post(CUSTOMER_PATH)
          .send(customerBody({ account: [{ id, name: 'Ghost', '@referredType': 'BillingAccount' }] }));
        expectTmfError(res, 400);
        expect(typeof res.body.referenceError).toBe('string');
        expect(res.body.referenceError).toContain(id);
      }
      expect(await customerCount()).toBe(before);
    });

    it("rejects another customer's billing account with 400 (on create and on patch)", async () => {
      const owner = await createCustomer(t, customerBody());
      const theirs = owner.account[0];
      const res = await request(t.server).post(CUSTOMER_PATH).send(customerBody({ account: [theirs] }));
      expectTmfError(res, 400);

      const other = await createCustomer(t, customerBody());
      const patched = await patchCustomer(t, other.id, { account: [...other.account, theirs] });
      expectTmfError(patched, 400);
      expect((await getCustomer(t, other.id).expect(200)).body).toEqual(other);
      expect(await billingAccountsOf(owner.id)).toEqual([{ id: theirs.id, name: theirs.name }]);
    });

    it("rejects a PATCH that drops the customer's billing account, and keeps it", async () => {
      const created = await createCustomer(t, customerBody());
      for (const patch of [{ account: [] }, { account: null }, { account: [{ id: 'fin-9', name: 'Finance only', '@referredType': 'FinancialAccount' }] }]) {
        expectTmfError(await patchCustomer(t, created.id, patch), 400);
      }
      expect((await getCustomer(t, created.id).expect(200)).body).toEqual(created);
      expect(await billingAccountsOf(created.id)).toHaveLength(1);
    });

    it('creates the account a PATCH adds as a BillingAccount ref without id', async () => {
      const created = await createCustomer(t, customerBody());
      const res = await patchCustomer(t, created.id, { account: [...created.account, { name: 'Second billing', '@referredType': 'BillingAccount' }] }).expect(200);
      expect(res.body.account).toEqual([created.account[0], { id: expect.stringMatching(UUID_RE), name: 'Second billing', '@referredType': 'BillingAccount' }]);
      expect(res.body.account[1].id).not.toBe(created.account[0].id);
      const rows = await billingAccountsOf(created.id);
      expect(rows.map((r) => r.id).sort()).toEqual([created.account[0].id, res.body.account[1].id].sort());
      expect((await getCustomer(t, created.id).expect(200)).body.account).toEqual(res.body.account);
    });
  });

  describe('GET /customer/{id}', () => {
    let customer: Doc;
    beforeAll(async () => {
      customer = await createCustomer(t, fullCustomerBody());
    });

    it('answers 200 with the resource', async () => {
      const res = await getCustomer(t, customer.id).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(customer);
    });

    it('fields=name returns only id, href, @type and name', async () => {
      const res = await getCustomer(t, customer.id, 'fields=name').expect(200);
      expect(res.body).toEqual({ id: customer.id, href: customer.href, '@type': 'Customer', name: 'Globex Corporation' });
    });

    it('selects nested attributes, also inside arrays', async () => {
      const res = await getCustomer(t, customer.id, 'fields=engagedParty.id,relatedParty.role').expect(200);
      expect(res.body).toEqual({
        id: customer.id,
        href: customer.href,
        '@type': 'Customer',
        engagedParty: { id: 'org-globex' },
        relatedParty: [{ role: 'accountManager' }, { role: 'technicalContact' }],
      });
    });

    it('400 for an attribute in fields that the resource does not have', async () => {
      expectTmfError(await getCustomer(t, customer.id, 'fields=name,shoeSize'), 400);
      expectTmfError(await getCustomer(t, customer.id, 'fields=engagedParty.shoeSize'), 400);
    });

    it('404 with a TMF Error for an unknown id', async () => {
      const res = await getCustomer(t, '0190f3a0-0000-7000-8000-000000000000');
      expectTmfError(res, 404);
    });

    it('404 for an id that is not a uuid', async () => {
      expectTmfError(await getCustomer(t, 'not-a-uuid'), 404);
      expectTmfError(await getCustomer(t, `${customer.id}x`), 404);
    });
  });

  describe('DELETE /customer/{id}', () => {
    it('answers 204 without body; the customer is gone afterwards and a second DELETE is 404', async () => {
      const created = await createCustomer(t, customerBody());
      const res = await request(t.server).delete(`${CUSTOMER_PATH}/${created.id}`).expect(204);
      expect(res.text).toBe('');
      expectTmfError(await getCustomer(t, created.id), 404);
      expectTmfError(await request(t.server).delete(`${CUSTOMER_PATH}/${created.id}`), 404);
      expect((await t.sql.query('SELECT 1 FROM customer WHERE id = $1', [created.id])).rowCount).toBe(0);
    });

    it('removes the billing accounts of the deleted customer, and only those', async () => {
      const keep = await createCustomer(t, customerBody());
      const gone = await createCustomer(t, customerBody({ account: [{ name: 'A', '@referredType': 'BillingAccount' }, { name: 'B', '@referredType': 'BillingAccount' }] }));
      expect(await billingAccountsOf(gone.id)).toHaveLength(2);
      await request(t.server).delete(`${CUSTOMER_PATH}/${gone.id}`).expect(204);
      expect(await billingAccountsOf(gone.id)).toEqual([]);
      const ids = gone.account.map((a: Doc) => a.id);
      expect((await t.sql.query('SELECT id FROM billing_account WHERE id = ANY($1::uuid[])', [ids])).rows).toEqual([]);
      expect(await billingAccountsOf(keep.id)).toHaveLength(1);
      // the freed account id cannot be claimed by another customer
      expectTmfError(await request(t.server).post(CUSTOMER_PATH).send(customerBody({ account: [gone.account[0]] })), 400);
    });

    it('404 for an unknown or non-uuid id', async () => {
      expectTmfError(await request(t.server).delete(`${CUSTOMER_PATH}/0190f3a0-0000-7000-8000-000000000000`), 404);
      expectTmfError(await request(t.server).delete(`${CUSTOMER_PATH}/nope`), 404);
    });
  });
});

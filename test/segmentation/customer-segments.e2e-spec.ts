// The TMF629 customer's segmentation extension, end to end with a worker: a change to the customer re-evaluates its
// segments within seconds (a BullMQ job), the customer then carries `marketSegment` and `@schemaLocation` (valid
// against the served JSON Schema), is found by `marketSegment.id`, a hub listener receives the
// CustomerAttributeValueChangeEvent, and clients can neither set nor change the list.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createCustomer, CUSTOMER_PATH, Doc, expectTmfError, getCustomer, JSON_PATCH, listCustomers, patchCustomer } from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { Listener } from '../support/listener';
import { describeErrors, specAvailable, specValidator } from '../support/official-spec';
import { startTestApp, TestApp } from '../support/test-app';
import { eventually, insertSegment, ledgerOf, retireAllSegments, SCHEMA_LOCATION, SCHEMA_PATH, segmentRef } from './customer-segment-factories';

const CUSTOMER_SPEC = 'TMF629-Customer-v4.0.0.swagger.json';
const employees = (n: number) => [{ name: 'numberOfEmployees', value: n, valueType: 'integer' }];
const SOHO_RULE = { all: [{ feature: 'numberOfEmployees', op: 'gte', value: 1 }, { feature: 'numberOfEmployees', op: 'lte', value: 5 }] };

describe('TMF629 customer: the marketSegment extension', () => {
  let t: TestApp;
  let listener: Listener;
  let soho: string;
  let small: string;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    await t.startWorker();
    listener = await new Listener().start();
    await retireAllSegments(t);
    soho = await insertSegment(t, 'SoHo (test)', SOHO_RULE);
    small = await insertSegment(t, 'Under 50 (test)', { feature: 'numberOfEmployees', op: 'lt', value: 50 });
    // refreshCustomers queues the event only while a TMF629 listener is registered
    await request(t.server).post('/tmf-api/customerManagement/v4/hub').send({ callback: listener.url, query: 'eventType=CustomerAttributeValueChangeEvent' }).expect(201);
  });
  afterAll(async () => {
    await listener.stop();
    await t.close();
  });

  const fetchCustomer = async (id: string) => (await getCustomer(t, id).expect(200)).body as Doc;
  const segmentIdsOf = (c: Doc) => ((c.marketSegment as Doc[] | undefined) ?? []).map((s) => s.id as string).sort();
  const customerRow = async (id: string) => (await t.sql.query<{ doc: Doc; updated_at: Date }>(`SELECT doc, updated_at FROM customer WHERE id = $1`, [id])).rows[0];

  it('serves the extension’s JSON Schema read-only, identical to the committed openapi/schemas file', async () => {
    const res = await request(t.server).get(SCHEMA_PATH).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
    const served = JSON.parse(res.text) as Doc;
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', 'schemas', 'CustomerMarketSegment.schema.json'), 'utf8')) as Doc;
    expect(served).toEqual(committed);
    expect(served.$defs.MarketSegmentRef.required).toEqual(['id']);
    for (const method of ['post', 'put', 'patch', 'delete'] as const) expect((await request(t.server)[method](SCHEMA_PATH).send({})).status).toBe(404);
    // not in the OpenAPI documents: it is what they refer to
    const docs = await request(t.server).get('/docs/tmf629-customer.json').expect(200);
    expect(Object.keys(docs.body.paths as Doc).filter((p) => p.startsWith('/openapi'))).toEqual([]);
  });

  describe('a change to the customer', () => {
    let member: Doc;
    let outsider: Doc;
    let validate: ReturnType<Ajv2020['compile']>;

    beforeAll(async () => {
      const schema = JSON.parse((await request(t.server).get(SCHEMA_PATH).expect(200)).text) as Doc;
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      addFormats(ajv);
      validate = ajv.compile(schema);
      member = await createCustomer(t, customerBody({ characteristic: employees(12) }));
      outsider = await createCustomer(t, customerBody({ characteristic: employees(120) }));
      // the creates' own jobs: 12 employees is under 50, 120 is in no segment
      await eventually(() => fetchCustomer(member.id), (c) => segmentIdsOf(c).length === 1, 'the new customer enters Under 50');
    });

    it('puts the customer in the segments it now matches within seconds: marketSegment, @schemaLocation, ledger entries', async () => {
      expect(await fetchCustomer(member.id)).toMatchObject({ marketSegment: [segmentRef(small, 'Under 50 (test)')], '@schemaLocation': SCHEMA_LOCATION });
      await patchCustomer(t, member.id, { characteristic: employees(3) }).expect(200);
      const after = await eventually(() => fetchCustomer(member.id), (c) => segmentIdsOf(c).length === 2, 'the customer enters SoHo');
      // ordered by segment name; the rest of the customer as it was
      expect(after.marketSegment).toEqual([segmentRef(soho, 'SoHo (test)'), segmentRef(small, 'Under 50 (test)')]);
      expect(after).toMatchObject({ id: member.id, name: member.name, engagedParty: member.engagedParty, account: member.account, characteristic: employees(3), '@type': 'Customer' });
      expect(after['@schemaLocation']).toBe(SCHEMA_LOCATION);
      const [stay] = await ledgerOf(t, member.id, soho);
      expect(stay).toMatchObject({ valid_to: null, segment_version: 1 });
      expect(stay.doc.entry).toMatchObject({ trigger: 'customerChanged', segmentVersion: 1, reason: { features: { numberOfEmployees: 3 } } });
      expect(stay.doc.entry.billRun).toBeUndefined();
      expect((await fetchCustomer(outsider.id)).marketSegment).toBeUndefined();
    });

    it('the customer document validates against the served JSON Schema (and the official TMF629 Customer schema)', async () => {
      const customer = await fetchCustomer(member.id);
      expect(validate(customer) ? '' : JSON.stringify(validate.errors)).toBe('');
      // the validator can fail: a ref without id, an unknown referred type, an empty list
      expect(validate({ ...customer, marketSegment: [{ name: 'x' }] })).toBe(false);
      expect(validate({ ...customer, marketSegment: [{ id: soho, '@referredType': 'Segment' }] })).toBe(false);
      expect(validate({ ...customer, marketSegment: [] })).toBe(false);
      if (specAvailable(CUSTOMER_SPEC)) {
        const official = specValidator(CUSTOMER_SPEC, 'Customer');
        expect(official(customer) ? '' : describeErrors(official)).toBe('');
      }
    });

    it('GET /customer?marketSegment.id=… lists exactly the members', async () => {
      const other = await createCustomer(t, customerBody({ characteristic: employees(5) }));
      await eventually(() => fetchCustomer(other.id), (c) => segmentIdsOf(c).includes(soho), 'a second customer enters SoHo');
      const members = await listCustomers(t, `marketSegment.id=${soho}`).expect(200);
      expect((members.body as Doc[]).map((c) => c.id).sort()).toEqual([member.id, other.id].sort());
      expect(members.headers['x-total-count']).toBe('2');
      const under50 = await listCustomers(t, `marketSegment.id=${small}&fields=name`).expect(200);
      expect((under50.body as Doc[]).map((c) => c.id).sort()).toEqual([member.id, other.id].sort());
      expect((await listCustomers(t, `marketSegment.id=0190f3a0-0000-7000-8000-000000000000`).expect(200)).body).toEqual([]);
    });

    it('a change of segments reaches a hub listener as CustomerAttributeValueChangeEvent with fieldPath marketSegment', async () => {
      const events = await listener.waitFor((all) => all.some((e) => e.fieldPath === 'marketSegment' && (e.event as Doc).customer.id === member.id && (e.event as Doc).customer.marketSegment?.length === 2));
      const event = events.find((e) => e.fieldPath === 'marketSegment' && (e.event as Doc).customer.marketSegment?.length === 2) as Doc;
      expect(event).toMatchObject({ eventType: 'CustomerAttributeValueChangeEvent', eventId: expect.any(String), eventTime: expect.any(String) });
      expect(event.event.customer).toEqual(await fetchCustomer(member.id));
      if (specAvailable(CUSTOMER_SPEC)) {
        const official = specValidator(CUSTOMER_SPEC, 'CustomerAttributeValueChangeEvent');
        expect(official(event) ? '' : describeErrors(official)).toBe('');
      }
    });

    it('leaving every segment removes marketSegment, closes the ledger stays and emits the event', async () => {
      await patchCustomer(t, member.id, { characteristic: employees(80) }).expect(200);
      const after = await eventually(() => fetchCustomer(member.id), (c) => c.marketSegment === undefined, 'the customer leaves both segments');
      expect(after['@schemaLocation']).toBe(SCHEMA_LOCATION);
      for (const segment of [soho, small]) {
        const stays = await ledgerOf(t, member.id, segment);
        expect(stays[stays.length - 1].valid_to).toBeInstanceOf(Date);
        expect(stays[stays.length - 1].doc.exit).toMatchObject({ trigger: 'customerChanged', reason: { features: { numberOfEmployees: 80 } } });
      }
      expect(((await listCustomers(t, `marketSegment.id=${soho}`).expect(200)).body as Doc[]).map((c) => c.id)).not.toContain(member.id);
      await listener.waitFor((all) => all.some((e) => e.fieldPath === 'marketSegment' && (e.event as Doc).customer.id === member.id && (e.event as Doc).customer.marketSegment === undefined));
    });
  });

  describe('marketSegment is the server’s', () => {
    let member: Doc;

    beforeAll(async () => {
      member = await createCustomer(t, customerBody({ characteristic: employees(2) }));
      member = await eventually(() => fetchCustomer(member.id), (c) => segmentIdsOf(c).length === 2, 'the customer enters both segments');
    });

    it('POST with marketSegment → 400 readOnlyAttribute, and no customer is created', async () => {
      const before = (await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer`)).rows[0].n;
      const body = customerBody({ marketSegment: [segmentRef(soho, 'SoHo (test)')] });
      const res = await request(t.server).post(CUSTOMER_PATH).send(body);
      expectTmfError(res, 400);
      expect(res.body.code).toBe('readOnlyAttribute');
      expect(res.body.reason + res.body.message).toContain('marketSegment');
      expectTmfError(await request(t.server).post(CUSTOMER_PATH).send(customerBody({ marketSegment: [] })), 400);
      expect((await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer`)).rows[0].n).toBe(before);
    });

    it.each([
      ['merge patch replacing it', { marketSegment: [{ id: '0190f3a0-0000-7000-8000-000000000000', name: 'VIP' }] }, undefined],
      ['merge patch removing it', { marketSegment: null }, undefined],
      ['JSON Patch removing an entry', [{ op: 'remove', path: '/marketSegment/0' }], JSON_PATCH],
      ['JSON Patch renaming an entry', [{ op: 'replace', path: '/marketSegment/0/name', value: 'Renamed' }], JSON_PATCH],
      ['merge patch with another change too', { name: 'Renamed', marketSegment: [] }, undefined],
    ])('PATCH changing it (%s) → 400 readOnlyAttribute, and nothing changes', async (_label, body, contentType) => {
      const before = await customerRow(member.id);
      const events = (await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_event WHERE resource_id = $1`, [member.id])).rows[0].n;
      const res = await patchCustomer(t, member.id, body, contentType);
      expectTmfError(res, 400);
      expect(res.body.code).toBe('readOnlyAttribute');
      expect(await customerRow(member.id)).toEqual(before);
      expect((await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_event WHERE resource_id = $1`, [member.id])).rows[0].n).toBe(events);
    });

    it('a PATCH that sends the list back unchanged is accepted (a client echoing the resource)', async () => {
      const res = await patchCustomer(t, member.id, { status: 'Approved', marketSegment: member.marketSegment }).expect(200);
      expect(res.body).toMatchObject({ status: 'Approved', marketSegment: member.marketSegment, '@schemaLocation': SCHEMA_LOCATION });
    });
  });
});

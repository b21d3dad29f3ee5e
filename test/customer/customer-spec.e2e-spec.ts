// Every kind of TMF629 answer checked against the official v4 spec's schemas (Customer, Error, EventSubscription).
import request from 'supertest';
import { customerBody, fullCustomerBody } from '../support/factories';
import { describeErrors, specAvailable, specValidator } from '../support/official-spec';
import { startTestApp, TestApp } from '../support/test-app';

const SPEC = 'TMF629-Customer-v4.0.0.swagger.json';
const BASE = '/tmf-api/customerManagement/v4';
const describeWithSpec = specAvailable(SPEC) ? describe : describe.skip;

describeWithSpec('TMF629 answers match the official v4 schemas', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const expectValid = (definition: string, value: unknown) => {
    const validate = specValidator(SPEC, definition);
    expect(validate(value) ? '' : describeErrors(validate)).toBe('');
  };

  it('Customer: create, retrieve, list, projection and patch answers', async () => {
    const created = await request(t.server).post(`${BASE}/customer`).send(fullCustomerBody()).expect(201);
    expectValid('Customer', created.body);
    const minimal = await request(t.server).post(`${BASE}/customer`).send(customerBody()).expect(201);
    expectValid('Customer', minimal.body);
    expectValid('Customer', (await request(t.server).get(`${BASE}/customer/${created.body.id}`).expect(200)).body);
    const list = await request(t.server).get(`${BASE}/customer`).expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    for (const item of list.body) expectValid('Customer', item);
    const patched = await request(t.server).patch(`${BASE}/customer/${minimal.body.id}`).send({ status: 'Approved' }).expect(200);
    expectValid('Customer', patched.body);
  });

  it('the validator rejects what the spec forbids (so the checks above can fail)', () => {
    const validate = specValidator(SPEC, 'Customer');
    expect(validate({ id: '1', name: 'x' })).toBe(false); // no engagedParty
    expect(validate({ id: '1', engagedParty: { id: '1', '@referredType': 'Organization' }, creditProfile: [{ creditProfileDate: 'soon', validFor: {} }] })).toBe(false);
  });

  it('Error bodies', async () => {
    expectValid('Error', (await request(t.server).get(`${BASE}/customer/0190a0a0-0000-7000-8000-000000000000`).expect(404)).body);
    expectValid('Error', (await request(t.server).get(`${BASE}/customer?limit=5000`).expect(400)).body);
    expectValid('Error', (await request(t.server).post(`${BASE}/customer`).send({ name: 1 }).expect(400)).body);
  });

  it('EventSubscription', async () => {
    expectValid('EventSubscription', (await request(t.server).post(`${BASE}/hub`).send({ callback: 'http://127.0.0.1:9/cb', query: 'eventType=CustomerCreateEvent' }).expect(201)).body);
  });

  it('events in the outbox match their event schemas', async () => {
    const { body } = await request(t.server).post(`${BASE}/customer`).send(customerBody({ status: 'Initialized' })).expect(201);
    await request(t.server).patch(`${BASE}/customer/${body.id}`).send({ status: 'Approved', name: 'Renamed' }).expect(200);
    await request(t.server).delete(`${BASE}/customer/${body.id}`).expect(204);
    const { rows } = await t.sql.query<{ event_type: string; payload: unknown }>('SELECT event_type, payload FROM outbox_event WHERE resource_id = $1 ORDER BY id', [body.id]);
    expect(rows.map((r) => r.event_type)).toEqual(['CustomerCreateEvent', 'CustomerStateChangeEvent', 'CustomerAttributeValueChangeEvent', 'CustomerDeleteEvent']);
    for (const r of rows) expectValid(r.event_type, r.payload);
  });
});

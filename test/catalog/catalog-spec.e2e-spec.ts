// Every kind of TMF620 answer checked against the official v4.1 spec's schemas: the five resources (create,
// retrieve, list, projection, patch), Error bodies, EventSubscription and the events in the outbox.
import request from 'supertest';
import { Doc } from '../support/customer-helpers';
import {
  CATALOG_BASE,
  Collection,
  COLLECTIONS,
  collectionPath,
  createChain,
  createFullBodies,
  createResource,
  deleteResource,
  getResource,
  listResources,
  minimalBody,
  outboxEventsOf,
  patchResource,
  postRaw,
  TYPE_OF,
  UNKNOWN_ID,
} from '../support/catalog-factories';
import { ValidateFunction } from 'ajv';
import { describeErrors, specAvailable, specValidator } from '../support/official-spec';
import { startTestApp, TestApp } from '../support/test-app';

const SPEC = 'TMF620-ProductCatalog-v4.1.0.swagger.json';
const describeWithSpec = specAvailable(SPEC) ? describe : describe.skip;

const validators = new Map<string, ValidateFunction>();
/** One compiled validator per definition; ajv's warning about the spec's (unchecked) `base64` format is expected. */
function validatorFor(definition: string): ValidateFunction {
  let validate = validators.get(definition);
  if (!validate) {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => (String(args[0]).includes('unknown format "base64"') ? undefined : warn(...args));
    try {
      validate = specValidator(SPEC, definition);
    } finally {
      console.warn = warn;
    }
    validators.set(definition, validate);
  }
  return validate;
}

describeWithSpec('TMF620 answers match the official v4.1 schemas', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const expectValid = (definition: string, value: unknown, label = definition) => {
    const validate = validatorFor(definition);
    expect({ label, errors: validate(value) ? '' : describeErrors(validate) }).toEqual({ label, errors: '' });
  };

  it('the validator rejects what the spec forbids (so the checks below can fail)', () => {
    const offering = validatorFor('ProductOffering');
    expect(offering({ id: '1', name: 'x', isBundle: 'yes' })).toBe(false);
    expect(offering({ id: '1', validFor: { startDateTime: 'soon' } })).toBe(false);
    expect(offering({ id: '1', productSpecification: { name: 'no id' } })).toBe(false);
    expect(validatorFor('ProductOfferingPrice')({ id: '1', percentage: 'ten' })).toBe(false);
    expect(validatorFor('Error')({ code: 'x', reason: 'y', referenceError: 'not a uri' })).toBe(false);
  });

  it.each(COLLECTIONS.map((c) => [c]))('%s: create, retrieve, list, fields and patch answers', async (c: Collection) => {
    const { bodies } = await createFullBodies(t);
    const type = TYPE_OF[c];
    const full = await request(t.server).post(collectionPath(c)).send(bodies[c]).expect(201);
    expectValid(type, full.body, `${type} created with every attribute`);
    const minimal = await createResource(t, c, minimalBody(c));
    expectValid(type, minimal, `${type} created minimal`);
    expectValid(type, (await getResource(t, c, full.body.id).expect(200)).body, `${type} retrieved`);
    expectValid(type, (await getResource(t, c, full.body.id, 'fields=name,validFor').expect(200)).body, `${type} with fields`);
    const list = await listResources(t, c).expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    for (const item of list.body) expectValid(type, item, `${type} list item ${item.id}`);
    const patched = await patchResource(t, c, minimal.id, { description: 'patched', lifecycleStatus: 'In design', validFor: { startDateTime: '2024-01-01T00:00:00+02:00' } }).expect(200);
    expectValid(type, patched.body, `${type} patched`);
  });

  it('an optional attribute sent as null is refused or left out, never returned as null (the spec has no nulls)', async () => {
    const cases: [Collection, Doc][] = [
      ['productOffering', { description: null }],
      ['productOffering', { productSpecification: null }],
      ['productOfferingPrice', { percentage: null }],
      ['productSpecification', { productSpecCharacteristic: [{ name: 'x', minCardinality: null }] }],
      ['category', { parentId: null }],
      ['catalog', { validFor: { startDateTime: null } }],
    ];
    const problems: string[] = [];
    for (const [c, attrs] of cases) {
      const res = await postRaw(t, c, minimalBody(c, attrs));
      if (res.status === 400) continue;
      const validate = validatorFor(TYPE_OF[c]);
      if (res.status !== 201) problems.push(`${c} ${JSON.stringify(attrs)}: status ${res.status}`);
      else if (!validate(res.body)) problems.push(`${c} ${JSON.stringify(attrs)} → 201, but ${describeErrors(validate)}`);
    }
    expect(problems).toEqual([]);
  });

  it('Error bodies: 400 (body, query, reference, life cycle), 404, 409', async () => {
    const chain = await createChain(t);
    const base = CATALOG_BASE;
    expectValid('Error', (await request(t.server).get(`${base}/productOffering/${UNKNOWN_ID}`).expect(404)).body, '404');
    expectValid('Error', (await request(t.server).get(`${base}/productOffering?limit=5000`).expect(400)).body, '400 query');
    expectValid('Error', (await request(t.server).post(`${base}/productOffering`).send({ name: 1 }).expect(400)).body, '400 body');
    const reference = await request(t.server).post(`${base}/productOffering`).send({ name: 'x', productSpecification: { id: UNKNOWN_ID } }).expect(400);
    expectValid('Error', reference.body, '400 invalidReference');
    const transition = await patchResource(t, 'productOffering', chain.offering.id, { lifecycleStatus: 'Launched' }).expect(200);
    expect(transition.body.lifecycleStatus).toBe('Launched');
    expectValid('Error', (await patchResource(t, 'productOffering', chain.offering.id, { lifecycleStatus: 'In study' }).expect(400)).body, '400 invalidStateTransition');
    expectValid('Error', (await deleteResource(t, 'productSpecification', chain.specification.id).expect(409)).body, '409 resourceInUse');
  });

  it('Error bodies naming a target whose id is not URL-safe still carry a URI in referenceError', async () => {
    const reference = await request(t.server).post(`${CATALOG_BASE}/productOffering`).send({ name: 'x', productSpecification: { id: 'no such spec' } }).expect(400);
    expectValid('Error', reference.body, '400 invalidReference for an id with spaces');
    const parent = await request(t.server).post(`${CATALOG_BASE}/category`).send({ name: 'x', parentId: 'parent/../x?y' }).expect(400);
    expectValid('Error', parent.body, '400 invalidReference for an id with / and ?');
  });

  it('EventSubscription', async () => {
    const res = await request(t.server).post(`${CATALOG_BASE}/hub`).send({ callback: 'http://127.0.0.1:9/cb', query: 'eventType=ProductOfferingCreateEvent' }).expect(201);
    expectValid('EventSubscription', res.body);
  });

  it.each(COLLECTIONS.map((c) => [c]))('%s events in the outbox match their event schemas', async (c: Collection) => {
    const created = await createResource(t, c, minimalBody(c));
    await patchResource(t, c, created.id, { lifecycleStatus: 'Active', description: 'changed' }).expect(200);
    await deleteResource(t, c, created.id).expect(204);
    const events = await outboxEventsOf(t, created.id);
    const type = TYPE_OF[c];
    expect(events.map((e) => e.event_type)).toEqual([`${type}CreateEvent`, `${type}StateChangeEvent`, `${type}AttributeValueChangeEvent`, `${type}DeleteEvent`]);
    for (const e of events) expectValid(e.event_type, e.payload);
  });
});

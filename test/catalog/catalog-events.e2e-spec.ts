// TMF620 hub: listeners registered at /tmf-api/productCatalogManagement/v4/hub receive the Create,
// AttributeValueChange, StateChange and Delete events of all five catalog resources, filtered by their query.
import request from 'supertest';
import { Doc } from '../support/customer-helpers';
import {
  CATALOG_BASE,
  Collection,
  COLLECTIONS,
  createResource,
  deleteResource,
  minimalBody,
  patchResource,
  TYPE_OF,
} from '../support/catalog-factories';
import { Listener } from '../support/listener';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HUB = `${CATALOG_BASE}/hub`;

/** The resource an event carries, whatever its type (`event.<collection>`). */
const resourceOf = (e: Doc): Doc => Object.values(e.event as Doc)[0] as Doc;
const byEventId = (a: Doc, b: Doc) => String(a.eventId).localeCompare(String(b.eventId));

describe('TMF620 hub and events', () => {
  let t: TestApp;
  let listener: Listener;
  let stopWorker: () => Promise<void>;
  const subscriptions: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    listener = await new Listener().start();
    const worker = await t.startWorker();
    stopWorker = () => worker.close();
  });
  afterAll(async () => {
    for (const id of subscriptions) await request(t.server).delete(`${HUB}/${id}`);
    await stopWorker();
    await listener.stop();
    await t.close();
  });

  const subscribe = async (callback: string, query?: string) => {
    const res = await request(t.server).post(HUB).send({ callback, ...(query ? { query } : {}) }).expect(201);
    subscriptions.push(res.body.id);
    return res.body.id as string;
  };

  it('registers a listener: 201, Location under the catalog hub, stored for TMF620', async () => {
    const res = await request(t.server).post(HUB).send({ callback: 'http://127.0.0.1:9/listener', query: 'eventType=CategoryCreateEvent' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), callback: 'http://127.0.0.1:9/listener', query: 'eventType=CategoryCreateEvent' });
    expect(res.headers.location).toBe(`${PUBLIC_BASE_URL}${HUB}/${res.body.id}`);
    expect((await t.sql.query('SELECT api FROM hub_subscription WHERE id = $1', [res.body.id])).rows).toEqual([{ api: 'TMF620' }]);
    await request(t.server).delete(`${HUB}/${res.body.id}`).expect(204);
    await request(t.server).delete(`${HUB}/${res.body.id}`).expect(404);
  });

  it.each([['shoeSize=1'], ['eventType.like=x'], ['productOffering=x']])('refuses a query no catalog resource can match (%s) with 400', async (query) => {
    const res = await request(t.server).post(HUB).send({ callback: 'http://127.0.0.1:9/x', query }).expect(400);
    expect(res.body).toMatchObject({ status: '400', '@type': 'Error' });
  });

  it('delivers Create, AttributeValueChange, StateChange and Delete events for all five resources', async () => {
    const all = await new Listener().start();
    try {
      await subscribe(all.url);
      const resources: Record<Collection, Doc> = {} as Record<Collection, Doc>;
      const states: Record<Collection, Doc> = {} as Record<Collection, Doc>;
      for (const c of COLLECTIONS) {
        resources[c] = await createResource(t, c, minimalBody(c));
        const renamed = await patchResource(t, c, resources[c].id, { description: 'described' }).expect(200);
        states[c] = (await patchResource(t, c, resources[c].id, { lifecycleStatus: 'Active' }).expect(200)).body;
        expect(renamed.body.description).toBe('described');
        // no change, no event
        await patchResource(t, c, resources[c].id, { lifecycleStatus: 'Active' }).expect(200);
        await deleteResource(t, c, resources[c].id).expect(204);
      }
      const ids = new Set(COLLECTIONS.map((c) => resources[c].id));
      await all.waitFor((events) => events.filter((e) => ids.has(resourceOf(e).id)).length >= 20);
      await sleep(500);
      for (const c of COLLECTIONS) {
        const type = TYPE_OF[c];
        const mine = all.events.filter((e) => resourceOf(e).id === resources[c].id).sort(byEventId);
        expect(mine.map((e) => e.eventType)).toEqual([`${type}CreateEvent`, `${type}AttributeValueChangeEvent`, `${type}StateChangeEvent`, `${type}DeleteEvent`]);
        expect(mine[0]).toEqual({ eventId: expect.any(String), eventTime: expect.any(String), eventType: `${type}CreateEvent`, event: { [c]: resources[c] } });
        expect(mine[1]).toMatchObject({ fieldPath: 'description', event: { [c]: { id: resources[c].id, description: 'described', lifecycleStatus: 'In study' } } });
        expect(mine[2].event).toEqual({ [c]: states[c] });
        expect(mine[3].event).toEqual({ [c]: states[c] });
        for (const e of mine) expect(new Date(e.eventTime as string).toISOString()).toBe(e.eventTime);
      }
      expect(new Set(all.events.map((e) => e.eventId)).size).toBe(all.events.length);
    } finally {
      await all.stop();
    }
  });

  it('filters by event type exactly: ProductOfferingCreateEvent does not select ProductOfferingPriceCreateEvent', async () => {
    const offeringsOnly = await new Listener().start();
    try {
      await subscribe(offeringsOnly.url, 'eventType=ProductOfferingCreateEvent');
      const price = await createResource(t, 'productOfferingPrice');
      const offering = await createResource(t, 'productOffering', minimalBody('productOffering', { productOfferingPrice: [{ id: price.id }] }));
      await patchResource(t, 'productOffering', offering.id, { lifecycleStatus: 'Active' }).expect(200);
      await offeringsOnly.waitFor((e) => e.length >= 1);
      await sleep(1000);
      expect(offeringsOnly.events.map((e) => [e.eventType, resourceOf(e).id])).toEqual([['ProductOfferingCreateEvent', offering.id]]);
    } finally {
      await offeringsOnly.stop();
    }
  });

  it('filters by resource attributes, including nested paths only one resource has', async () => {
    const launched = await new Listener().start();
    const bySpec = await new Listener().start();
    try {
      const spec = await createResource(t, 'productSpecification');
      await subscribe(launched.url, 'lifecycleStatus=Launched&eventType=ProductOfferingStateChangeEvent,CategoryStateChangeEvent');
      await subscribe(bySpec.url, `productSpecification.id=${spec.id}`);
      const offering = await createResource(t, 'productOffering', minimalBody('productOffering', { productSpecification: { id: spec.id } }));
      const other = await createResource(t, 'productOffering');
      const category = await createResource(t, 'category', minimalBody('category', { productOffering: [{ id: offering.id }] }));
      await patchResource(t, 'productOffering', offering.id, { lifecycleStatus: 'Active' }).expect(200);
      await patchResource(t, 'productOffering', offering.id, { lifecycleStatus: 'Launched' }).expect(200);
      await patchResource(t, 'productOffering', other.id, { lifecycleStatus: 'Active' }).expect(200);
      await patchResource(t, 'category', category.id, { lifecycleStatus: 'Launched' }).expect(200);
      await launched.waitFor((e) => e.length >= 2);
      await bySpec.waitFor((e) => e.length >= 3);
      await sleep(1000);
      expect(launched.events.sort(byEventId).map((e) => [e.eventType, resourceOf(e).id])).toEqual([
        ['ProductOfferingStateChangeEvent', offering.id],
        ['CategoryStateChangeEvent', category.id],
      ]);
      expect(bySpec.events.sort(byEventId).map((e) => [e.eventType, resourceOf(e).id])).toEqual([
        ['ProductOfferingCreateEvent', offering.id],
        ['ProductOfferingStateChangeEvent', offering.id],
        ['ProductOfferingStateChangeEvent', offering.id],
      ]);
    } finally {
      await launched.stop();
      await bySpec.stop();
    }
  });

  it('catalog events do not reach listeners of another API (TMF629)', async () => {
    const customerListener = await new Listener().start();
    const catalogListener = await new Listener().start();
    try {
      const res = await request(t.server).post('/tmf-api/customerManagement/v4/hub').send({ callback: customerListener.url }).expect(201);
      await subscribe(catalogListener.url, 'eventType=CatalogCreateEvent');
      const catalog = await createResource(t, 'catalog');
      await catalogListener.waitFor((e) => e.length >= 1);
      await sleep(1000);
      expect(catalogListener.events.map((e) => resourceOf(e).id)).toEqual([catalog.id]);
      expect(customerListener.events).toEqual([]);
      await request(t.server).delete(`/tmf-api/customerManagement/v4/hub/${res.body.id}`).expect(204);
    } finally {
      await customerListener.stop();
      await catalogListener.stop();
    }
  });

  it('a refused change raises no event', async () => {
    const watcher = await new Listener().start();
    try {
      await subscribe(watcher.url, 'eventType=ProductOfferingCreateEvent,ProductOfferingAttributeValueChangeEvent');
      const offering = await createResource(t, 'productOffering');
      await patchResource(t, 'productOffering', offering.id, { category: [{ id: '0190f3a0-0000-7000-8000-000000000000' }] }).expect(400);
      await request(t.server).post(`${CATALOG_BASE}/productOffering`).send({ name: 'x', productSpecification: { id: 'missing' } }).expect(400);
      await patchResource(t, 'productOffering', offering.id, { description: 'accepted' }).expect(200);
      await watcher.waitFor((e) => e.length >= 2);
      await sleep(1000);
      expect(watcher.events.sort(byEventId).map((e) => [e.eventType, resourceOf(e).id, e.fieldPath])).toEqual([
        ['ProductOfferingCreateEvent', offering.id, undefined],
        ['ProductOfferingAttributeValueChangeEvent', offering.id, 'description'],
      ]);
    } finally {
      await watcher.stop();
    }
  });
});

// TMF648 quote events: what each write puts in the outbox (same transaction), and what hub listeners registered
// at /tmf-api/quoteManagement/v4/hub receive through a worker.
import request from 'supertest';
import { Listener } from '../support/listener';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import {
  addOf,
  createQuote,
  customerWithAccounts,
  deleteQuote,
  Doc,
  eventTypesOf,
  getQuote,
  launchedOffering,
  moveQuote,
  outboxOf,
  patchQuote,
  QUOTE_BASE,
  quoteFor,
  quoteIn,
  sleep,
} from './quote-helpers';

const HUB = `${QUOTE_BASE}/hub`;
const quoteOf = (e: Doc): Doc => (e.event as Doc).quote as Doc;
const byEventId = (a: Doc, b: Doc) => String(a.eventId).localeCompare(String(b.eventId));

describe('TMF648 quote events', () => {
  let t: TestApp;
  let body: () => Doc;
  let other: Doc;

  beforeAll(async () => {
    t = await startTestApp();
    const customer = await customerWithAccounts(t);
    const offering = await launchedOffering(t, 10);
    other = await launchedOffering(t, 20);
    body = () => quoteFor(customer.id, [offering.id]);
  });
  afterAll(() => t.close());

  /** The event types a change adds to the outbox of `id`. */
  async function eventsOf(id: string, change: () => Promise<unknown>): Promise<{ event_type: string; payload: Doc }[]> {
    const before = (await outboxOf(t, id)).length;
    await change();
    return (await outboxOf(t, id)).slice(before);
  }

  it('writes QuoteCreateEvent with the created quote', async () => {
    const quote = await createQuote(t, body());
    const events = await outboxOf(t, quote.id);
    expect(events.map((e) => e.event_type)).toEqual(['QuoteCreateEvent']);
    expect(events[0].payload).toEqual({ eventId: expect.any(String), eventTime: expect.any(String), eventType: 'QuoteCreateEvent', event: { quote } });
  });

  it('writes only QuoteStateChangeEvent for a change of state (version is bookkeeping)', async () => {
    const quote = await createQuote(t, body());
    let moved: Doc = {};
    const events = await eventsOf(quote.id, async () => (moved = await moveQuote(t, quote.id, 'approved')));
    expect(events.map((e) => e.event_type)).toEqual(['QuoteStateChangeEvent']);
    expect(events[0].payload.event).toEqual({ quote: moved });
  });

  it('writes QuoteStateChangeEvent and QuoteInformationRequiredEvent when the quote becomes pending, and only then', async () => {
    const quote = await createQuote(t, body());
    let pending: Doc = {};
    const events = await eventsOf(quote.id, async () => (pending = await moveQuote(t, quote.id, 'pending')));
    expect(events.map((e) => e.event_type).sort()).toEqual(['QuoteInformationRequiredEvent', 'QuoteStateChangeEvent']);
    for (const e of events) expect(e.payload).toMatchObject({ eventType: e.event_type, event: { quote: pending } });
    // a change while pending, and the move back, raise no further InformationRequired event
    expect((await eventsOf(quote.id, () => patchQuote(t, quote.id, { description: 'more info' }).expect(200))).map((e) => e.event_type)).toEqual(['QuoteAttributeValueChangeEvent']);
    expect((await eventsOf(quote.id, () => moveQuote(t, quote.id, 'inProgress'))).map((e) => e.event_type)).toEqual(['QuoteStateChangeEvent']);
    expect((await eventsOf(quote.id, () => moveQuote(t, quote.id, 'pending'))).map((e) => e.event_type).sort()).toEqual(['QuoteInformationRequiredEvent', 'QuoteStateChangeEvent']);
  });

  it.each(['accepted', 'rejected', 'cancelled'] as const)('writes only QuoteStateChangeEvent when the quote becomes %s (completion date is bookkeeping)', async (state) => {
    const quote = await quoteIn(t, 'approved', body());
    const events = await eventsOf(quote.id, () => moveQuote(t, quote.id, state));
    expect(events.map((e) => e.event_type)).toEqual(['QuoteStateChangeEvent']);
    expect(events[0].payload.event.quote).toMatchObject({ state, effectiveQuoteCompletionDate: expect.any(String) });
  });

  it('writes QuoteAttributeValueChangeEvent naming the changed attributes', async () => {
    const quote = await createQuote(t, body());
    const described = await eventsOf(quote.id, () => patchQuote(t, quote.id, { description: 'x' }).expect(200));
    expect(described.map((e) => [e.event_type, e.payload.fieldPath])).toEqual([['QuoteAttributeValueChangeEvent', 'description']]);
    const items = await eventsOf(quote.id, () => patchQuote(t, quote.id, { quoteItem: [addOf(other.id)] }).expect(200));
    expect(items.map((e) => e.event_type)).toEqual(['QuoteAttributeValueChangeEvent']);
    expect(String(items[0].payload.fieldPath).split(',').sort()).toEqual(['quoteItem', 'quoteTotalPrice']);
    const both = await eventsOf(quote.id, () => patchQuote(t, quote.id, { state: 'approved', category: 'b2b' }).expect(200));
    expect(both.map((e) => [e.event_type, e.payload.fieldPath])).toEqual([
      ['QuoteStateChangeEvent', undefined],
      ['QuoteAttributeValueChangeEvent', 'category'],
    ]);
  });

  it('writes nothing for a no-op patch or a refused change', async () => {
    const quote = await quoteIn(t, 'approved', body());
    const events = await eventsOf(quote.id, async () => {
      await patchQuote(t, quote.id, { state: 'approved' }).expect(200);
      await patchQuote(t, quote.id, { state: 'pending' }).expect(400);
      await patchQuote(t, quote.id, { version: '9' }).expect(400);
      await patchQuote(t, quote.id, { quoteItem: [addOf(other.id)] }).expect(400);
    });
    expect(events).toEqual([]);
  });

  it('deletes a quote: 204, QuoteDeleteEvent with the last state of the quote, then 404', async () => {
    const quote = await quoteIn(t, 'pending', body());
    await deleteQuote(t, quote.id).expect(204);
    const events = await outboxOf(t, quote.id);
    expect(events.at(-1)).toMatchObject({ event_type: 'QuoteDeleteEvent', payload: { eventType: 'QuoteDeleteEvent', event: { quote } } });
    await getQuote(t, quote.id).expect(404);
    await deleteQuote(t, quote.id).expect(404);
    expect(await eventTypesOf(t, quote.id)).toHaveLength(events.length);
  });
});

describe('TMF648 hub: delivery to listeners', () => {
  let t: TestApp;
  let all: Listener;
  let informationOnly: Listener;
  let stopWorker: () => Promise<void>;
  const subscriptions: string[] = [];
  let body: () => Doc;

  beforeAll(async () => {
    t = await startTestApp();
    all = await new Listener().start();
    informationOnly = await new Listener().start();
    const worker = await t.startWorker();
    stopWorker = () => worker.close();
    const customer = await customerWithAccounts(t);
    const offering = await launchedOffering(t);
    body = () => quoteFor(customer.id, [offering.id]);
  });
  afterAll(async () => {
    for (const id of subscriptions) await request(t.server).delete(`${HUB}/${id}`);
    await stopWorker();
    await all.stop();
    await informationOnly.stop();
    await t.close();
  });

  const subscribe = async (callback: string, query?: string) => {
    const res = await request(t.server).post(HUB).send({ callback, ...(query ? { query } : {}) }).expect(201);
    expect(res.headers.location).toBe(`${PUBLIC_BASE_URL}${HUB}/${res.body.id}`);
    expect((await t.sql.query('SELECT api FROM hub_subscription WHERE id = $1', [res.body.id])).rows).toEqual([{ api: 'TMF648' }]);
    subscriptions.push(res.body.id);
  };

  it('delivers Create, StateChange, InformationRequired and Delete events, each filtered by the subscription query', async () => {
    await subscribe(all.url);
    await subscribe(informationOnly.url, 'eventType=QuoteInformationRequiredEvent');
    const created = await createQuote(t, body());
    const pending = await moveQuote(t, created.id, 'pending');
    await deleteQuote(t, created.id).expect(204);

    const mine = (l: Listener) => l.events.filter((e) => quoteOf(e)?.id === created.id).sort(byEventId);
    await all.waitFor(() => mine(all).length >= 4);
    await informationOnly.waitFor(() => mine(informationOnly).length >= 1);
    await sleep(500); // anything else would have arrived by now
    // the state change and the InformationRequired event come from one write; their ids are in the order they were raised
    expect(mine(all).map((e) => e.eventType)).toEqual(['QuoteCreateEvent', 'QuoteStateChangeEvent', 'QuoteInformationRequiredEvent', 'QuoteDeleteEvent']);
    expect(mine(all).map((e) => quoteOf(e))).toEqual([created, pending, pending, pending]);
    expect(mine(informationOnly).map((e) => [e.eventType, quoteOf(e)])).toEqual([['QuoteInformationRequiredEvent', pending]]);
  });

  it('refuses a subscription query naming an attribute quotes do not have', async () => {
    const res = await request(t.server).post(HUB).send({ callback: all.url, query: 'shoeSize=1' });
    expect(res.status).toBe(400);
  });
});

// TMF648 quote expiry: a quote past validFor.endDateTime cannot be accepted, and the expiry job
// (QuoteExpiryService.expireDue, scheduled on BullMQ by the worker) cancels open quotes past their end.
import { Queue } from 'bullmq';
import { QUEUES } from '../../src/jobs/queues';
import { redisOptions } from '../../src/config/redis';
import { QuoteExpiryService } from '../../src/quote/quote-expiry.service';
import { expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  createQuote,
  customerWithAccounts,
  DAY_MS,
  Doc,
  FINAL_STATES,
  getQuote,
  OPEN_STATES,
  outboxOf,
  patchQuote,
  quoteFor,
  quoteIn,
  quoteRow,
  QuoteState,
  sleep,
  snapshot,
  launchedOffering,
} from './quote-helpers';

/** A customer and an offering, and a body factory for quotes of that customer. */
async function setUp(t: TestApp): Promise<(extra?: Doc) => Doc> {
  const customer = await customerWithAccounts(t);
  const offering = await launchedOffering(t);
  return (extra: Doc = {}) => quoteFor(customer.id, [offering.id], extra);
}

const endingIn = (ms: number) => ({ validFor: { endDateTime: new Date(Date.now() + ms).toISOString() } });

describe('TMF648 quote expiry: acceptance after validFor', () => {
  let t: TestApp;
  let body: (extra?: Doc) => Doc;
  beforeAll(async () => {
    t = await startTestApp();
    body = await setUp(t);
  });
  afterAll(() => t.close());

  it('refuses to accept a quote past validFor.endDateTime: 400 quoteExpired, nothing changed', async () => {
    const soon = await createQuote(t, body({ instantSyncQuote: true, ...endingIn(3000) }));
    expect(soon.state).toBe('approved');
    await sleep(Math.max(0, Date.parse(soon.validFor.endDateTime) - Date.now()) + 100);
    const before = await snapshot(t);
    const res = await patchQuote(t, soon.id, { state: 'accepted' });
    expectTmfError(res, 400);
    expect(res.body.code).toBe('quoteExpired');
    expect(await snapshot(t)).toEqual(before);
  });

  it('accepts a quote still inside validFor', async () => {
    const quote = await createQuote(t, body({ instantSyncQuote: true, ...endingIn(60_000) }));
    expect((await patchQuote(t, quote.id, { state: 'accepted' }).expect(200)).body.state).toBe('accepted');
  });
});

describe('TMF648 quote expiry: the expiry job', () => {
  let t: TestApp;
  let expiry: QuoteExpiryService;
  let body: (extra?: Doc) => Doc;
  beforeAll(async () => {
    t = await startTestApp();
    expiry = t.app.get(QuoteExpiryService);
    body = await setUp(t);
  });
  afterAll(() => t.close());

  it('cancels the open quotes past their end, with a note, a new version, the completion date and a state change event; a second run changes nothing', async () => {
    const expiring: Record<string, Doc> = {};
    for (const state of OPEN_STATES) expiring[state] = await quoteIn(t, state, body());
    expiring.withNote = await createQuote(t, body({ note: [{ id: 'n1', text: 'call back on Monday' }] }));
    const untouched: Doc[] = [];
    for (const state of FINAL_STATES) untouched.push(await quoteIn(t, state, body()));
    for (const state of OPEN_STATES) untouched.push(await quoteIn(t, state, body({ validFor: { endDateTime: new Date(Date.now() + 60 * DAY_MS).toISOString() } })));
    const rowsOf = async (quotes: Doc[]) => Promise.all(quotes.map((q) => quoteRow(t, q.id)));
    const untouchedBefore = await rowsOf(untouched);

    const now = new Date(Date.now() + 40 * DAY_MS);
    expect(await expiry.expireDue(now)).toBe(4);

    for (const quote of Object.values(expiring)) {
      const after = (await getQuote(t, quote.id).expect(200)).body as Doc;
      expect(after).toEqual({
        ...quote,
        state: 'cancelled',
        version: String(Number(quote.version) + 1),
        effectiveQuoteCompletionDate: expect.any(String), // its format: next test
        note: [...(quote.note ?? []), { id: 'expiry', author: 'system', date: expect.any(String), text: expect.stringContaining(quote.validFor.endDateTime), '@type': 'Note' }],
      });
      expect(new Date(after.effectiveQuoteCompletionDate).getTime()).toBe(now.getTime());
      expect((await quoteRow(t, quote.id))?.state).toBe('cancelled');
      const events = await outboxOf(t, quote.id);
      expect(events.at(-1)).toMatchObject({ event_type: 'QuoteStateChangeEvent', payload: { eventType: 'QuoteStateChangeEvent', event: { quote: after } } });
    }
    expect(await rowsOf(untouched)).toEqual(untouchedBefore);

    const before = await snapshot(t);
    expect(await expiry.expireDue(now)).toBe(0);
    expect(await snapshot(t)).toEqual(before);
  });

  it('writes the completion date and the note date as RFC 3339 UTC instants, leaving a valid quote that can still be described', async () => {
    const quote = await createQuote(t, body());
    const now = new Date(Date.now() + 40 * DAY_MS);
    await expiry.expireDue(now);
    const cancelled = (await getQuote(t, quote.id).expect(200)).body;
    expect([cancelled.effectiveQuoteCompletionDate, cancelled.note[0].date]).toEqual([now.toISOString(), now.toISOString()]);
    const res = await patchQuote(t, quote.id, { description: 'expired unanswered' });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { description: 'expired unanswered', version: '3' } });
  });

  it('leaves a quote alone until its end, then cancels it at the next run; it is final afterwards', async () => {
    const quote = await createQuote(t, body(endingIn(3000)));
    expect(await expiry.expireDue()).toBe(0);
    expect((await quoteRow(t, quote.id))?.state).toBe('inProgress');
    await sleep(Math.max(0, Date.parse(quote.validFor.endDateTime) - Date.now()) + 100);
    expect(await expiry.expireDue()).toBe(1);
    const cancelled = (await getQuote(t, quote.id).expect(200)).body;
    expect(cancelled).toMatchObject({ state: 'cancelled', version: '2', note: [{ id: 'expiry' }] });
    for (const state of ['inProgress', 'approved', 'accepted'] as QuoteState[]) {
      const res = await patchQuote(t, quote.id, { state });
      expectTmfError(res, 400);
      expect(res.body.code).toBe('invalidStateTransition');
    }
  });
});

describe('TMF648 quote expiry: the BullMQ job scheduler', () => {
  let t: TestApp;
  let queue: Queue;
  let body: (extra?: Doc) => Doc;
  beforeAll(async () => {
    t = await startTestApp();
    queue = new Queue(QUEUES.quoteExpiry, { connection: redisOptions(t.config.redisUrl), prefix: t.config.queuePrefix });
    body = await setUp(t);
  });
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  it('is registered by the worker (id quote-expiry, every minute, under the test prefix), not by the API; its first run cancels expired quotes', async () => {
    expect(await queue.getJobScheduler('quote-expiry')).toBeFalsy();
    const quote = await createQuote(t, body(endingIn(3000)));
    await sleep(Math.max(0, Date.parse(quote.validFor.endDateTime) - Date.now()) + 100);
    expect((await quoteRow(t, quote.id))?.state).toBe('inProgress'); // the API process alone expires nothing
    const worker = await t.startWorker();
    try {
      expect(await queue.getJobScheduler('quote-expiry')).toMatchObject({ key: 'quote-expiry', every: 60_000, name: 'expire' });
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['quote-expiry']);
      // a new scheduler's first job runs at once; nobody calls the service here
      let state = (await quoteRow(t, quote.id))?.state;
      for (let i = 0; i < 300 && state !== 'cancelled'; i++) {
        await sleep(100);
        state = (await quoteRow(t, quote.id))?.state;
      }
      expect(state).toBe('cancelled');
    } finally {
      await worker.close();
    }
  });
});

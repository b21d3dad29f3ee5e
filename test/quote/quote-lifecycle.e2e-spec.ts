// TMF648 quote life cycle through PATCH: every legal and illegal move (6 × 6), version bookkeeping, read-only
// attributes, the completion date of final states, and which attributes may change in which state.
import { expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  addOf,
  createQuote,
  Customer,
  customerWithAccounts,
  Doc,
  FINAL_STATES,
  getQuote,
  ISO_UTC_MS,
  JSON_PATCH,
  LEGAL_MOVES,
  launchedOffering,
  moveQuote,
  OPEN_STATES,
  partyOf,
  patchQuote,
  quoteFor,
  quoteIn,
  quoteRow,
  QuoteState,
  snapshot,
  STATES,
} from './quote-helpers';

describe('TMF648 quote: life cycle', () => {
  let t: TestApp;
  let a: Customer;
  let b: Customer;
  let offering: Doc;
  let other: Doc;
  const body = () => quoteFor(a.id, [offering.id]);

  beforeAll(async () => {
    t = await startTestApp();
    a = await customerWithAccounts(t, 2);
    b = await customerWithAccounts(t);
    offering = await launchedOffering(t, 10);
    other = await launchedOffering(t, 25);
  });
  afterAll(() => t.close());

  const moves = STATES.flatMap((from) => STATES.filter((to) => to !== from).map((to) => ({ from, to, legal: LEGAL_MOVES[from].includes(to) })));

  it('has 30 moves between different states, 11 of them legal', () => {
    expect(moves).toHaveLength(30);
    expect(moves.filter((m) => m.legal)).toHaveLength(11);
  });

  it.each(moves.filter((m) => m.legal))('moves $from → $to with a PATCH of state alone: 200, version + 1', async ({ from, to }) => {
    const quote = await quoteIn(t, from, body());
    const res = await patchQuote(t, quote.id, { state: to }).expect(200);
    expect(res.body).toMatchObject({ id: quote.id, state: to, version: String(Number(quote.version) + 1) });
    expect((await getQuote(t, quote.id).expect(200)).body).toEqual(res.body);
    expect((await quoteRow(t, quote.id))?.state).toBe(to);
  });

  it.each(moves.filter((m) => !m.legal))('refuses $from → $to with 400 invalidStateTransition and changes nothing', async ({ from, to }) => {
    const quote = await quoteIn(t, from, body());
    const before = await snapshot(t);
    const res = await patchQuote(t, quote.id, { state: to });
    expectTmfError(res, 400);
    expect(res.body.code).toBe('invalidStateTransition');
    expect(await snapshot(t)).toEqual(before);
    expect((await getQuote(t, quote.id).expect(200)).body).toEqual(quote);
  });

  it.each(STATES)('a PATCH keeping the state %s is a no-op: 200, same version, nothing written', async (state) => {
    const quote = await quoteIn(t, state, body());
    const before = await snapshot(t);
    const res = await patchQuote(t, quote.id, { state }).expect(200);
    expect(res.body).toEqual(quote);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses an unknown state with 400', async () => {
    const quote = await createQuote(t, body());
    const before = await snapshot(t);
    expectTmfError(await patchQuote(t, quote.id, { state: 'done' }), 400);
    expectTmfError(await patchQuote(t, quote.id, { state: null }), 400);
    expect(await snapshot(t)).toEqual(before);
  });

  it('counts the version up with every applied change, whatever changed, and not for a no-op', async () => {
    const quote = await createQuote(t, body());
    const versions = [quote.version];
    versions.push((await patchQuote(t, quote.id, { description: 'first' }).expect(200)).body.version);
    versions.push((await patchQuote(t, quote.id, { description: 'first' }).expect(200)).body.version); // no-op
    versions.push((await moveQuote(t, quote.id, 'pending')).version);
    versions.push((await patchQuote(t, quote.id, [{ op: 'add', path: '/quoteItem/-', value: addOf(other.id) }], JSON_PATCH).expect(200)).body.version);
    versions.push((await moveQuote(t, quote.id, 'inProgress')).version);
    versions.push((await patchQuote(t, quote.id, { state: 'approved', description: 'both' }).expect(200)).body.version);
    versions.push((await moveQuote(t, quote.id, 'accepted')).version);
    versions.push((await moveQuote(t, quote.id, 'accepted')).version); // no-op
    expect(versions).toEqual(['1', '2', '2', '3', '4', '5', '6', '7', '7']);
    expect((await quoteRow(t, quote.id))?.doc.version).toBe('7');
  });

  it.each(FINAL_STATES)('sets effectiveQuoteCompletionDate when the quote becomes %s, and only then', async (state) => {
    const open = await quoteIn(t, state === 'accepted' ? 'approved' : 'pending', body());
    expect(open.effectiveQuoteCompletionDate).toBeUndefined();
    const before = Date.now();
    const done = await moveQuote(t, open.id, state);
    expect(done.effectiveQuoteCompletionDate).toMatch(ISO_UTC_MS);
    expect(Date.parse(done.effectiveQuoteCompletionDate)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(done.effectiveQuoteCompletionDate)).toBeLessThanOrEqual(Date.now());
    // a later change of a final quote (its description) keeps the date
    const later = (await patchQuote(t, open.id, { description: 'archived' }).expect(200)).body;
    expect(later.effectiveQuoteCompletionDate).toBe(done.effectiveQuoteCompletionDate);
  });

  it.each(OPEN_STATES)('does not set effectiveQuoteCompletionDate in the open state %s', async (state) => {
    expect((await quoteIn(t, state, body())).effectiveQuoteCompletionDate).toBeUndefined();
  });

  describe('read-only attributes', () => {
    const changes: [string, unknown, string?][] = [
      ['a merge patch of quoteDate', { quoteDate: '2001-01-01T00:00:00.000Z' }],
      ['a merge patch of version', { version: '9' }],
      ['a merge patch removing version', { version: null }],
      ['a merge patch of quoteTotalPrice', { quoteTotalPrice: [] }],
      ['a merge patch of effectiveQuoteCompletionDate', { effectiveQuoteCompletionDate: '2030-01-01T00:00:00.000Z' }],
      ['a merge patch of state and version together', { state: 'pending', version: '2' }],
      ['a JSON Patch replacing version', [{ op: 'replace', path: '/version', value: '2' }], JSON_PATCH],
      ['a JSON Patch removing quoteTotalPrice', [{ op: 'remove', path: '/quoteTotalPrice' }], JSON_PATCH],
      ['a JSON Patch changing one total amount', [{ op: 'replace', path: '/quoteTotalPrice/0/price/dutyFreeAmount/value', value: 1 }], JSON_PATCH],
      ['a JSON Patch replacing quoteDate', [{ op: 'replace', path: '/quoteDate', value: '2001-01-01T00:00:00.000Z' }], JSON_PATCH],
      ['a JSON Patch adding effectiveQuoteCompletionDate', [{ op: 'add', path: '/effectiveQuoteCompletionDate', value: '2030-01-01T00:00:00.000Z' }], JSON_PATCH],
    ];

    it.each(changes.map(([label, patch, type]) => ({ label, patch, type })))('refuses $label: 400 readOnlyAttribute, nothing changed', async ({ patch, type }) => {
      const quote = await createQuote(t, body());
      const before = await snapshot(t);
      const res = await patchQuote(t, quote.id, patch, type);
      expectTmfError(res, 400);
      expect(res.body.code).toBe('readOnlyAttribute');
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a change of effectiveQuoteCompletionDate of a final quote', async () => {
      const quote = await quoteIn(t, 'cancelled', body());
      const res = await patchQuote(t, quote.id, { effectiveQuoteCompletionDate: '2001-01-01T00:00:00.000Z' });
      expectTmfError(res, 400);
      expect(res.body.code).toBe('readOnlyAttribute');
    });

    it('lets a patch repeat the current values of read-only attributes (no change, no error)', async () => {
      const quote = await createQuote(t, body());
      const { quoteDate, version, quoteTotalPrice } = quote;
      const res = await patchQuote(t, quote.id, { quoteDate, version, quoteTotalPrice, description: 'same values' }).expect(200);
      expect(res.body).toMatchObject({ quoteDate, version: '2', quoteTotalPrice, description: 'same values' });
    });
  });

  describe('what may change in which state', () => {
    it.each(['inProgress', 'pending'] as QuoteState[])('re-prices the items when they change in %s', async (state) => {
      const quote = await quoteIn(t, state, body());
      const res = await patchQuote(t, quote.id, { quoteItem: [addOf(offering.id, { id: '1', quantity: 3 }), addOf(other.id)] }).expect(200);
      expect(res.body).toMatchObject({ state, version: String(Number(quote.version) + 1) });
      expect(res.body.quoteItem.map((i: Doc) => [i.id, i.quoteItemPrice[0].price.dutyFreeAmount.value])).toEqual([
        ['1', 30],
        ['2', 25],
      ]);
      expect(res.body.quoteTotalPrice[0].price.dutyFreeAmount.value).toBe(55);
    });

    it('checks the references of changed items, parties and billing accounts again (400, nothing changed)', async () => {
      const quote = await createQuote(t, body());
      const before = await snapshot(t);
      const refused = [
        await patchQuote(t, quote.id, { relatedParty: [partyOf(b.id)], billingAccount: [{ id: a.accounts[0] }] }),
        await patchQuote(t, quote.id, { billingAccount: [{ id: b.accounts[0] }] }),
        await patchQuote(t, quote.id, { relatedParty: [partyOf(a.id, 'seller')] }),
        await patchQuote(t, quote.id, [{ op: 'add', path: '/quoteItem/-', value: { action: 'add' } }], JSON_PATCH),
        await patchQuote(t, quote.id, [{ op: 'add', path: '/quoteItem/-', value: addOf(offering.id, { id: '1' }) }], JSON_PATCH),
      ];
      for (const res of refused) expectTmfError(res, 400);
      expect(refused.map((r) => r.body.code)).toEqual(['invalidReference', 'invalidReference', 'invalidBody', 'invalidBody', 'invalidBody']);
      expect(await snapshot(t)).toEqual(before);
      const moved = await patchQuote(t, quote.id, { relatedParty: [partyOf(b.id)], billingAccount: [{ id: b.accounts[0] }] }).expect(200);
      expect(moved.body.relatedParty).toEqual([partyOf(b.id)]);
    });

    const edits: Record<string, () => Doc> = {
      quoteItem: () => ({ quoteItem: [addOf(offering.id, { id: '1', quantity: 2 })] }),
      relatedParty: () => ({ relatedParty: [partyOf(a.id, 'Customer')] }),
      billingAccount: () => ({ billingAccount: [{ id: a.accounts[1] }] }),
    };
    const frozen = (['approved', 'accepted', 'rejected', 'cancelled'] as QuoteState[]).flatMap((state) => Object.keys(edits).map((attr) => ({ state, attr })));

    it.each(frozen)('refuses a change of $attr in $state: 400 quoteNotEditable, nothing changed', async ({ state, attr }) => {
      const quote = await quoteIn(t, state, body());
      const before = await snapshot(t);
      const res = await patchQuote(t, quote.id, edits[attr]());
      expectTmfError(res, 400);
      expect(res.body.code).toBe('quoteNotEditable');
      expect(await snapshot(t)).toEqual(before);
    });

    it('lets the items change together with a move out of pending (the quote was editable)', async () => {
      const quote = await quoteIn(t, 'pending', body());
      const res = await patchQuote(t, quote.id, { state: 'approved', quoteItem: [addOf(other.id)] }).expect(200);
      expect(res.body).toMatchObject({ state: 'approved', version: '3', quoteItem: [{ productOffering: { id: other.id } }] });
    });

    it('lets other attributes (description) change in an approved quote', async () => {
      const quote = await quoteIn(t, 'approved', body());
      const res = await patchQuote(t, quote.id, { description: 'approved, described' }).expect(200);
      expect(res.body).toMatchObject({ state: 'approved', version: '3', description: 'approved, described' });
    });
  });
});

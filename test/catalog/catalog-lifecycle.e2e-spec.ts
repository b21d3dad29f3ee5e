// TMF620 life cycle (lifecycleStatus: forward only, steps may be skipped, Rejected before launch and final) and
// the server-owned lastUpdate, on all five catalog resources.
import { Doc, expectTmfError } from '../support/customer-helpers';
import {
  ALL_STATES,
  catalogSnapshot,
  Collection,
  COLLECTIONS,
  createResource,
  fetchResource,
  getResource,
  ISO_UTC_MS,
  JSON_PATCH,
  LIFECYCLE,
  listResources,
  minimalBody,
  outboxEventsOf,
  patchResource,
  postRaw,
  TABLE_OF,
  TYPE_OF,
} from '../support/catalog-factories';
import { startTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The TMF620 rule, written out independently of the server: forward along LIFECYCLE, or to Rejected before Launched. */
function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (from === 'Rejected') return false;
  if (to === 'Rejected') return LIFECYCLE.indexOf(from) < LIFECYCLE.indexOf('Launched');
  return LIFECYCLE.indexOf(to) > LIFECYCLE.indexOf(from);
}

describe('TMF620 catalog life cycle and lastUpdate', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const stateOf = async (c: Collection, id: string) =>
    (await t.sql.query<{ s: string }>(`SELECT lifecycle_status AS s FROM ${TABLE_OF[c]} WHERE id = $1`, [id])).rows[0].s;

  describe.each(COLLECTIONS.map((c) => [c]))('%s lifecycleStatus', (c: Collection) => {
    it('defaults to In study; any known state may be given on create', async () => {
      expect((await createResource(t, c)).lifecycleStatus).toBe('In study');
      for (const state of ALL_STATES) {
        const created = await createResource(t, c, minimalBody(c, { lifecycleStatus: state }));
        expect(created.lifecycleStatus).toBe(state);
        expect(await stateOf(c, created.id)).toBe(state);
      }
    });

    it.each(['Draft', 'launched', 'Launched ', '', 'Rejected,Active'])('an unknown state on create (%j) is 400, nothing stored', async (state) => {
      const before = await catalogSnapshot(t);
      const res = await postRaw(t, c, minimalBody(c, { lifecycleStatus: state }));
      expectTmfError(res, 400);
      expect(res.body.message).toContain('lifecycleStatus');
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('moves forward, skipping steps, each move raising a StateChangeEvent', async () => {
      const created = await createResource(t, c);
      let current = created;
      for (const next of ['In design', 'Active', 'Launched', 'Obsolete']) {
        const res = await patchResource(t, c, created.id, { lifecycleStatus: next }).expect(200);
        expect(res.body).toEqual({ ...current, lifecycleStatus: next, lastUpdate: res.body.lastUpdate });
        current = res.body;
        expect(await stateOf(c, created.id)).toBe(next);
      }
      const events = await outboxEventsOf(t, created.id);
      expect(events.map((e) => e.event_type)).toEqual([`${TYPE_OF[c]}CreateEvent`, ...Array(4).fill(`${TYPE_OF[c]}StateChangeEvent`)]);
      expect(events.slice(1).map((e) => e.payload.event[c].lifecycleStatus)).toEqual(['In design', 'Active', 'Launched', 'Obsolete']);
      expect(events[4].payload.event[c]).toEqual(current);
    });

    it('refuses a backward move with 400 invalidStateTransition and keeps the state', async () => {
      const created = await createResource(t, c, minimalBody(c, { lifecycleStatus: 'Launched' }));
      const before = await catalogSnapshot(t);
      for (const back of ['Active', 'In study']) {
        const res = await patchResource(t, c, created.id, { lifecycleStatus: back });
        expectTmfError(res, 400);
        expect(res.body.code).toBe('invalidStateTransition');
      }
      expectTmfError(await patchResource(t, c, created.id, [{ op: 'replace', path: '/lifecycleStatus', value: 'In test' }], JSON_PATCH), 400);
      expect(await catalogSnapshot(t)).toEqual(before);
      expect(await fetchResource(t, c, created.id)).toEqual(created);
    });

    it('refuses an unknown state or removing the state with 400, and keeps the state', async () => {
      const created = await createResource(t, c, minimalBody(c, { lifecycleStatus: 'In test' }));
      const before = await catalogSnapshot(t);
      for (const patch of [{ lifecycleStatus: 'Launched!' }, { lifecycleStatus: 'active' }, { lifecycleStatus: null }, { lifecycleStatus: 3 }]) {
        expectTmfError(await patchResource(t, c, created.id, patch), 400);
      }
      expectTmfError(await patchResource(t, c, created.id, [{ op: 'remove', path: '/lifecycleStatus' }], JSON_PATCH), 400);
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('a state change together with another change raises a StateChangeEvent and an AttributeValueChangeEvent', async () => {
      const created = await createResource(t, c, minimalBody(c, { description: 'before' }));
      await patchResource(t, c, created.id, { lifecycleStatus: 'Active', description: 'after' }).expect(200);
      const events = await outboxEventsOf(t, created.id);
      expect(events.map((e) => [e.event_type, e.payload.fieldPath])).toEqual([
        [`${TYPE_OF[c]}CreateEvent`, undefined],
        [`${TYPE_OF[c]}StateChangeEvent`, undefined],
        [`${TYPE_OF[c]}AttributeValueChangeEvent`, 'description'],
      ]);
    });
  });

  it('Rejected is reachable from every state before Launched, not after, and is final (the full 8 × 8 table)', async () => {
    const outcomes: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const from of ALL_STATES) {
      for (const to of ALL_STATES) {
        const created = await createResource(t, 'productOffering', minimalBody('productOffering', { lifecycleStatus: from }));
        const res = await patchResource(t, 'productOffering', created.id, { lifecycleStatus: to });
        outcomes[`${from} → ${to}`] = res.status;
        expected[`${from} → ${to}`] = allowed(from, to) ? 200 : 400;
        if (res.status === 400) expect(res.body.code).toBe('invalidStateTransition');
        expect(await stateOf('productOffering', created.id)).toBe(res.status === 200 ? to : from);
      }
    }
    expect(outcomes).toEqual(expected);
    // spot checks of the table itself, so a wrong `allowed` cannot hide a wrong server
    expect([expected['In study → Rejected'], expected['Active → Rejected'], expected['Launched → Rejected'], expected['Rejected → Active'], expected['Retired → Launched']]).toEqual([
      200, 200, 400, 400, 400,
    ]);
  });

  it('a patch to the current state is not a move: no event, no new lastUpdate', async () => {
    const created = await createResource(t, 'productSpecification', minimalBody('productSpecification', { lifecycleStatus: 'Active' }));
    await sleep(5);
    const res = await patchResource(t, 'productSpecification', created.id, { lifecycleStatus: 'Active' }).expect(200);
    expect(res.body).toEqual(created);
    expect((await outboxEventsOf(t, created.id)).map((e) => e.event_type)).toEqual(['ProductSpecificationCreateEvent']);
  });

  describe('lastUpdate', () => {
    it.each(COLLECTIONS.map((c) => [c]))('%s: set by the server on create and on every change, never by the client', async (c: Collection) => {
      const created = await createResource(t, c, minimalBody(c, { lastUpdate: '2001-01-01T00:00:00Z' }));
      expect(created.lastUpdate).toMatch(ISO_UTC_MS);
      expect(created.lastUpdate).not.toBe('2001-01-01T00:00:00.000Z');
      let previous: Doc = created;
      for (const patch of [{ description: 'one' }, { version: '2' }, { lifecycleStatus: 'Active' }]) {
        await sleep(5);
        const before = Date.now();
        const res = await patchResource(t, c, created.id, patch).expect(200);
        expect(res.body.lastUpdate).toMatch(ISO_UTC_MS);
        expect(Date.parse(res.body.lastUpdate)).toBeGreaterThan(Date.parse(previous.lastUpdate));
        expect(Date.parse(res.body.lastUpdate)).toBeGreaterThanOrEqual(before - 5);
        const row = await t.sql.query(`SELECT last_update FROM ${TABLE_OF[c]} WHERE id = $1`, [created.id]);
        expect(row.rows[0].last_update.toISOString()).toBe(res.body.lastUpdate);
        previous = res.body;
      }
      expect((await fetchResource(t, c, created.id)).lastUpdate).toBe(previous.lastUpdate);
    });

    it.each(COLLECTIONS.map((c) => [c]))('%s: a patch that changes lastUpdate is 400 readOnlyAttribute, and changes nothing', async (c: Collection) => {
      const created = await createResource(t, c);
      const before = await catalogSnapshot(t);
      const attempts: [unknown, string?][] = [
        [{ lastUpdate: '2030-01-01T00:00:00.000Z' }],
        [{ lastUpdate: '2030-01-01T00:00:00.000Z', description: 'and something else' }],
        [{ lastUpdate: null }],
        [[{ op: 'replace', path: '/lastUpdate', value: '2030-01-01T00:00:00.000Z' }], JSON_PATCH],
        [[{ op: 'remove', path: '/lastUpdate' }], JSON_PATCH],
      ];
      for (const [body, type] of attempts) {
        const res = await patchResource(t, c, created.id, body, type);
        expectTmfError(res, 400);
        expect(res.body.code).toBe('readOnlyAttribute');
        expect(res.body.message).toContain('lastUpdate');
      }
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('sending back the unchanged lastUpdate with a change is allowed (the server stamps a new one)', async () => {
      const created = await createResource(t, 'category');
      await sleep(5);
      const res = await patchResource(t, 'category', created.id, { lastUpdate: created.lastUpdate, description: 'changed' }).expect(200);
      expect(res.body.description).toBe('changed');
      expect(Date.parse(res.body.lastUpdate)).toBeGreaterThan(Date.parse(created.lastUpdate));
    });

    it('a no-op patch (merge or JSON patch) keeps lastUpdate and raises no event', async () => {
      const created = await createResource(t, 'productOffering', minimalBody('productOffering', { description: 'same', validFor: { startDateTime: '2024-01-01T00:00:00Z' } }));
      await sleep(5);
      const before = await catalogSnapshot(t);
      for (const [body, type] of [
        [{}],
        [{ description: 'same' }],
        // the same instant written differently is the same value
        [{ validFor: { startDateTime: '2024-01-01T01:00:00+01:00' } }],
        [[], JSON_PATCH],
        [[{ op: 'replace', path: '/description', value: 'same' }], JSON_PATCH],
      ] as [unknown, string?][]) {
        const res = await patchResource(t, 'productOffering', created.id, body, type).expect(200);
        expect(res.body).toEqual(created);
      }
      expect(await catalogSnapshot(t)).toEqual(before);
    });

    it('?lastUpdate=<value> finds the resource; ?fields=lastUpdate returns it with id, href and @type', async () => {
      const a = await createResource(t, 'productOfferingPrice');
      await sleep(5);
      const b = await createResource(t, 'productOfferingPrice');
      const exact = await listResources(t, 'productOfferingPrice', `lastUpdate=${a.lastUpdate}`).expect(200);
      expect(exact.body.map((x: Doc) => x.id)).toEqual([a.id]);
      // the same instant with an offset
      const shifted = new Date(Date.parse(a.lastUpdate) + 3600_000).toISOString().replace('Z', '+01:00');
      const offset = await listResources(t, 'productOfferingPrice', `lastUpdate=${encodeURIComponent(shifted)}`).expect(200);
      expect(offset.body.map((x: Doc) => x.id)).toEqual([a.id]);
      const later = await listResources(t, 'productOfferingPrice', `lastUpdate.gt=${a.lastUpdate}`).expect(200);
      expect(later.body.map((x: Doc) => x.id)).toContain(b.id);
      expect(later.body.map((x: Doc) => x.id)).not.toContain(a.id);

      const fields = await listResources(t, 'productOfferingPrice', `fields=lastUpdate&id=${a.id},${b.id}&sort=lastUpdate`).expect(200);
      expect(fields.body).toEqual([
        { id: a.id, href: a.href, '@type': 'ProductOfferingPrice', lastUpdate: a.lastUpdate },
        { id: b.id, href: b.href, '@type': 'ProductOfferingPrice', lastUpdate: b.lastUpdate },
      ]);
      const one = await getResource(t, 'productOfferingPrice', b.id, 'fields=lastUpdate').expect(200);
      expect(one.body).toEqual({ id: b.id, href: b.href, '@type': 'ProductOfferingPrice', lastUpdate: b.lastUpdate });
    });
  });
});

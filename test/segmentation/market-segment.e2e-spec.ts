// Segment definitions at /bss/segmentation/v1/marketSegment: CRUD on the toolkit, rules checked against the feature
// catalog (every problem with its JSON Pointer), the version bumped by rule changes only, the life cycle, learned
// segments left to the clustering, retirement closing memberships, and deletion of drafts only.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MarketSegmentDto } from '../../src/segmentation/dto/market-segment.dto';
import { validateDocument } from '../../src/tmf/validation';
import { createResource, minimalBody, outboxEventsOf } from '../support/catalog-factories';
import { createCustomer, Doc, expectTmfError } from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  createSegment,
  errorOf,
  getPath,
  insertLearnedSegment,
  insertMembership,
  JSON_PATCH,
  patchSegment,
  postSegment,
  SEGMENT_PATH,
  SEGMENT_URL,
  segmentBody,
} from './segmentation-factories';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('marketSegment', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('create and retrieve', () => {
    it('creates a draft at version 1 with server-set attributes, retrievable and valid against the published schema', async () => {
      const body = segmentBody({
        name: 'Key accounts',
        description: 'Top spenders',
        kind: 'valueBased',
        rule: { all: [{ feature: 'spendThisPeriod', topPercent: 20 }, { not: { feature: 'overdueBills', op: 'gt', value: 2 } }] },
        lowerSize: 1,
        upperSize: 500,
        validFor: { startDateTime: '2026-11-01T01:00:00+01:00' },
      });
      const res = await postSegment(t, body).expect(201);
      const created = res.body as Doc;
      expect(res.headers.location).toBe(`${SEGMENT_URL}/${created.id}`);
      expect(created).toEqual({
        ...body,
        id: expect.any(String),
        href: `${SEGMENT_URL}/${created.id}`,
        '@type': 'MarketSegment',
        status: 'draft',
        version: 1,
        validFor: { startDateTime: '2026-11-01T00:00:00.000Z' },
        lastUpdate: expect.stringMatching(ISO_MS),
      });
      await validateDocument(MarketSegmentDto, created);
      expect((await getPath(t, `${SEGMENT_PATH}/${created.id}`).expect(200)).body).toEqual(created);
      const { rows } = await t.sql.query('SELECT name, kind, status, version FROM market_segment WHERE id = $1', [created.id]);
      expect(rows).toEqual([{ name: 'Key accounts', kind: 'valueBased', status: 'draft', version: 1 }]);
    });

    it('raises a MarketSegmentCreateEvent carrying the segment, in the same transaction', async () => {
      const created = await createSegment(t);
      const events = await outboxEventsOf(t, created.id);
      expect(events.map((e) => e.event_type)).toEqual(['MarketSegmentCreateEvent']);
      expect(events[0].payload).toMatchObject({ eventType: 'MarketSegmentCreateEvent', event: { marketSegment: created } });
    });

    it('may create an active segment directly, but not a retired one', async () => {
      expect((await createSegment(t, { status: 'active' })).status).toBe('active');
      expect(errorOf(await postSegment(t, segmentBody({ status: 'retired' })), 400).message).toMatch(/created draft or active/);
    });

    it('answers 404 for an unknown id', async () => {
      expectTmfError(await getPath(t, `${SEGMENT_PATH}/${randomUUID()}`), 404);
    });

    it.each([
      ['no name', { name: undefined }, /name must be a string/],
      ['an unknown kind', { kind: 'psychographic' }, /kind must be one of the following values/],
      ['no rule', { rule: undefined }, /rule: a valueBased segment needs a rule/],
      ['a rule that is not an object', { rule: 'spend > 1000' }, /rule must be an object/],
      ['lowerSize over upperSize', { lowerSize: 10, upperSize: 5 }, /lowerSize \(10\) must not exceed upperSize \(5\)/],
      ['a negative lowerSize', { lowerSize: -1 }, /lowerSize must not be less than 0/],
      ['a fractional upperSize', { upperSize: 2.5 }, /upperSize must be an integer/],
      ['a version', { version: 3 }, /version is not an attribute/],
      ['learned attributes', { learned: { k: 2 } }, /learned is not an attribute/],
      ['an unknown status', { status: 'paused' }, /status must be one of/],
    ])('refuses a body with %s (400)', async (_what, overrides, message) => {
      const res = await postSegment(t, segmentBody(overrides));
      expect(errorOf(res, 400).message).toMatch(message);
    });

    it('refuses to create a learned segment: the clustering publishes those', async () => {
      const res = await postSegment(t, segmentBody({ kind: 'learned', rule: undefined }));
      expect(errorOf(res, 400)).toMatchObject({ code: 'invalidBody', message: expect.stringMatching(/learned segments are published by the clustering at bill-run close/) });
      expect(errorOf(await postSegment(t, segmentBody({ kind: 'learned' })), 400).message).toMatch(/published by the clustering/);
    });
  });

  describe('rules', () => {
    it.each([
      ['an unknown feature', { feature: 'spendz', op: 'gt', value: 1 }, "rule/feature: unknown feature 'spendz'; closest known: "],
      ['an unknown feature, nested', { all: [{ feature: 'spendz', op: 'gt', value: 1 }] }, "rule/all/0/feature: unknown feature 'spendz'"],
      ['an unknown operator', { any: [{ feature: 'spendThisPeriod', op: 'between', value: 1 }] }, "rule/any/0/op: unknown op 'between'; valid ops: eq, ne, gt, gte, lt, lte, in, regex"],
      ['an operator the feature type does not take', { feature: 'industry', op: 'gt', value: 'retail' }, "rule/op: 'gt' does not apply to string feature 'industry'"],
      ['a value of the wrong type', { not: { feature: 'spendThisPeriod', op: 'gte', value: '1000' } }, 'rule/not/value: expected a number; got a string'],
      ['a percentile out of range', { feature: 'spendThisPeriod', topPercent: 120 }, "rule/topPercent: 'topPercent' is a number greater than 0 and at most 100; got 120"],
      ['an unknown shape', { every: [] }, "rule: a rule has exactly one of 'all', 'any', 'not', 'feature'; it has 'every'"],
    ])('refuses a rule with %s (400 invalidRule, with the reason and its JSON Pointer)', async (_what, rule, message) => {
      const res = await postSegment(t, segmentBody({ rule }));
      const error = errorOf(res, 400);
      expect(error.code).toBe('invalidRule');
      expect(error.message).toContain(message);
    });

    it('reports every problem of a rule at once', async () => {
      const rule = { all: [{ feature: 'spendz', op: 'gt', value: 1 }, { feature: 'tenureDays', op: 'lt', value: true }] };
      const { message } = errorOf(await postSegment(t, segmentBody({ rule })), 400);
      expect(message).toMatch(/^rule\/all\/0\/feature: unknown feature 'spendz'.*; rule\/all\/1\/value: expected a number; got a boolean$/);
    });

    it('knows the usage features of a product family once a TMF620 category names it', async () => {
      const rule = { feature: 'usageShare.iot', op: 'gte', value: 0.5 };
      expect(errorOf(await postSegment(t, segmentBody({ kind: 'needsBased', rule })), 400).message).toContain("rule/feature: unknown feature 'usageShare.iot'");
      await createResource(t, 'category', minimalBody('category', { name: 'IoT' }));
      expect((await createSegment(t, { kind: 'needsBased', rule })).rule).toEqual(rule);
    });
  });

  describe('list', () => {
    it('filters on status, kind and version, selects fields and pages', async () => {
      const tag = randomUUID().slice(0, 8);
      const a = await createSegment(t, { name: `${tag} a`, kind: 'lifecycle', status: 'active' });
      const b = await createSegment(t, { name: `${tag} b`, kind: 'lifecycle' });
      const c = await createSegment(t, { name: `${tag} c`, kind: 'aPriori', status: 'active' });
      await patchSegment(t, c.id, { rule: { feature: 'numberOfEmployees', op: 'gte', value: 1000 } }).expect(200);
      const ids = async (query: string) => ((await getPath(t, `${SEGMENT_PATH}?name.regex=^${tag}&${query}`).expect(200)).body as Doc[]).map((s) => s.id).sort();

      expect(await ids('status=active')).toEqual([a.id, c.id].sort());
      expect(await ids('kind=lifecycle')).toEqual([a.id, b.id].sort());
      expect(await ids('kind=lifecycle&status=draft')).toEqual([b.id]);
      expect(await ids('version=2')).toEqual([c.id]);
      expect(await ids('version.gt=1&kind=aPriori')).toEqual([c.id]);

      const page = await getPath(t, `${SEGMENT_PATH}?name.regex=^${tag}&sort=name&fields=name,status&limit=2`).expect(200);
      expect(page.body).toEqual([
        { id: a.id, href: a.href, '@type': 'MarketSegment', name: `${tag} a`, status: 'active' },
        { id: b.id, href: b.href, '@type': 'MarketSegment', name: `${tag} b`, status: 'draft' },
      ]);
      expect(page.headers).toMatchObject({ 'x-total-count': '3', 'x-result-count': '2' });
      expect(page.headers.link).toContain('rel="next"');
    });

    it('refuses an unknown filter attribute (400)', async () => {
      expect(errorOf(await getPath(t, `${SEGMENT_PATH}?colour=red`), 400).code).toBe('invalidQuery');
      // the rule is untyped JSON: there is nothing to filter on inside it
      expect(errorOf(await getPath(t, `${SEGMENT_PATH}?rule.feature=tenureDays`), 400).code).toBe('invalidQuery');
    });
  });

  describe('patch', () => {
    it('bumps the version on every change of the rule, and only then', async () => {
      const s = await createSegment(t);
      const described = (await patchSegment(t, s.id, { description: 'big spenders', lowerSize: 2 }).expect(200)).body;
      expect(described).toMatchObject({ version: 1, description: 'big spenders', lowerSize: 2 });
      const newRule = { feature: 'spendThisPeriod', op: 'gte', value: 2000 };
      const changed = (await patchSegment(t, s.id, { rule: newRule }).expect(200)).body;
      expect(changed).toMatchObject({ version: 2, rule: newRule });
      expect(changed.lastUpdate > described.lastUpdate).toBe(true);
      // the same rule again is no change at all
      expect((await patchSegment(t, s.id, { rule: newRule }).expect(200)).body).toEqual(changed);
      const patched = (await patchSegment(t, s.id, [{ op: 'replace', path: '/rule/value', value: 3000 }], JSON_PATCH).expect(200)).body;
      expect(patched).toMatchObject({ version: 3, rule: { value: 3000 } });
      expect((await patchSegment(t, s.id, { status: 'active', upperSize: 10 }).expect(200)).body.version).toBe(3);
      await validateDocument(MarketSegmentDto, patched);

      const events = await outboxEventsOf(t, s.id);
      expect(events.map((e) => [e.event_type, e.payload.fieldPath])).toEqual([
        ['MarketSegmentCreateEvent', undefined],
        ['MarketSegmentAttributeValueChangeEvent', 'description,lowerSize'],
        ['MarketSegmentAttributeValueChangeEvent', 'rule'],
        ['MarketSegmentAttributeValueChangeEvent', 'rule'],
        ['MarketSegmentStateChangeEvent', undefined],
        ['MarketSegmentAttributeValueChangeEvent', 'upperSize'],
      ]);
    });

    it.each([
      ['a bad rule', { rule: { feature: 'spendThisPeriod', op: 'gte', value: 'lots' } }, 'invalidRule', /^rule\/value: expected a number; got a string$/],
      ['removing the rule', { rule: null }, 'invalidBody', /rule: a valueBased segment needs a rule/],
      ['lowerSize over upperSize', { lowerSize: 7, upperSize: 6 }, 'invalidBody', /lowerSize \(7\) must not exceed upperSize \(6\)/],
      ['the version', { version: 9 }, 'readOnlyAttribute', /'version' is set by the server/],
      ['learned attributes', { learned: { k: 2 } }, 'readOnlyAttribute', /'learned' is set by the server/],
      ['kind learned', { kind: 'learned', rule: null }, 'invalidBody', /cannot become learned/],
    ])('refuses %s (400) and leaves the segment as it was', async (_what, body, code, message) => {
      const s = await createSegment(t);
      expect(errorOf(await patchSegment(t, s.id, body), 400)).toMatchObject({ code, message: expect.stringMatching(message) });
      expect((await getPath(t, `${SEGMENT_PATH}/${s.id}`).expect(200)).body).toEqual(s);
    });
  });

  describe('life cycle', () => {
    it('moves draft → active → retired; retired is final and active never goes back to draft', async () => {
      const s = await createSegment(t);
      await patchSegment(t, s.id, { status: 'active' }).expect(200);
      expect(errorOf(await patchSegment(t, s.id, { status: 'draft' }), 400)).toMatchObject({
        code: 'invalidStateTransition',
        message: "status cannot move from 'active' to 'draft'; allowed next states: 'retired'",
      });
      await patchSegment(t, s.id, { status: 'retired' }).expect(200);
      expect(errorOf(await patchSegment(t, s.id, { status: 'active' }), 400).message).toBe("status cannot move from 'retired' to 'active'; 'retired' is final");
      const direct = await createSegment(t);
      expect((await patchSegment(t, direct.id, { status: 'retired' }).expect(200)).body.status).toBe('retired');
    });

    it('deletes a draft (204) but not a segment that was used (409: retire it instead)', async () => {
      const draft = await createSegment(t);
      await request(t.server).delete(`${SEGMENT_PATH}/${draft.id}`).expect(204);
      expectTmfError(await getPath(t, `${SEGMENT_PATH}/${draft.id}`), 404);
      expect((await outboxEventsOf(t, draft.id)).map((e) => e.event_type)).toEqual(['MarketSegmentCreateEvent', 'MarketSegmentDeleteEvent']);

      const active = await createSegment(t, { status: 'active' });
      const res = await request(t.server).delete(`${SEGMENT_PATH}/${active.id}`);
      expect(errorOf(res, 409).message).toMatch(/retire it instead; its history is kept/);
      await patchSegment(t, active.id, { status: 'retired' }).expect(200);
      expect(errorOf(await request(t.server).delete(`${SEGMENT_PATH}/${active.id}`), 409).message).toMatch(/is retired/);
      expectTmfError(await request(t.server).delete(`${SEGMENT_PATH}/${randomUUID()}`), 404);
    });

    it('retiring a segment closes its open memberships and takes it off its customers, in the same change', async () => {
      const segment = await createSegment(t, { status: 'active' });
      const other = await createSegment(t, { status: 'active' });
      await patchSegment(t, segment.id, { rule: { feature: 'spendThisPeriod', op: 'gte', value: 5000 } }).expect(200); // version 2
      const member = await createCustomer(t, customerBody());
      const bystander = await createCustomer(t, customerBody());
      const refs = (...ids: string[]) => ids.map((id) => ({ id, href: `${SEGMENT_URL}/${id}`, name: 'x' }));
      await t.sql.query(`UPDATE customer SET doc = doc || jsonb_build_object('marketSegment', $2::jsonb) WHERE id = $1`, [member.id, JSON.stringify(refs(segment.id, other.id))]);
      await t.sql.query(`UPDATE customer SET doc = doc || jsonb_build_object('marketSegment', $2::jsonb) WHERE id = $1`, [bystander.id, JSON.stringify(refs(other.id))]);
      const open = await insertMembership(t, { customerId: member.id, segmentId: segment.id, from: '2026-10-01T00:00:00.000Z' });
      const future = await insertMembership(t, { customerId: randomUUID(), segmentId: segment.id, from: '2099-01-01T00:00:00.000Z' });
      const closed = await insertMembership(t, { customerId: bystander.id, segmentId: segment.id, from: '2026-08-01T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' });
      const elsewhere = await insertMembership(t, { customerId: member.id, segmentId: other.id, from: '2026-10-01T00:00:00.000Z' });
      const before = await t.sql.query('SELECT id, doc FROM segment_membership ORDER BY id');

      const started = new Date().toISOString();
      const retired = (await patchSegment(t, segment.id, { status: 'retired' }).expect(200)).body;
      const ledger = new Map((await t.sql.query('SELECT id, valid_to, doc FROM segment_membership')).rows.map((r) => [r.id as string, r]));

      const exit = (date: string) => ({ date, segmentVersion: 2, trigger: 'segmentRetired', reason: { conditions: [], features: {} } });
      const closedNow = ledger.get(open);
      expect(closedNow.valid_to.toISOString() >= started).toBe(true);
      const at = closedNow.valid_to.toISOString();
      expect(closedNow.doc).toEqual({ ...before.rows.find((r) => r.id === open).doc, validFor: { startDateTime: '2026-10-01T00:00:00.000Z', endDateTime: at }, exit: exit(at) });
      // a stay that has not begun ends when it begins: never an end before the start
      expect(ledger.get(future).valid_to.toISOString()).toBe('2099-01-01T00:00:00.000Z');
      expect(ledger.get(future).doc.exit).toEqual(exit('2099-01-01T00:00:00.000Z'));
      for (const untouched of [closed, elsewhere]) expect(ledger.get(untouched).doc).toEqual(before.rows.find((r) => r.id === untouched).doc);
      expect(ledger.get(elsewhere).valid_to).toBeNull();

      const customers = new Map((await t.sql.query('SELECT id, doc FROM customer WHERE id = ANY($1)', [[member.id, bystander.id]])).rows.map((r) => [r.id, r.doc]));
      expect(customers.get(member.id).marketSegment).toEqual(refs(other.id));
      expect(customers.get(bystander.id).marketSegment).toEqual(refs(other.id));
      const customerEvents = await outboxEventsOf(t, member.id);
      expect(customerEvents.map((e) => [e.event_type, e.payload.fieldPath])).toContainEqual(['CustomerAttributeValueChangeEvent', 'marketSegment']);
      expect(customerEvents.at(-1)?.payload.event.customer).toMatchObject({ id: member.id, marketSegment: refs(other.id) });
      expect((await outboxEventsOf(t, bystander.id)).map((e) => e.event_type)).toEqual(['CustomerCreateEvent']);
      expect(retired.status).toBe('retired');
    });
  });

  describe('preview', () => {
    it('a rule segment previews its stored rule (no body) or an edited one, checked like any rule; nothing changes', async () => {
      const s = await createSegment(t, { status: 'active' });
      const stored = await request(t.server).post(`${SEGMENT_PATH}/${s.id}/preview`).expect(200);
      expect(stored.body).toMatchObject({
        marketSegment: { id: s.id, href: s.href, name: s.name, version: 1 },
        rule: s.rule,
        evaluatedAt: expect.stringMatching(ISO_MS),
        population: expect.any(Number),
        wouldBeMembers: expect.any(Number),
        entering: expect.any(Number),
        leaving: expect.any(Number),
        staying: expect.any(Number),
        sampleEntering: expect.any(Array),
        sampleLeaving: expect.any(Array),
      });
      const edited = { feature: 'tenureDays', op: 'lt', value: 90 };
      expect((await request(t.server).post(`${SEGMENT_PATH}/${s.id}/preview`).send({ rule: edited }).expect(200)).body.rule).toEqual(edited);
      const bad = await request(t.server).post(`${SEGMENT_PATH}/${s.id}/preview`).send({ rule: { feature: 'tenureDays', op: 'after', value: 90 } });
      expect(errorOf(bad, 400)).toMatchObject({ code: 'invalidRule', message: expect.stringMatching(/^rule\/op: unknown op 'after'/) });
      expect(errorOf(await request(t.server).post(`${SEGMENT_PATH}/${s.id}/preview`).send({ colour: 'red' }), 400).message).toMatch(/colour is not an attribute/);
      expect((await getPath(t, `${SEGMENT_PATH}/${s.id}`).expect(200)).body).toEqual(s);
    });
  });

  describe('learned segments', () => {
    it('take only status, description and size bounds; their rule and centroid are the clustering’s', async () => {
      const id = await insertLearnedSegment(t);
      const learned = (await getPath(t, `${SEGMENT_PATH}/${id}`).expect(200)).body;
      await validateDocument(MarketSegmentDto, learned);
      const edited = (await patchSegment(t, id, { description: 'IoT fleets', lowerSize: 1, upperSize: 50 }).expect(200)).body;
      expect(edited).toMatchObject({ description: 'IoT fleets', lowerSize: 1, upperSize: 50, version: 1, learned: learned.learned });
      expect(errorOf(await patchSegment(t, id, { rule: { feature: 'tenureDays', op: 'lt', value: 90 } }), 400).message).toMatch(/a learned segment has no rule/);
      expect(errorOf(await patchSegment(t, id, { name: 'Renamed' }), 400).message).toMatch(/^name: a learned segment is the clustering's/);
      expect(errorOf(await patchSegment(t, id, { kind: 'needsBased', rule: { feature: 'tenureDays', op: 'lt', value: 90 } }), 400).message).toMatch(/cannot become learned or stop being learned/);
      expect((await patchSegment(t, id, { status: 'retired' }).expect(200)).body.status).toBe('retired');
    });

    it('cannot be previewed (no rule); an unknown segment is 404', async () => {
      const id = await insertLearnedSegment(t);
      expect(errorOf(await request(t.server).post(`${SEGMENT_PATH}/${id}/preview`).send({}), 400).message).toMatch(/learned segment has no rule to preview/);
      expectTmfError(await request(t.server).post(`${SEGMENT_PATH}/${randomUUID()}/preview`).send({}), 404);
    });
  });
});

// The preview of a segment rule: who would enter and leave if it were activated now, over every customer's current
// features, compared with the segment's open memberships — counts, samples, an edited rule from the body, percentiles
// over the whole population, and nothing written. Features and memberships are put in place with SQL.
import request from 'supertest';
import { createCustomer, Doc } from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { createSegment, errorOf, insertLearnedSegment, insertMembership, SEGMENT_PATH } from './segmentation-factories';

const CUSTOMER_HREF = `${PUBLIC_BASE_URL}/tmf-api/customerManagement/v4/customer/`;

describe('segment preview', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let segment: Doc;

  const preview = (id: string, body?: unknown) => request(t.server).post(`${SEGMENT_PATH}/${id}/preview`).send(body as object);
  const counts = async () =>
    (await t.sql.query<{ m: string; f: string; s: string }>(`SELECT (SELECT count(*) FROM segment_membership) AS m, (SELECT count(*) FROM customer_feature_current) AS f, (SELECT max(updated_at)::text FROM market_segment) AS s`)).rows[0];

  beforeAll(async () => {
    t = await startTestApp();
    // spend this period: X 150, Y 50, Z 200 (EUR); W 500 in JPY (ranked among JPY customers only); V without a bill
    const spends: [string, number | null, string][] = [['X', 150, 'EUR'], ['Y', 50, 'EUR'], ['Z', 200, 'EUR'], ['W', 500, 'JPY'], ['V', null, 'EUR']];
    for (const [key, spend, currency] of spends) {
      const customer = await createCustomer(t, customerBody({ name: `Customer ${key}` }));
      ids[key] = customer.id as string;
      await t.sql.query(
        `INSERT INTO customer_feature_current (customer_id, snapshot_id, bill_run_id, trigger, as_of, period_end, currency, spend, periods_billed, product_count, families, overdue_bills, usage_volume, usage_share)
         VALUES ($1, gen_random_uuid(), NULL, 'customerChanged', now(), now(), $3, $2, 1, 0, '{}', 0, '{}', '{}')`,
        [ids[key], spend, currency],
      );
    }
    segment = await createSegment(t, { name: 'Big spenders', status: 'active', rule: { feature: 'spendThisPeriod', op: 'gte', value: 100 } });
    // Y and Z are members now; Y would leave, Z stays, X and W would enter
    for (const key of ['Y', 'Z']) await insertMembership(t, { customerId: ids[key], segmentId: segment.id as string, from: '2026-10-01T00:00:00.000Z' });
  }, 60_000);
  afterAll(() => t.close());

  const sample = (...keys: string[]) => keys.map((k) => ({ id: ids[k], href: `${CUSTOMER_HREF}${ids[k]}`, name: `Customer ${k}` })).sort((a, b) => (a.id < b.id ? -1 : 1));

  it('counts who would enter, leave and stay under the stored rule, with samples, and writes nothing', async () => {
    const before = await counts();
    const res = await preview(segment.id as string).expect(200);
    expect(res.body).toMatchObject({
      marketSegment: { id: segment.id, name: 'Big spenders', version: 1 },
      rule: { feature: 'spendThisPeriod', op: 'gte', value: 100 },
      population: 5,
      wouldBeMembers: 3,
      entering: 2,
      leaving: 1,
      staying: 1,
      sampleEntering: sample('X', 'W'),
      sampleLeaving: sample('Y'),
    });
    expect(Date.parse(res.body.evaluatedAt)).not.toBeNaN();
    expect(await counts()).toEqual(before);
  });

  it('previews an edited rule from the body, percentiles ranked over the whole population within a currency', async () => {
    const res = await preview(segment.id as string, { rule: { feature: 'spendThisPeriod', topPercent: 34 } }).expect(200);
    // EUR: Z 200 is the top third (1 of 3 with a value), not W's 500 yen; W alone is all of JPY (100 %, not in the
    // top 34 %); V has no value
    expect(res.body).toMatchObject({ wouldBeMembers: 1, entering: 0, leaving: 1, staying: 1, sampleEntering: [], sampleLeaving: sample('Y') });
    const stored = await request(t.server).get(`${SEGMENT_PATH}/${segment.id}`).expect(200);
    expect(stored.body.rule).toEqual({ feature: 'spendThisPeriod', op: 'gte', value: 100 });
    expect(stored.body.version).toBe(1);
  });

  it('limits the samples, and keeps counting past them', async () => {
    const everyone = await preview(segment.id as string, { rule: { not: { feature: 'spendThisPeriod', op: 'gt', value: 1e9 } } }).expect(200);
    expect(everyone.body).toMatchObject({ population: 5, wouldBeMembers: 5, entering: 3, leaving: 0, staying: 2 });
    expect(everyone.body.sampleEntering).toHaveLength(3);
  });

  it('refuses a bad rule with the reason, an unknown segment and a learned one', async () => {
    const bad = errorOf(await preview(segment.id as string, { rule: { feature: 'spendz', op: 'gt', value: 1 } }), 400);
    expect(bad.message).toContain('spendz');
    const op = errorOf(await preview(segment.id as string, { rule: { feature: 'spendThisPeriod', op: 'gt', value: 'lots' } }), 400);
    expect(op.message).toContain('rule/value');
    errorOf(await preview('0190a000-0000-7000-8000-00000000ffff'), 404);
    errorOf(await preview(await insertLearnedSegment(t)), 400);
  });
});

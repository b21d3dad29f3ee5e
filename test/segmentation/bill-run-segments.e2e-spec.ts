// Segments re-evaluated by bill runs, end to end with a real worker (chunks of 10 accounts): two monthly cycles in which
// customers' usage mix and spend change, so they enter and leave needs-based, value-based and lifecycle segments. The
// ledger (entries, exits, versions, reasons with the values seen), `asOf` history, several segments at once, the
// customers' marketSegment lists, the run's drift report with a size alert, re-runs and dry runs that change nothing.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SegmentMembershipDto } from '../../src/segmentation/dto/segment-membership.dto';
import { validateDocument } from '../../src/tmf/validation';
import { Doc } from '../support/customer-helpers';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { pushUsage } from '../billing/bill-run-helpers';
import { billingAccount, insertProduct, period, quotePrice, runBillRun } from '../billing/billing-factories';
import { usageRecord } from '../billing/usage-helpers';
import { insertSegment, retireAllSegments } from './customer-segment-factories';

const SEPTEMBER = period('2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z');
const OCTOBER = period('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
const MEMBERSHIP = '/bss/segmentation/v1/membership';
const CUSTOMER = '/tmf-api/customerManagement/v4/customer';

interface Customer {
  key: string;
  accountId: string;
  customerId: string;
  mobile: string;
  iot: string;
}

describe('segments re-evaluated by bill runs', () => {
  let t: TestApp;
  const customers: Record<string, Customer> = {};
  const segments: Record<string, string> = {};
  const runs: Doc[] = [];

  /** Usage of the period for one customer: amounts per family, each one record on the family's product. */
  function usage(c: Customer, month: '09' | '10', amounts: { mobile?: number; iot?: number }): Doc[] {
    return Object.entries(amounts).map(([family, amount]) =>
      usageRecord(c.accountId, { productId: family === 'mobile' ? c.mobile : c.iot, usageDate: `2026-${month}-15T10:00:00Z`, amount, quantity: amount / 2 }),
    );
  }

  /** Open memberships by segment key → customer keys (sorted), straight from the ledger table. */
  async function openMembers(): Promise<Record<string, string[]>> {
    const { rows } = await t.sql.query<{ segment: string; customer: string }>(`SELECT market_segment_id AS segment, customer_id AS customer FROM segment_membership WHERE valid_to IS NULL`);
    const segmentKey = Object.fromEntries(Object.entries(segments).map(([k, v]) => [v, k]));
    const customerKey = Object.fromEntries(Object.values(customers).map((c) => [c.customerId, c.key]));
    const result: Record<string, string[]> = {};
    for (const r of rows) (result[segmentKey[r.segment]] ??= []).push(customerKey[r.customer]);
    for (const list of Object.values(result)) list.sort();
    return result;
  }

  const ledgerCount = async () => Number((await t.sql.query<{ n: string }>(`SELECT count(*) AS n FROM segment_membership`)).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { BILL_RUN_CHUNK_SIZE: '10' } });
    await t.startWorker();
    // the shipped definitions would add memberships of their own: this file checks its own segments only
    await retireAllSegments(t);
    for (const name of ['Mobile', 'IoT']) {
      await t.sql.query(`INSERT INTO category (id, name, lifecycle_status, last_update, doc) VALUES ($1, $2, 'Launched', now(), $3)`, [randomUUID(), name, { name }]);
    }
    segments.mobile = await insertSegment(t, 'Mobile-heavy', { feature: 'usageShare.mobile', op: 'gte', value: 0.5 }, 'needsBased');
    segments.iot = await insertSegment(t, 'IoT-heavy', { feature: 'usageShare.iot', op: 'gte', value: 0.4 }, 'needsBased', { upperSize: 3 });
    segments.top = await insertSegment(t, 'Key accounts', { feature: 'spendThisPeriod', topPercent: 20 }, 'valueBased');
    segments.risk = await insertSegment(t, 'At risk', { feature: 'spendTrend3', op: 'lt', value: -0.3 }, 'lifecycle');
    await insertSegment(t, 'Draft big spenders', { feature: 'spendThisPeriod', op: 'gt', value: 0 }, 'valueBased', { status: 'draft' });
    for (const key of ['A', 'B', 'C', 'D', 'E', 'F']) {
      const accountId = await billingAccount(t, { taxRate: '0.2' });
      const start = { start: '2026-09-01T00:00:00Z' };
      const mobile = await insertProduct(t, accountId, [quotePrice('recurring', 10)], { ...start, name: 'Mobile line' });
      const iot = await insertProduct(t, accountId, [quotePrice('recurring', 10)], { ...start, name: 'IoT SIM' });
      await t.sql.query(`UPDATE customer_product SET family = CASE id WHEN $1::uuid THEN 'mobile' ELSE 'iot' END WHERE id IN ($1, $2)`, [mobile, iot]);
      const { rows } = await t.sql.query<{ customer_id: string }>(`SELECT customer_id FROM billing_account WHERE id = $1`, [accountId]);
      customers[key] = { key, accountId, customerId: rows[0].customer_id, mobile, iot };
    }
    const { A, B, C, E, F } = customers;
    // September: spend (tax excluded) = 20 recurring + usage → A 120, B 120, C 120, D 20, E 220, F 25
    await pushUsage(t, [...usage(A, '09', { mobile: 80, iot: 20 }), ...usage(B, '09', { mobile: 10, iot: 90 }), ...usage(C, '09', { mobile: 50, iot: 50 }), ...usage(E, '09', { mobile: 200 }), ...usage(F, '09', { iot: 5 })]);
    runs.push(await runBillRun(t, SEPTEMBER, 60_000));
  }, 120_000);
  afterAll(() => t.close());

  it('puts each customer in every segment whose rule it meets, several at once', async () => {
    expect(runs[0].parkedAccount).toEqual([]);
    expect(runs[0].state).toBe('completed');
    expect(await openMembers()).toEqual({ mobile: ['A', 'C', 'E'], iot: ['B', 'C', 'F'], top: ['E'] });
  });

  it('records each entry with its bill run, segment version and the reason: conditions held and values seen', async () => {
    const { rows } = await t.sql.query<{ doc: Doc; segment_version: number; entry_bill_run_id: string }>(
      `SELECT doc, segment_version, entry_bill_run_id FROM segment_membership WHERE customer_id = $1 AND market_segment_id = $2`,
      [customers.E.customerId, segments.top],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].segment_version).toBe(1);
    expect(rows[0].entry_bill_run_id).toBe(runs[0].id);
    const entry = rows[0].doc.entry as Doc;
    expect(entry).toMatchObject({
      date: runs[0].requestedDate,
      segmentVersion: 1,
      trigger: 'billRun',
      billRun: { id: runs[0].id, href: `${PUBLIC_BASE_URL}/bss/billing/v1/billRun/${runs[0].id}` },
      reason: {
        conditions: [{ path: '', condition: 'spendThisPeriod in the top 20 % among customers billed in the same currency', held: true, value: 220 }],
        features: { spendThisPeriod: 220 },
      },
    });
    expect(rows[0].doc.validFor).toEqual({ startDateTime: runs[0].requestedDate });
  });

  it('lists the current segments on the customer (TMF629 extension), sorted by name', async () => {
    const res = await request(t.server).get(`${CUSTOMER}/${customers.E.customerId}`).expect(200);
    expect(res.body.marketSegment).toEqual([
      { id: segments.top, href: `${PUBLIC_BASE_URL}/bss/segmentation/v1/marketSegment/${segments.top}`, name: 'Key accounts', '@referredType': 'MarketSegment' },
      { id: segments.mobile, href: `${PUBLIC_BASE_URL}/bss/segmentation/v1/marketSegment/${segments.mobile}`, name: 'Mobile-heavy', '@referredType': 'MarketSegment' },
    ]);
    expect(res.body['@schemaLocation']).toBe(`${PUBLIC_BASE_URL}/openapi/schemas/CustomerMarketSegment.schema.json`);
    const d = await request(t.server).get(`${CUSTOMER}/${customers.D.customerId}`).expect(200);
    expect(d.body.marketSegment).toBeUndefined();
  });

  it('keeps a dated feature snapshot per customer and run', async () => {
    const { rows } = await t.sql.query<Doc>(
      `SELECT spend::text, periods_billed, product_count, families, usage_share, usage_volume FROM customer_feature WHERE bill_run_id = $1 AND customer_id = $2`,
      [runs[0].id, customers.A.customerId],
    );
    expect(rows).toEqual([{ spend: '120.00', periods_billed: 1, product_count: 2, families: ['iot', 'mobile'], usage_share: { mobile: 0.8, iot: 0.2 }, usage_volume: { mobile: 40, iot: 10 } }]);
  });

  it('reports the drift of each segment in the bill run', async () => {
    const drift = (runs[0].segmentation as Doc).segmentDrift as Doc[];
    expect((runs[0].segmentation as Doc).customersEvaluated).toBe(6);
    const byName = Object.fromEntries(drift.map((d) => [(d.marketSegment as Doc).name, d]));
    expect(byName['Mobile-heavy']).toMatchObject({ entries: 3, exits: 0, size: 3, kind: 'needsBased' });
    expect(byName['IoT-heavy']).toMatchObject({ entries: 3, exits: 0, size: 3, upperSize: 3 });
    expect(byName['IoT-heavy'].alert).toBeUndefined();
    expect(byName['At risk']).toMatchObject({ entries: 0, exits: 0, size: 0 });
    expect(byName['Draft big spenders']).toBeUndefined();
  });

  describe('the next cycle', () => {
    let beforeOctober: number;

    beforeAll(async () => {
      const { A, B, C, E, F } = customers;
      // October: A turns to IoT, C grows (150, the new top), E drops from 220 to 60 (at risk)
      await pushUsage(t, [...usage(A, '10', { mobile: 20, iot: 80 }), ...usage(B, '10', { mobile: 10, iot: 90 }), ...usage(C, '10', { mobile: 65, iot: 65 }), ...usage(E, '10', { mobile: 40 }), ...usage(F, '10', { iot: 5 })]);
      beforeOctober = Date.now();
      runs.push(await runBillRun(t, OCTOBER, 60_000));
    }, 90_000);

    it('moves customers between segments as their usage and spend change', async () => {
      expect(runs[1].state).toBe('completed');
      expect(await openMembers()).toEqual({ mobile: ['C', 'E'], iot: ['A', 'B', 'C', 'F'], top: ['C'], risk: ['E'] });
    });

    it('closes the exits with the run, the failed condition and the value seen', async () => {
      const { rows } = await t.sql.query<{ doc: Doc; exit_bill_run_id: string }>(
        `SELECT doc, exit_bill_run_id FROM segment_membership WHERE customer_id = $1 AND market_segment_id = $2`,
        [customers.A.customerId, segments.mobile],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].exit_bill_run_id).toBe(runs[1].id);
      expect(rows[0].doc.validFor).toEqual({ startDateTime: runs[0].requestedDate, endDateTime: runs[1].requestedDate });
      expect(rows[0].doc.exit).toMatchObject({
        date: runs[1].requestedDate,
        trigger: 'billRun',
        billRun: { id: runs[1].id },
        reason: { conditions: [{ condition: 'usageShare.mobile ≥ 0.5', held: false, value: 0.2 }], features: { 'usageShare.mobile': 0.2 } },
      });
    });

    it('answers which segments a customer was in at each bill date (asOf)', async () => {
      const at = async (instant: string) =>
        (await t.sql.query<{ segment: string }>(
          `SELECT market_segment_id AS segment FROM segment_membership WHERE customer_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) ORDER BY 1`,
          [customers.A.customerId, instant],
        )).rows.map((r) => r.segment);
      expect(await at(runs[0].requestedDate as string)).toEqual([segments.mobile]);
      expect(await at(runs[1].requestedDate as string)).toEqual([segments.iot]);
      expect(await at('2026-01-01T00:00:00Z')).toEqual([]);
      // the same through the API
      const api = await request(t.server).get(`${MEMBERSHIP}?customer.id=${customers.A.customerId}&asOf=${encodeURIComponent(runs[0].requestedDate as string)}`).expect(200);
      expect(api.body.map((m: Doc) => (m.marketSegment as Doc).id)).toEqual([segments.mobile]);
    });

    it('computes the 3-period trend behind the lifecycle segment', async () => {
      const { rows } = await t.sql.query<{ trend: string; avg3: string; periods: number }>(
        `SELECT spend_trend3::text AS trend, spend_avg3::text AS avg3, periods_billed AS periods FROM customer_feature_current WHERE customer_id = $1`,
        [customers.E.customerId],
      );
      // (60 − 220) / 220, averaged (220 + 60) / 2
      expect(rows[0]).toEqual({ trend: '-0.7273', avg3: '140.0000', periods: 2 });
    });

    it('flags a segment that leaves its bounds in the drift report', async () => {
      const drift = ((runs[1].segmentation as Doc).segmentDrift as Doc[]).find((d) => (d.marketSegment as Doc).id === segments.iot) as Doc;
      expect(drift).toMatchObject({ entries: 1, exits: 0, size: 4, upperSize: 3, alert: 'size 4 is above upperSize 3' });
      const mobile = ((runs[1].segmentation as Doc).segmentDrift as Doc[]).find((d) => (d.marketSegment as Doc).id === segments.mobile) as Doc;
      expect(mobile).toMatchObject({ entries: 0, exits: 1, size: 2 });
    });

    it('serves every ledger entry as a valid SegmentMembership', async () => {
      const res = await request(t.server).get(`${MEMBERSHIP}?limit=100`).expect(200);
      expect(res.body).toHaveLength(await ledgerCount());
      for (const membership of res.body as Doc[]) await expect(validateDocument(SegmentMembershipDto, membership)).resolves.toBeUndefined();
      const exits = await request(t.server).get(`${MEMBERSHIP}?billRun.id=${runs[1].id}&marketSegment.id=${segments.mobile}`).expect(200);
      expect(exits.body.map((m: Doc) => (m.customer as Doc).id)).toEqual([customers.A.customerId]);
    });

    it('changes nothing when the cycle is re-run, or in a dry run', async () => {
      const count = await ledgerCount();
      const again = await runBillRun(t, OCTOBER, 60_000);
      expect(again.state).toBe('completed');
      const dry = await runBillRun(t, { ...OCTOBER, dryRun: true }, 60_000);
      expect(dry.state).toBe('completed');
      expect(dry.segmentation).toBeUndefined();
      expect(await ledgerCount()).toBe(count);
      expect(await openMembers()).toEqual({ mobile: ['C', 'E'], iot: ['A', 'B', 'C', 'F'], top: ['C'], risk: ['E'] });
      expect(beforeOctober).toBeLessThan(Date.now());
    });
  });
});

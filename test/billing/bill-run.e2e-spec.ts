// Bill runs, end to end, over small populations billed in chunks of 10 accounts by a real worker: the 202 and the
// run's document (states, exact counters, amounts equal to the bills' sums, timings, throughput), the run list,
// re-runs and retried chunks that change nothing, a chunk whose transaction fails (retried; parked on its last
// attempt), late usage billed once by the next run, dry runs and their comparison, bill cycles, and bad requests.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { BillRunService } from '../../src/billing/bill-run/bill-run.service';
import { lastClosedPeriod } from '../../src/billing/bill-run/billing-cycle';
import { QUEUES } from '../../src/jobs/queues';
import { Doc, expectAllClientErrors, expectTmfError, parseLink } from '../support/customer-helpers';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { BILL_RUN_PATH, billingAccount, insertProduct, period, postBillRun, quotePrice, runBillRun, waitForRun } from './billing-factories';
import { billRows, failBillsOf, getRun, pushUsage, tableCounts, usageRow, waitUntil } from './bill-run-helpers';
import { usageRecord } from './usage-helpers';

const RUN_URL = `${PUBLIC_BASE_URL}${BILL_RUN_PATH}/`;
const ACCOUNT_HREF = `${PUBLIC_BASE_URL}/tmf-api/accountManagement/v4/billingAccount/`;
const Z = (date: string) => `${date}T00:00:00.000Z`;
const LONG_AGO = { start: Z('2020-01-01') };
const money = (unit: string, excl: number, incl: number) => ({ taxExcludedAmount: { unit, value: excl }, taxIncludedAmount: { unit, value: incl } });
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('bill runs', () => {
  let t: TestApp;
  let runs: BillRunService;

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { BILL_RUN_CHUNK_SIZE: '10' } });
    await t.startWorker();
    runs = t.app.get(BillRunService);
  });
  afterAll(() => t.close());

  /** The bills of a run summed by currency with SQL, as the run's amountBilled lists them. */
  async function sqlAmounts(runId: string): Promise<unknown[]> {
    const { rows } = await t.sql.query<{ currency: string; excl: string; incl: string }>(
      `SELECT currency, sum(tax_excluded_amount)::text AS excl, sum(tax_included_amount)::text AS incl FROM customer_bill WHERE bill_run_id = $1 GROUP BY currency ORDER BY currency`,
      [runId],
    );
    return rows.map((r) => money(r.currency, Number(r.excl), Number(r.incl)));
  }

  async function billSeq(): Promise<string> {
    const { rows } = await t.sql.query<{ v: string }>(`SELECT last_value::text AS v FROM customer_bill_bill_seq_seq`);
    return rows[0].v;
  }

  describe('a population of 25 accounts (bill day 3) in 3 chunks', () => {
    const P1 = [Z('2026-09-03'), Z('2026-10-03')] as const;
    const P2 = [Z('2026-10-03'), Z('2026-11-03')] as const;
    const cycle = { billCycle: 'month', billDay: 3 };
    /** Accounts 0–19 EUR with a monthly price of 10 + i, 20–22 USD at 25.00, 23–24 EUR without products. */
    const accounts: string[] = [];
    let p1Run: Doc;
    let dryRun: Doc;
    let p2Run: Doc;

    beforeAll(async () => {
      for (let i = 0; i < 25; i += 1) {
        const usd = i >= 20 && i < 23;
        const account = await billingAccount(t, { billDay: 3, currency: usd ? 'USD' : undefined, taxRate: usd ? '0.1' : '0.2' });
        accounts.push(account);
        if (i < 20) await insertProduct(t, account, [quotePrice('recurring', 10 + i)], LONG_AGO);
        else if (usd) await insertProduct(t, account, [quotePrice('recurring', 25, { currency: 'USD', taxRate: 0.1 })], LONG_AGO);
      }
      // usage of P1 pushed before its run: 1.005 → 1.01, tax 0.202 → 0.20
      await pushUsage(t, [0, 4, 8, 12, 16].map((i) => usageRecord(accounts[i], { id: `p1-${i}`, amount: 1.005, usageDate: '2026-09-10T09:00:00Z' })));
    });

    it('POST → 202 with Location; the run ends completed with exact counters, amounts equal to the bills, timings and throughput', async () => {
      const before = await tableCounts(t);
      const res = await postBillRun(t, { ...cycle, ...period(...P1), description: 'September close' });
      expect(res.status).toBe(202);
      expect(res.headers.location).toBe(`${RUN_URL}${res.body.id}`);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        href: `${RUN_URL}${res.body.id}`,
        '@type': 'BillRun',
        state: expect.stringMatching(/^(acknowledged|inProgress)$/),
        description: 'September close',
        billCycle: 'month',
        billDay: 3,
        dryRun: false,
        billingPeriod: { startDateTime: P1[0], endDateTime: P1[1] },
        counters: expect.objectContaining({ accountsTotal: 25, chunksTotal: 3 }),
      });
      const requested = Date.parse(res.body.requestedDate);
      expect(Math.abs(requested - Date.now())).toBeLessThan(10_000);

      p1Run = await waitForRun(t, res.body.id);
      expect(p1Run.state).toBe('completed');
      expect(p1Run.counters).toEqual({
        accountsTotal: 25,
        accountsBilled: 23,
        accountsParked: 0,
        accountsAlreadyBilled: 0,
        accountsWithoutCharges: 2,
        billsCreated: 23,
        ratesCreated: 28,
        chunksTotal: 3,
        chunksDone: 3,
        // EUR: Σ(10..29) = 390 + 5 × 1.01, taxes 78 + 5 × 0.20; USD: 3 × 25.00 at 10 %
        amountBilled: [money('EUR', 395.05, 474.05), money('USD', 75, 82.5)],
      });
      expect(p1Run.counters.amountBilled).toEqual(await sqlAmounts(p1Run.id));
      expect(p1Run.parkedAccount).toEqual([]);
      expect(p1Run.estimatedCompletionDateTime).toBeUndefined();
      const [requestedAt, started, completed] = [p1Run.requestedDate, p1Run.startDateTime, p1Run.completionDateTime].map((d) => Date.parse(d as string));
      expect(requestedAt).toBeLessThanOrEqual(started);
      expect(started).toBeLessThanOrEqual(completed);
      expect(p1Run.throughput).toEqual({ accountsPerSecond: expect.any(Number) });
      expect(p1Run.throughput.accountsPerSecond).toBeGreaterThan(0);

      const after = await tableCounts(t);
      expect({ bills: after.bills - before.bills, rates: after.rates - before.rates, usage: after.usageBilled - before.usageBilled, runs: after.runs - before.runs }).toEqual({ bills: 23, rates: 28, usage: 5, runs: 1 });
      const { rows: chunks } = await t.sql.query(`SELECT chunk_no, state, accounts FROM bill_run_chunk WHERE bill_run_id = $1 ORDER BY chunk_no`, [p1Run.id]);
      expect(chunks).toEqual([
        { chunk_no: 0, state: 'done', accounts: 10 },
        { chunk_no: 1, state: 'done', accounts: 10 },
        { chunk_no: 2, state: 'done', accounts: 5 },
      ]);
      // every bill of the run: the period and the run
      const { rows: bills } = await t.sql.query(`SELECT DISTINCT period_start, period_end, run_type FROM customer_bill WHERE bill_run_id = $1`, [p1Run.id]);
      expect(bills).toEqual([{ period_start: new Date(P1[0]), period_end: new Date(P1[1]), run_type: 'onCycle' }]);
      for (const i of [23, 24]) expect(await billRows(t, accounts[i])).toEqual([]);
    });

    it('a chunk retried after it committed (a direct call, or its job added again) changes nothing', async () => {
      const before = await tableCounts(t);
      const doc = await getRun(t, p1Run.id);
      for (const chunkNo of [0, 1, 2]) {
        await runs.billChunk(p1Run.id, chunkNo, false);
        await runs.billChunk(p1Run.id, chunkNo, true);
      }
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.billRunChunk));
      const job = await queue.add('chunk', { billRunId: p1Run.id, chunkNo: 1 }, { jobId: `retry-${p1Run.id}-1` });
      await waitUntil('the re-added chunk job to complete', async () => (await job.getState()) === 'completed');
      await runs.finish(p1Run.id);
      expect(await tableCounts(t)).toEqual(before);
      const after = await getRun(t, p1Run.id);
      expect({ state: after.state, counters: after.counters, completion: after.completionDateTime }).toEqual({ state: doc.state, counters: doc.counters, completion: doc.completionDateTime });
    });

    it('usage pushed after the run of its period waits for the next run; a dry run rates it but writes nothing and compares with the last real run', async () => {
      await pushUsage(t, [
        usageRecord(accounts[1], { id: 'late-1', amount: 2, usageDate: '2026-09-20T10:00:00Z' }),
        usageRecord(accounts[2], { id: 'late-2', amount: 2, usageDate: '2026-10-01T10:00:00Z' }),
        usageRecord(accounts[3], { id: 'p2-3', amount: 3, usageDate: '2026-10-15T10:00:00Z' }),
        usageRecord(accounts[23], { id: 'p2-23', amount: 4, usageDate: '2026-10-10T10:00:00Z' }),
        usageRecord(accounts[0], { id: 'after-p2', amount: 9.99, usageDate: '2026-11-05T10:00:00Z' }),
      ]);
      const before = await tableCounts(t);
      const seq = await billSeq();
      dryRun = await runBillRun(t, { ...cycle, ...period(...P2), dryRun: true });
      expect(dryRun).toMatchObject({ state: 'completed', dryRun: true });
      const expectedCounters = {
        accountsTotal: 25,
        accountsBilled: 24,
        accountsParked: 0,
        accountsAlreadyBilled: 0,
        accountsWithoutCharges: 1,
        billsCreated: 24,
        ratesCreated: 27,
        chunksTotal: 3,
        chunksDone: 3,
        // EUR: 390 + 2 + 2 + 3 + 4, taxes 78 + 0.4 + 0.4 + 0.6 + 0.8
        amountBilled: [money('EUR', 401, 481.2), money('USD', 75, 82.5)],
      };
      expect(dryRun.counters).toEqual(expectedCounters);
      expect(dryRun.comparison).toEqual({
        billRun: { id: p1Run.id, href: `${RUN_URL}${p1Run.id}` },
        billingPeriod: { startDateTime: P1[0], endDateTime: P1[1] },
        billsCreated: 23,
        amountBilled: [money('EUR', 395.05, 474.05), money('USD', 75, 82.5)],
        difference: { billsCreated: 1, amountBilled: [money('EUR', 5.95, 7.15), money('USD', 0, 0)] },
      });
      // nothing written: no bill, rate or usage mark, no event, no bill number spent
      expect(await tableCounts(t)).toEqual({ ...before, runs: before.runs + 1 });
      expect(await billSeq()).toBe(seq);
      for (const id of ['late-1', 'late-2', 'p2-3', 'p2-23', 'after-p2']) expect({ id, bill: (await usageRow(t, id)).bill_id }).toEqual({ id, bill: null });
      const { rows } = await t.sql.query(`SELECT 1 FROM customer_bill WHERE bill_run_id = $1 UNION ALL SELECT 1 FROM bill_run_parked_account WHERE bill_run_id = $1`, [dryRun.id]);
      expect(rows).toEqual([]);

      // the real run right after: the same figures, written
      p2Run = await runBillRun(t, { ...cycle, ...period(...P2) });
      expect(p2Run.state).toBe('completed');
      expect(p2Run.counters).toEqual(expectedCounters);
      expect(p2Run.comparison).toBeUndefined();
      expect(p2Run.counters.amountBilled).toEqual(await sqlAmounts(p2Run.id));
      const after = await tableCounts(t);
      expect({ bills: after.bills - before.bills, rates: after.rates - before.rates, usage: after.usageBilled - before.usageBilled }).toEqual({ bills: 24, rates: 27, usage: 4 });

      // the late usage is on the P2 bills, the usage after P2 on none
      for (const [id, i] of [['late-1', 1], ['late-2', 2], ['p2-3', 3], ['p2-23', 23]] as const) {
        const bills = await billRows(t, accounts[i]);
        const p2Bill = bills.find((b) => b.bill_run_id === p2Run.id);
        expect({ id, bill: (await usageRow(t, id)).bill_id }).toEqual({ id, bill: p2Bill?.id });
      }
      expect((await usageRow(t, 'after-p2')).bill_id).toBeNull();
      const [only] = await billRows(t, accounts[23]);
      expect(only).toMatchObject({ tax_excluded_amount: '4.00', tax_included_amount: '4.80', period_start: '2026-10-03', period_end: '2026-11-03' });
    });

    it('every usage record is charged at most once, by the bill that marks it', async () => {
      const { rows } = await t.sql.query(
        `SELECT u.usage_id, u.bill_id, count(r.id)::int AS rates, count(DISTINCT r.bill_id)::int AS bills, bool_and(r.bill_id = u.bill_id) AS same_bill
           FROM usage_record u LEFT JOIN applied_billing_rate r ON r.billing_account_id = u.billing_account_id AND r.charge_key = 'us:' || u.id
          WHERE u.billing_account_id = ANY($1::uuid[]) GROUP BY u.id`,
        [accounts],
      );
      rows.sort((a, b) => byId(a.usage_id, b.usage_id));
      const problems = rows.filter((r) => r.rates > 1 || (r.bill_id === null) !== (r.rates === 0) || (r.rates === 1 && !r.same_bill));
      expect(problems).toEqual([]);
      expect(rows.map((r) => [r.usage_id, r.rates])).toEqual([
        ['after-p2', 0],
        ['late-1', 1],
        ['late-2', 1],
        ['p1-0', 1],
        ['p1-12', 1],
        ['p1-16', 1],
        ['p1-4', 1],
        ['p1-8', 1],
        ['p2-23', 1],
        ['p2-3', 1],
      ]);
    });

    it('re-triggering a billed period bills nobody again (accountsAlreadyBilled) and leaves every table as it was', async () => {
      const before = await tableCounts(t);
      const again = await runBillRun(t, { ...cycle, ...period(...P2) });
      expect(again.state).toBe('completed');
      expect(again.counters).toEqual({
        accountsTotal: 25,
        accountsBilled: 0,
        accountsParked: 0,
        accountsAlreadyBilled: 24,
        accountsWithoutCharges: 1,
        billsCreated: 0,
        ratesCreated: 0,
        chunksTotal: 3,
        chunksDone: 3,
        amountBilled: [],
      });
      const againP1 = await runBillRun(t, { ...cycle, ...period(...P1) });
      expect(againP1.counters).toMatchObject({ accountsTotal: 25, accountsAlreadyBilled: 23, accountsWithoutCharges: 2, billsCreated: 0, ratesCreated: 0, amountBilled: [] });
      expect(await tableCounts(t)).toEqual({ ...before, runs: before.runs + 2 });
    });

    it('the run list: filters on state, dryRun and period, fields, sort and paging headers', async () => {
      const p2Filter = `billingPeriod.startDateTime=${encodeURIComponent(P2[0])}`;
      const list = async (query: string) => {
        const res = await request(t.server).get(`${BILL_RUN_PATH}?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 200 });
        return res;
      };
      const all = await list(p2Filter);
      expect(all.body).toHaveLength(3);
      expect((all.body as Doc[]).map((r) => r.id)).toEqual(expect.arrayContaining([dryRun.id, p2Run.id]));
      expect(all.headers['x-total-count']).toBe('3');

      const dry = await list(`${p2Filter}&dryRun=true`);
      expect((dry.body as Doc[]).map((r) => r.id)).toEqual([dryRun.id]);
      const real = await list(`${p2Filter}&dryRun=false&state=completed`);
      expect((real.body as Doc[]).map((r) => r.dryRun)).toEqual([false, false]);
      expect((real.body as Doc[]).map((r) => r.id)).toContain(p2Run.id);
      expect((await list(`${p2Filter}&state=completedWithErrors`)).body).toEqual([]);
      const p1 = await list(`billingPeriod.startDateTime.gte=${encodeURIComponent(P1[0])}&billingPeriod.startDateTime.lt=${encodeURIComponent(P2[0])}&billDay=3`);
      expect((p1.body as Doc[]).map((r) => r.id)).toContain(p1Run.id);
      expect((p1.body as Doc[]).every((r) => r.billingPeriod.startDateTime === P1[0])).toBe(true);

      const projected = await list(`${p2Filter}&fields=state,counters.billsCreated`);
      for (const run of projected.body as Doc[]) {
        expect(Object.keys(run).sort()).toEqual(['@type', 'counters', 'href', 'id', 'state']);
        expect(Object.keys(run.counters)).toEqual(['billsCreated']);
      }

      const sorted = await list(`${p2Filter}&sort=requestedDate`);
      const dates = (sorted.body as Doc[]).map((r) => r.requestedDate as string);
      expect(dates).toEqual([...dates].sort());
      expect((sorted.body as Doc[])[0].id).toBe(dryRun.id);

      const page1 = await list(`${p2Filter}&sort=requestedDate&limit=2`);
      expect({ total: page1.headers['x-total-count'], count: page1.headers['x-result-count'], ids: (page1.body as Doc[]).map((r) => r.id) }).toEqual({
        total: '3',
        count: '2',
        ids: (sorted.body as Doc[]).slice(0, 2).map((r) => r.id),
      });
      const links = parseLink(page1.headers.link);
      expect(links.next).toMatchObject({ offset: 2, limit: 2 });
      const page2 = await list(`${p2Filter}&sort=requestedDate&limit=2&offset=2`);
      expect({ total: page2.headers['x-total-count'], count: page2.headers['x-result-count'], ids: (page2.body as Doc[]).map((r) => r.id) }).toEqual({
        total: '3',
        count: '1',
        ids: (sorted.body as Doc[]).slice(2).map((r) => r.id),
      });
      expect(parseLink(page2.headers.link).prev).toMatchObject({ offset: 0, limit: 2 });

      // retrieve with fields
      const one = await request(t.server).get(`${BILL_RUN_PATH}/${p2Run.id}?fields=state`);
      expect(one.body).toEqual({ id: p2Run.id, href: `${RUN_URL}${p2Run.id}`, '@type': 'BillRun', state: 'completed' });
    });
  });

  describe('a chunk whose billing transaction fails (12 accounts, bill day 20: chunks of 10 and 2)', () => {
    const PA = [Z('2026-09-20'), Z('2026-10-20')] as const;
    const PB = [Z('2026-10-20'), Z('2026-11-20')] as const;
    const cycle = { billCycle: 'month', billDay: 20 };
    let sorted: string[];

    beforeAll(async () => {
      const accounts: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        const account = await billingAccount(t, { billDay: 20 });
        accounts.push(account);
        await insertProduct(t, account, [quotePrice('recurring', 10)], LONG_AGO);
      }
      sorted = [...accounts].sort(byId); // chunks are consecutive ids
    });

    async function chunkOf(runId: string, account: string): Promise<{ chunk_no: number; state: string; error: string | null }> {
      const { rows } = await t.sql.query(`SELECT chunk_no, state, error FROM bill_run_chunk WHERE bill_run_id = $1 AND $2::uuid BETWEEN first_account_id AND last_account_id`, [runId, account]);
      return rows[0];
    }

    it('is rolled back whole and retried by the queue; once the cause is gone the retry bills it', async () => {
      const bad = sorted[2];
      const trigger = await failBillsOf(t, bad, 'fail_retry');
      try {
        const res = await postBillRun(t, { ...cycle, ...period(...PA) });
        expect(res.status).toBe(202);
        const runId = res.body.id as string;
        await waitUntil('the first failure', async () => (await trigger.failures()) >= 1);
        await waitUntil('the other chunk', async () => (await getRun(t, runId)).counters.chunksDone === 1);
        const during = await getRun(t, runId);
        expect(during.state).toBe('inProgress');
        expect(during.counters).toMatchObject({ accountsTotal: 12, chunksTotal: 2, chunksDone: 1, accountsBilled: 2, billsCreated: 2, accountsParked: 0 });
        // while in progress: the throughput so far and an estimated end after the start
        expect(during.throughput).toEqual({ accountsPerSecond: expect.any(Number) });
        expect(Date.parse(during.estimatedCompletionDateTime)).toBeGreaterThanOrEqual(Date.parse(during.startDateTime));
        expect(during.completionDateTime).toBeUndefined();
        expect(await chunkOf(runId, bad)).toEqual({ chunk_no: 0, state: 'pending', error: null });
        // the whole chunk rolled back: none of its 10 accounts has a bill
        const { rows } = await t.sql.query(`SELECT billing_account_id FROM customer_bill WHERE bill_run_id = $1`, [runId]);
        expect(rows.map((r) => r.billing_account_id).sort(byId)).toEqual(sorted.slice(10));
        await trigger.drop();

        const done = await waitForRun(t, runId);
        expect(done.state).toBe('completed');
        expect(done.counters).toMatchObject({ accountsTotal: 12, accountsBilled: 12, billsCreated: 12, ratesCreated: 12, accountsParked: 0, chunksDone: 2, amountBilled: [money('EUR', 120, 144)] });
        expect(done.parkedAccount).toEqual([]);
        expect(await trigger.failures()).toBeGreaterThanOrEqual(1);
      } finally {
        await trigger.drop();
      }
    });

    it('on its last attempt its accounts are parked with the error; the run ends completedWithErrors; a later run bills them', async () => {
      const bad = sorted[2];
      const foreign = sorted[11]; // in the other chunk: parked for a price in USD
      const usdProduct = await insertProduct(t, foreign, [quotePrice('recurring', 5, { currency: 'USD' })], { ...LONG_AGO, name: 'US add-on' });
      const trigger = await failBillsOf(t, bad, 'fail_park');
      let runId = '';
      try {
        const res = await postBillRun(t, { ...cycle, ...period(...PB) });
        runId = res.body.id as string;
        await waitUntil('the first failure', async () => (await trigger.failures()) >= 1);
        const chunk = await chunkOf(runId, bad);
        // an attempt that is not the last one throws (BullMQ retries it) and leaves the chunk pending
        await expect(runs.billChunk(runId, chunk.chunk_no, false)).rejects.toThrow(trigger.message);
        expect(await chunkOf(runId, bad)).toMatchObject({ state: 'pending' });
        // the last attempt parks every account of the chunk instead
        await runs.billChunk(runId, chunk.chunk_no, true);
        expect(await chunkOf(runId, bad)).toEqual({ chunk_no: chunk.chunk_no, state: 'failed', error: trigger.message });
      } finally {
        await trigger.drop();
      }
      const run = await waitForRun(t, runId);
      expect(run.state).toBe('completedWithErrors');
      expect(run.counters).toEqual({
        accountsTotal: 12,
        accountsBilled: 1,
        accountsParked: 11,
        accountsAlreadyBilled: 0,
        accountsWithoutCharges: 0,
        billsCreated: 1,
        ratesCreated: 1,
        chunksTotal: 2,
        chunksDone: 2,
        amountBilled: [money('EUR', 10, 12)],
      });
      const chunkReason = `the chunk billing this account failed: ${trigger.message}`;
      expect(run.parkedAccount).toEqual(
        [...sorted.slice(0, 10).map((id) => ({ id, reason: chunkReason })), { id: foreign, reason: `product ${usdProduct} (US add-on) is priced in USD but the account bills in EUR` }].map((p) => ({
          billingAccount: { id: p.id, href: `${ACCOUNT_HREF}${p.id}`, '@referredType': 'BillingAccount' },
          reason: p.reason,
        })),
      );
      const { rows } = await t.sql.query(`SELECT billing_account_id, reason FROM bill_run_parked_account WHERE bill_run_id = $1`, [runId]);
      expect(rows).toHaveLength(11);
      const { rows: billed } = await t.sql.query(`SELECT billing_account_id FROM customer_bill WHERE bill_run_id = $1`, [runId]);
      expect(billed).toEqual([{ billing_account_id: sorted[10] }]);

      // nothing is lost: the next run of the period bills the parked chunk (the foreign price still parks its account)
      const rerun = await runBillRun(t, { ...cycle, ...period(...PB) });
      expect(rerun.state).toBe('completedWithErrors');
      expect(rerun.counters).toMatchObject({ accountsTotal: 12, accountsBilled: 10, accountsAlreadyBilled: 1, accountsParked: 1, billsCreated: 10, amountBilled: [money('EUR', 100, 120)] });
      expect(rerun.parkedAccount).toEqual([{ billingAccount: { id: foreign, href: `${ACCOUNT_HREF}${foreign}`, '@referredType': 'BillingAccount' }, reason: expect.stringMatching(/priced in USD/) }]);
    });
  });

  describe('runs of the same period at once (15 accounts, bill day 22)', () => {
    const P = [Z('2026-09-22'), Z('2026-10-22')] as const;
    const cycle = { billCycle: 'month', billDay: 22 };
    const accounts: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 15; i += 1) {
        accounts.push(await billingAccount(t, { billDay: 22 }));
        await insertProduct(t, accounts[i], [quotePrice('recurring', 20)], LONG_AGO);
      }
      await pushUsage(t, accounts.map((a, i) => usageRecord(a, { id: `conc-${i}`, amount: 1, usageDate: '2026-10-01T00:00:00Z' })));
    });

    it('a dry run with no real run before it compares with nothing: the difference is its own figures', async () => {
      const dry = await runBillRun(t, { ...cycle, ...period(...P), dryRun: true });
      expect(dry.counters).toMatchObject({ accountsTotal: 15, billsCreated: 15, ratesCreated: 30, amountBilled: [money('EUR', 315, 378)] });
      expect(dry.comparison).toEqual({ difference: { billsCreated: 15, amountBilled: [money('EUR', 315, 378)] } });
    });

    it('three runs started together bill every account once: the accounts are locked, the bills and charges unique', async () => {
      const before = await tableCounts(t);
      const posted = await Promise.all([1, 2, 3].map(() => postBillRun(t, { ...cycle, ...period(...P) })));
      expect(posted.map((r) => r.status)).toEqual([202, 202, 202]);
      const done = await Promise.all(posted.map((r) => waitForRun(t, r.body.id)));
      expect(done.map((r) => r.state)).toEqual(['completed', 'completed', 'completed']);
      const sum = (key: string) => done.reduce((s, r) => s + (r.counters[key] as number), 0);
      expect({ billed: sum('accountsBilled'), already: sum('accountsAlreadyBilled'), bills: sum('billsCreated'), rates: sum('ratesCreated'), parked: sum('accountsParked') }).toEqual({
        billed: 15,
        already: 30,
        bills: 15,
        rates: 30,
        parked: 0,
      });
      const after = await tableCounts(t);
      expect({ bills: after.bills - before.bills, rates: after.rates - before.rates, usage: after.usageBilled - before.usageBilled }).toEqual({ bills: 15, rates: 30, usage: 15 });
      for (const a of accounts) expect((await billRows(t, a)).map((b) => b.tax_excluded_amount)).toEqual(['21.00']);
    });
  });

  describe('bill cycles', () => {
    const accounts: Record<string, string> = {};

    beforeAll(async () => {
      for (const [name, o, price] of [
        ['day15a', { billDay: 15 }, quotePrice('recurring', 10)],
        ['day15b', { billDay: 15 }, quotePrice('recurring', 11)],
        ['day1', { billDay: 1 }, quotePrice('recurring', 12)],
        ['quarter', { billDay: 1, billCycle: 'quarter' }, quotePrice('recurring', 90, { period: '3 month' })],
        ['year', { billDay: 1, billCycle: 'year' }, quotePrice('recurring', 120, { period: 'year' })],
      ] as const) {
        accounts[name] = await billingAccount(t, o);
        await insertProduct(t, accounts[name], [price], LONG_AGO);
      }
    });

    it('a billDay 1 run bills the bill-day-1 monthly accounts only', async () => {
      const run = await runBillRun(t, { billCycle: 'month', billDay: 1, ...period(Z('2026-10-01'), Z('2026-11-01')) });
      expect(run.counters).toMatchObject({ accountsTotal: 1, accountsBilled: 1, billsCreated: 1 });
      expect(await billRows(t, accounts.day1)).toEqual([expect.objectContaining({ bill_run_id: run.id, tax_excluded_amount: '12.00' })]);
      for (const name of ['day15a', 'day15b', 'quarter', 'year']) expect({ name, bills: await billRows(t, accounts[name]) }).toEqual({ name, bills: [] });
    });

    it('without billingPeriod a run closes the last closed cycle of its billCycle / billDay (defaults month and 1)', async () => {
      const check = async (body: Doc, cycle: 'month' | 'quarter' | 'year', billDay: number) => {
        const res = await postBillRun(t, body);
        expect(res.status).toBe(202);
        const closed = lastClosedPeriod(cycle, billDay, new Date(res.body.requestedDate));
        expect(res.body).toMatchObject({ billCycle: cycle, billDay, billingPeriod: { startDateTime: closed.start.toISOString(), endDateTime: closed.end.toISOString() } });
        return { run: await waitForRun(t, res.body.id), closed };
      };

      const day15 = await check({ billDay: 15 }, 'month', 15);
      expect(day15.run.counters).toMatchObject({ accountsTotal: 2, accountsBilled: 2, amountBilled: [money('EUR', 21, 25.2)] });
      const [bill] = await billRows(t, accounts.day15a);
      expect(bill).toMatchObject({ period_start: day15.closed.start.toISOString().slice(0, 10), period_end: day15.closed.end.toISOString().slice(0, 10) });
      const doc = (await request(t.server).get(`/tmf-api/customerBillManagement/v4/customerBill/${bill.id}`)).body as Doc;
      const next = new Date(day15.closed.end);
      next.setUTCMonth(next.getUTCMonth() + 1);
      expect(doc.nextBillDate).toBe(next.toISOString());

      const defaults = await check({}, 'month', 1);
      expect(defaults.run.counters).toMatchObject({ accountsTotal: 1 });

      const quarter = await check({ billCycle: 'quarter' }, 'quarter', 1);
      expect(quarter.run.counters).toMatchObject({ accountsTotal: 1, accountsBilled: 1, amountBilled: [money('EUR', 90, 108)] });
      const [qBill] = await billsOfRun(quarter.run.id);
      const qNext = new Date(quarter.closed.end);
      qNext.setUTCMonth(qNext.getUTCMonth() + 3);
      expect(qBill).toMatchObject({ billingPeriod: { startDateTime: quarter.closed.start.toISOString(), endDateTime: quarter.closed.end.toISOString() }, nextBillDate: qNext.toISOString() });

      const year = await check({ billCycle: 'year', description: 'annual' }, 'year', 1);
      expect(year.run.counters).toMatchObject({ accountsTotal: 1, accountsBilled: 1, amountBilled: [money('EUR', 120, 144)] });
    });

    async function billsOfRun(runId: string): Promise<Doc[]> {
      const { rows } = await t.sql.query<{ doc: Doc }>(`SELECT doc FROM customer_bill WHERE bill_run_id = $1`, [runId]);
      return rows.map((r) => r.doc);
    }
  });

  describe('bad requests', () => {
    const bad = (name: string, body: unknown, contentType?: string, expectStatus = 400) => ({ name, method: 'POST' as const, path: BILL_RUN_PATH, body, contentType, expect: expectStatus });
    const p = (start: string, end: string) => ({ billingPeriod: { startDateTime: start, endDateTime: end } });

    it('every bad request → 400 TMF Error (415 for a wrong content type), nothing created', async () => {
      const before = await tableCounts(t);
      const { rows: chunksBefore } = await t.sql.query(`SELECT count(*)::int AS n FROM bill_run_chunk`);
      await expectAllClientErrors(t, [
        bad('end before start', p(Z('2026-11-01'), Z('2026-10-01'))),
        bad('end equal to start', p(Z('2026-11-01'), Z('2026-11-01'))),
        bad('a period of 367 days', p(Z('2026-01-01'), Z('2027-01-03'))),
        bad('a period of ten years', p(Z('2020-01-01'), Z('2030-01-01'))),
        bad('only a start', { billingPeriod: { startDateTime: Z('2026-10-01') } }),
        bad('only an end', { billingPeriod: { endDateTime: Z('2026-10-01') } }),
        bad('an empty billingPeriod', { billingPeriod: {} }),
        bad('a start that is no date', p('yesterday', Z('2026-10-01'))),
        bad('a date without time', p('2026-10-01', '2026-11-01')),
        bad('billingPeriod a string', { billingPeriod: '2026-10' }),
        bad('billDay 29', { billDay: 29 }),
        bad('billDay 0', { billDay: 0 }),
        bad('billDay -1', { billDay: -1 }),
        bad('billDay 1.5', { billDay: 1.5 }),
        bad('billDay as a string', { billDay: '1' }),
        bad('unknown billCycle', { billCycle: 'week' }),
        bad('billCycle in capitals', { billCycle: 'Month' }),
        bad('billCycle a number', { billCycle: 1 }),
        bad('dryRun as a string', { dryRun: 'yes' }),
        bad('a description of 501 characters', { description: 'd'.repeat(501) }),
        bad('an unknown attribute', { billDay: 1, accounts: ['x'] }),
        bad('an unknown attribute in billingPeriod', { billingPeriod: { startDateTime: Z('2026-10-01'), endDateTime: Z('2026-11-01'), timeZone: 'CET' } }),
        bad('read-only state', { state: 'completed' }),
        bad('malformed JSON', '{"billDay": '),
        bad('a JSON array', '[]'),
        bad('a JSON string', '"month"'),
        bad('__proto__', '{"__proto__": {"billDay": 1}}'),
        bad('text/plain', 'billDay=1', 'text/plain', 415),
        bad('form data', 'billDay=1', 'application/x-www-form-urlencoded', 415),
      ]);
      expect(await tableCounts(t)).toEqual(before);
      const { rows: chunksAfter } = await t.sql.query(`SELECT count(*)::int AS n FROM bill_run_chunk`);
      expect(chunksAfter).toEqual(chunksBefore);
    });

    it('a period of exactly 366 days is accepted; a run selecting no account completes at once with zero counters', async () => {
      const res = await postBillRun(t, { billCycle: 'month', billDay: 27, ...period(Z('2027-01-01'), Z('2028-01-02')) });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ state: 'completed', completionDateTime: expect.any(String) });
      expect(res.body.counters).toEqual({
        accountsTotal: 0,
        accountsBilled: 0,
        accountsParked: 0,
        accountsAlreadyBilled: 0,
        accountsWithoutCharges: 0,
        billsCreated: 0,
        ratesCreated: 0,
        chunksTotal: 0,
        chunksDone: 0,
        amountBilled: [],
      });
      expect((await getRun(t, res.body.id)).state).toBe('completed');
    });

    it('GET of an unknown run → 404 TMF Error', async () => {
      expectTmfError(await request(t.server).get(`${BILL_RUN_PATH}/0190f3a0-0000-7000-8000-000000000000`), 404);
      expectTmfError(await request(t.server).get(`${BILL_RUN_PATH}/no-such-run`), 404);
    });
  });

  describe('a run with only a billingPeriod', () => {
    it('bills every account whatever its cycle; the next bill date is one period length after the end', async () => {
      const { rows } = await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_account`);
      const run = await runBillRun(t, period(Z('2030-01-01'), Z('2030-02-01')));
      expect(run.billCycle).toBeUndefined();
      expect(run.billDay).toBeUndefined();
      const c = run.counters;
      expect(c.accountsTotal).toBe(rows[0].n);
      expect(c.accountsBilled + c.accountsParked + c.accountsAlreadyBilled + c.accountsWithoutCharges).toBe(c.accountsTotal);
      expect(c.accountsBilled).toBeGreaterThan(30);
      expect(c.amountBilled).toEqual(await sqlAmounts(run.id));
      const { rows: dates } = await t.sql.query(`SELECT DISTINCT doc ->> 'nextBillDate' AS next FROM customer_bill WHERE bill_run_id = $1`, [run.id]);
      expect(dates).toEqual([{ next: Z('2030-03-04') }]);
    });
  });
});

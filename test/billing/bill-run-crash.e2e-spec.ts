// A bill run whose worker is killed (SIGKILL, a separate OS process) in the middle of the run, then replaced by a new
// worker: BullMQ's stalled-job check hands the killed worker's chunk jobs to the new one, and the run ends with every
// account billed exactly once, every usage record billed exactly once, and exact counters.
import request from 'supertest';
import { Doc } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { BILL_RUN_PATH, period, postBillRun, quotePrice, waitForRun } from './billing-factories';
import { killProcess, ServiceProcess, spawnService, waitForLine } from '../support/service-process';
import { sleep, workerEnv } from './customer-bill-helpers';

const ACCOUNTS = 600;
const CHUNK_SIZE = 20;
const CHUNKS = ACCOUNTS / CHUNK_SIZE;
const USAGE_PER_ACCOUNT = 10;
const OCT = period('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');

describe('bill run: a worker killed mid-run, then restarted', () => {
  let t: TestApp;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', listen: true, env: { BILL_RUN_CHUNK_SIZE: String(CHUNK_SIZE) } });
    // 600 customers and accounts (bill day 1, monthly), each with a discounted monthly plan and 10 usage records in October
    await t.sql.query(
      `WITH c AS (
         INSERT INTO customer (id, name, status, doc)
         SELECT gen_random_uuid(), 'Crash test customer ' || g, 'Approved', jsonb_build_object('name', 'Crash test customer ' || g, '@type', 'Customer')
           FROM generate_series(1, $1::int) g
         RETURNING id, name
       )
       INSERT INTO billing_account (id, customer_id, name, bill_cycle, bill_day, currency, tax_rate, created_at)
       SELECT gen_random_uuid(), id, name || ' billing account', 'month', 1, 'EUR', 0.2, '2026-09-01T00:00:00Z' FROM c`,
      [ACCOUNTS],
    );
    const price = [quotePrice('recurring', 30, { name: 'Mobile plan', discounts: [{ value: 5, name: 'Loyalty discount' }] })];
    await t.sql.query(
      `INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, quote_id, quote_item_id)
       SELECT gen_random_uuid(), customer_id, id, gen_random_uuid(), 'Business Mobile', 'active', 1, $1::jsonb, '2026-01-01T00:00:00Z', gen_random_uuid(), '1'
         FROM billing_account`,
      [JSON.stringify(price)],
    );
    await t.sql.query(
      `INSERT INTO usage_record (id, usage_id, billing_account_id, product_id, usage_date, usage_type, quantity, unit, amount, currency, description)
       SELECT gen_random_uuid(), 'u-' || k, a.id, p.id, timestamptz '2026-10-01T00:00:00Z' + (k * interval '2 days 3 hours'), 'data', k, 'GB',
              round(0.25 + (k % 7) * 0.37 + (ascii(a.id::text) % 5) * 0.013, 3), 'EUR', 'Mobile data'
         FROM billing_account a JOIN customer_product p ON p.billing_account_id = a.id CROSS JOIN generate_series(1, $1::int) k`,
      [USAGE_PER_ACCOUNT],
    );
  }, 60_000);

  afterAll(async () => {
    // the spawned workers never outlive the file, whatever happened in the test
    for (const p of processes) await killProcess(p, 'SIGKILL');
    await t?.close();
  });

  it('ends completed with one bill per account, every usage record billed once, and exact counters', async () => {
    const started = Date.now();
    const res = await postBillRun(t, { billCycle: 'month', billDay: 1, ...OCT }).expect(202);
    const runId = res.body.id as string;
    expect(res.body).toMatchObject({ state: 'acknowledged', counters: { accountsTotal: ACCOUNTS, chunksTotal: CHUNKS, chunksDone: 0 } });

    const chunksDone = async () =>
      (await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM bill_run_chunk WHERE bill_run_id = $1 AND state <> 'pending'`, [runId])).rows[0].n;

    // worker 1: a process of its own, killed as soon as a few chunks are done
    const first = spawnService(workerEnv(t, { BILL_RUN_CHUNK_SIZE: String(CHUNK_SIZE) }));
    processes.push(first);
    await waitForLine(first, /worker started/);
    const firstUp = Date.now();
    let done = 0;
    const deadline = Date.now() + 60_000;
    while ((done = await chunksDone()) < 3) {
      if (Date.now() > deadline) throw new Error(`worker 1 did not finish 3 chunks in 60 s; its output:\n${first.lines.slice(-30).join('\n')}`);
      await sleep(5);
    }
    await killProcess(first, 'SIGKILL');
    const killedAt = Date.now();
    expect(first.proc.signalCode).toBe('SIGKILL');
    const doneAtKill = await chunksDone();
    // the kill must land mid-run, or this test proves nothing
    expect({ doneWhenSeen: done, doneAtKill, mid: doneAtKill > 0 && doneAtKill < CHUNKS }).toEqual({ doneWhenSeen: done, doneAtKill, mid: true });
    const atKill = (await request(t.server).get(`${BILL_RUN_PATH}/${runId}`).expect(200)).body as Doc;
    expect(atKill.state).toBe('inProgress');

    // worker 2 picks up the rest; the killed worker's active chunk jobs come back through BullMQ's stalled-job check
    const second = spawnService(workerEnv(t, { BILL_RUN_CHUNK_SIZE: String(CHUNK_SIZE) }));
    processes.push(second);
    await waitForLine(second, /worker started/);
    const secondUp = Date.now();
    const run = await waitForRun(t, runId, 150_000);
    const finished = Date.now();
    process.stderr.write(
      `\nbill-run crash test: ${ACCOUNTS} accounts in ${CHUNKS} chunks; worker 1 up after ${firstUp - started} ms, killed ${killedAt - firstUp} ms later ` +
        `with ${doneAtKill}/${CHUNKS} chunks done; worker 2 up ${secondUp - killedAt} ms after the kill; run completed ${finished - killedAt} ms after the kill ` +
        `(${finished - started} ms in all)\n`,
    );

    // the run
    expect(run.state).toBe('completed');
    expect(run.completionDateTime).toEqual(expect.any(String));

    // exactly one bill per account, all from this run
    const bills = await t.sql.query<{ accounts: number; bills: number; distinct_numbers: number; excl: string; incl: string }>(
      `SELECT count(DISTINCT billing_account_id)::int AS accounts, count(*)::int AS bills, count(DISTINCT bill_no)::int AS distinct_numbers,
              sum(tax_excluded_amount)::text AS excl, sum(tax_included_amount)::text AS incl
         FROM customer_bill WHERE bill_run_id = $1`,
      [runId],
    );
    expect(bills.rows[0]).toMatchObject({ accounts: ACCOUNTS, bills: ACCOUNTS, distinct_numbers: ACCOUNTS });
    const twice = await t.sql.query(`SELECT billing_account_id FROM customer_bill GROUP BY 1 HAVING count(*) <> 1`);
    expect(twice.rows).toEqual([]);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM customer_bill`)).rows[0].n).toBe(ACCOUNTS);

    // every usage record billed exactly once, on the bill its row names
    const usage = await t.sql.query(
      `SELECT u.id, u.bill_id, count(r.id)::int AS rates, min(r.bill_id::text) AS rate_bill
         FROM usage_record u LEFT JOIN applied_billing_rate r ON r.billing_account_id = u.billing_account_id AND r.charge_key = 'us:' || u.id
        GROUP BY u.id, u.bill_id
       HAVING count(r.id) <> 1 OR u.bill_id IS NULL OR u.bill_id::text <> min(r.bill_id::text)`,
    );
    expect(usage.rows).toEqual([]);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM usage_record WHERE bill_id IS NOT NULL`)).rows[0].n).toBe(ACCOUNTS * USAGE_PER_ACCOUNT);

    // no charge key twice; every rate on a bill of this run; one plan, one discount and the usage per account
    expect((await t.sql.query(`SELECT billing_account_id, charge_key FROM applied_billing_rate GROUP BY 1, 2 HAVING count(*) > 1`)).rows).toEqual([]);
    const rates = await t.sql.query<{ type: string; n: number }>(
      `SELECT r.type, count(*)::int AS n FROM applied_billing_rate r LEFT JOIN customer_bill b ON b.id = r.bill_id AND b.bill_run_id = $1
        GROUP BY r.type, b.id IS NULL ORDER BY r.type`,
      [runId],
    );
    expect(rates.rows).toEqual([
      { type: 'appliedBillingCredit', n: ACCOUNTS },
      { type: 'recurringCharge', n: ACCOUNTS },
      { type: 'usageCharge', n: ACCOUNTS * USAGE_PER_ACCOUNT },
    ]);
    const ratesTotal = ACCOUNTS * (2 + USAGE_PER_ACCOUNT);

    // each bill adds up its lines
    const mismatched = await t.sql.query(
      `SELECT b.id FROM customer_bill b JOIN applied_billing_rate r ON r.bill_id = b.id GROUP BY b.id
       HAVING b.tax_excluded_amount <> sum((r.doc -> 'taxExcludedAmount' ->> 'value')::numeric)
           OR b.tax_included_amount <> sum((r.doc -> 'taxIncludedAmount' ->> 'value')::numeric)`,
    );
    expect(mismatched.rows).toEqual([]);

    // the chunks and the counters say exactly what was committed, nothing counted twice
    const chunks = await t.sql.query(
      `SELECT count(*)::int AS chunks, count(*) FILTER (WHERE state = 'done')::int AS done, sum(accounts)::int AS accounts,
              sum(bills_created)::int AS bills, sum(rates_created)::int AS rates, sum(accounts_parked)::int AS parked
         FROM bill_run_chunk WHERE bill_run_id = $1`,
      [runId],
    );
    expect(chunks.rows[0]).toEqual({ chunks: CHUNKS, done: CHUNKS, accounts: ACCOUNTS, bills: ACCOUNTS, rates: ratesTotal, parked: 0 });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM bill_run_parked_account WHERE bill_run_id = $1`, [runId])).rows[0].n).toBe(0);
    expect(run.counters).toEqual({
      accountsTotal: ACCOUNTS,
      accountsBilled: ACCOUNTS,
      accountsParked: 0,
      accountsAlreadyBilled: 0,
      accountsWithoutCharges: 0,
      billsCreated: ACCOUNTS,
      ratesCreated: ratesTotal,
      chunksTotal: CHUNKS,
      chunksDone: CHUNKS,
      amountBilled: [{ taxExcludedAmount: { unit: 'EUR', value: Number(bills.rows[0].excl) }, taxIncludedAmount: { unit: 'EUR', value: Number(bills.rows[0].incl) } }],
    });
    // the amount billed is what the data says: 25.00 net per plan plus the rounded usage
    const expected = await t.sql.query<{ excl: string }>(`SELECT (${ACCOUNTS} * 25 + sum(round(amount, 2)))::text AS excl FROM usage_record`);
    expect(Number(bills.rows[0].excl)).toBe(Number(expected.rows[0].excl));
  }, 300_000);
});

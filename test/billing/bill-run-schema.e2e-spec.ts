// The bill-run documents the API returns match their published schema (BillRun in openapi/bss-billing.json):
// a real run with a parked account, a dry run with its comparison, and a run in progress.
import { BillRunDto } from '../../src/billing/dto/bill-run.dto';
import { validateDocument } from '../../src/tmf/validation';
import { startTestApp, TestApp } from '../support/test-app';
import { billingAccount, insertProduct, period, postBillRun, quotePrice, runBillRun, waitForRun } from './billing-factories';

const OCTOBER = period('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');

describe('bill-run documents and their schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
  });
  afterAll(() => t.close());

  it('a run in progress, a completed run with a parked account and a dry run with its comparison are valid BillRun documents', async () => {
    const billed = await billingAccount(t);
    await insertProduct(t, billed, [quotePrice('recurring', 30, { discounts: [{ value: 3, duration: 2 }] }), quotePrice('oneTime', 10)], { start: '2026-10-10T00:00:00Z' });
    const parked = await billingAccount(t);
    await insertProduct(t, parked, [quotePrice('recurring', 30, { currency: 'USD' })], { start: '2026-01-01T00:00:00Z' });

    // no worker yet: the run stays acknowledged, with its planned counters
    const pending = (await postBillRun(t, { billCycle: 'month', billDay: 1, ...OCTOBER }).expect(202)).body;
    expect(pending.state).toBe('acknowledged');
    await validateDocument(BillRunDto, pending);

    await t.startWorker();
    const first = await waitForRun(t, pending.id);
    expect(first).toMatchObject({ state: 'completedWithErrors', counters: { accountsBilled: 1, accountsParked: 1 } });
    expect(first.parkedAccount).toHaveLength(1);
    await validateDocument(BillRunDto, first);

    const dry = await runBillRun(t, { billCycle: 'month', billDay: 1, ...OCTOBER, dryRun: true });
    expect(dry).toMatchObject({ state: 'completedWithErrors', dryRun: true, comparison: { billRun: { id: pending.id } } });
    // the strict validation refuses attributes the schema does not publish
    await validateDocument(BillRunDto, dry);
  });
});

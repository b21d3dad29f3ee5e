// Rating, end to end: bill runs over explicit periods bill hand-computed amounts — full months, proration (start and
// end mid-period), quarterly, yearly and weekly prices, one-time charges, discounts limited in time, usage, tax per
// line and per bill, other currencies, and accounts parked for a price in a foreign currency. Each test gives its
// accounts a bill day of their own and runs the month cycle of that day, so its runs bill its accounts only.
import request from 'supertest';
import { describeErrors, specAvailable, specValidator } from '../support/official-spec';
import { PUBLIC_BASE_URL, startTestApp, TestApp } from '../support/test-app';
import { BILL_DOCUMENT_PATH, billingAccount, billsOf, insertProduct, quotePrice, ratesOf, TMF678_BASE } from './billing-factories';
import { accountParties, billRows, billTotals, MONTH, plusDays, priceWithoutTaxRate, pushUsage, rateLines, RateLine, runForDay, usageRow } from './bill-run-helpers';
import { usageRecord } from './usage-helpers';

const SPEC = 'TMF678-CustomerBill-v4.0.0.swagger.json';
const ACCOUNT_HREF = `${PUBLIC_BASE_URL}/tmf-api/accountManagement/v4/billingAccount/`;
const BILL_HREF = `${PUBLIC_BASE_URL}${TMF678_BASE}/customerBill/`;
const RATE_HREF = `${PUBLIC_BASE_URL}${TMF678_BASE}/appliedCustomerBillingRate/`;
const Z = (date: string) => `${date}T00:00:00.000Z`;
const LONG_AGO = { start: Z('2026-01-01') };

describe('rating: what a bill run charges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    await t.startWorker();
  });
  afterAll(() => t.close());

  it('a full month of a monthly price: the CustomerBill and its AppliedCustomerBillingRate field by field', async () => {
    const account = await billingAccount(t, { billDay: 2 });
    const product = await insertProduct(t, account, [quotePrice('recurring', 30, { name: 'Mobile flat' })], { ...LONG_AGO, name: 'Business Mobile L' });
    const run = await runForDay(t, 2, MONTH.oct);
    expect(run).toMatchObject({ state: 'completed', billCycle: 'month', billDay: 2, billingPeriod: { startDateTime: MONTH.oct[0], endDateTime: MONTH.oct[1] } });
    expect(run.counters).toEqual({
      accountsTotal: 1,
      accountsBilled: 1,
      accountsParked: 0,
      accountsAlreadyBilled: 0,
      accountsWithoutCharges: 0,
      billsCreated: 1,
      ratesCreated: 1,
      chunksTotal: 1,
      chunksDone: 1,
      amountBilled: [{ taxExcludedAmount: { unit: 'EUR', value: 30 }, taxIncludedAmount: { unit: 'EUR', value: 36 } }],
    });

    const [row] = await billRows(t, account);
    expect(row).toMatchObject({ run_type: 'onCycle', bill_run_id: run.id, currency: 'EUR', tax_excluded_amount: '30.00', tax_included_amount: '36.00', period_start: '2026-10-01', period_end: '2026-11-01' });
    const billDate = run.requestedDate as string;
    const billNo = `B-${billDate.slice(0, 4)}${billDate.slice(5, 7)}-${row.bill_seq.padStart(8, '0')}`;
    expect(row.bill_no).toBe(billNo);
    expect(billNo).toMatch(/^B-\d{6}-\d{8}$/);
    const parties = await accountParties(t, account);
    const billingAccountRef = { id: account, href: `${ACCOUNT_HREF}${account}`, name: parties.name, '@referredType': 'BillingAccount' };

    const bills = await billsOf(t, account);
    expect(bills).toHaveLength(1);
    const bill = bills[0];
    expect(bill).toEqual({
      id: row.id,
      href: `${BILL_HREF}${row.id}`,
      '@type': 'CustomerBill',
      billNo,
      billDate,
      lastUpdate: billDate,
      billingPeriod: { startDateTime: MONTH.oct[0], endDateTime: MONTH.oct[1] },
      paymentDueDate: plusDays(billDate, 30),
      nextBillDate: Z('2026-12-01'),
      runType: 'onCycle',
      state: 'new',
      category: 'normal',
      amountDue: { unit: 'EUR', value: 36 },
      remainingAmount: { unit: 'EUR', value: 36 },
      taxExcludedAmount: { unit: 'EUR', value: 30 },
      taxIncludedAmount: { unit: 'EUR', value: 36 },
      taxItem: [{ taxCategory: 'VAT', taxRate: 0.2, taxAmount: { unit: 'EUR', value: 6 }, '@type': 'TaxItem' }],
      billingAccount: billingAccountRef,
      relatedParty: [{ id: parties.customerId, href: `${PUBLIC_BASE_URL}/tmf-api/customerManagement/v4/customer/${parties.customerId}`, name: parties.customerName, role: 'customer', '@referredType': 'Customer' }],
      billDocument: [
        { id: `${row.id}.html`, url: `${PUBLIC_BASE_URL}${BILL_DOCUMENT_PATH}/${row.id}.html`, name: `Bill ${billNo}`, mimeType: 'text/html', attachmentType: 'bill', '@type': 'AttachmentRefOrValue' },
        { id: `${row.id}.pdf`, url: `${PUBLIC_BASE_URL}${BILL_DOCUMENT_PATH}/${row.id}.pdf`, name: `Bill ${billNo}`, mimeType: 'application/pdf', attachmentType: 'bill', '@type': 'AttachmentRefOrValue' },
      ],
    });
    expect(await billTotals(t, row.id)).toEqual({ excl: '30.00', incl: '36.00', due: '36.00', remaining: '36.00', taxItems: [['0.2', '6.00']] });
    // retrieve answers the same document
    const retrieved = await request(t.server).get(`${TMF678_BASE}/customerBill/${row.id}`);
    expect({ status: retrieved.status, body: retrieved.body }).toEqual({ status: 200, body: bill });

    const rates = await ratesOf(t, row.id);
    expect(rates).toHaveLength(1);
    expect(rates[0]).toEqual({
      id: expect.any(String),
      href: `${RATE_HREF}${rates[0].id}`,
      '@type': 'AppliedCustomerBillingRate',
      name: 'Mobile flat',
      date: billDate,
      type: 'recurringCharge',
      isBilled: true,
      bill: { id: row.id, href: `${BILL_HREF}${row.id}`, '@referredType': 'CustomerBill' },
      billingAccount: billingAccountRef,
      product: { id: product, name: 'Business Mobile L', '@referredType': 'Product' },
      periodCoverage: { startDateTime: MONTH.oct[0], endDateTime: MONTH.oct[1] },
      taxExcludedAmount: { unit: 'EUR', value: 30 },
      taxIncludedAmount: { unit: 'EUR', value: 36 },
      appliedTax: [{ taxCategory: 'VAT', taxRate: 0.2, taxAmount: { unit: 'EUR', value: 6 }, '@type': 'AppliedBillingTaxRate' }],
    });
    expect(await rateLines(t, row.id)).toEqual([[`rc:${product}:1:${MONTH.oct[0]}`, 'recurringCharge', '30.00', '0.2', '6.00', '36.00', MONTH.oct[0], MONTH.oct[1]]]);

    // the bill documents it links to are served
    const html = await request(t.server).get(`${BILL_DOCUMENT_PATH}/${row.id}.html`);
    expect({ status: html.status, type: html.headers['content-type'] }).toEqual({ status: 200, type: expect.stringMatching(/^text\/html/) });
    expect(html.text).toContain(billNo);
    const pdf = await request(t.server)
      .get(`${BILL_DOCUMENT_PATH}/${row.id}.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect({ status: pdf.status, type: pdf.headers['content-type'] }).toEqual({ status: 200, type: expect.stringMatching(/^application\/pdf/) });
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('proration: a product starting mid-period and one ending mid-period are charged for their days (coverage shown)', async () => {
    const account = await billingAccount(t, { billDay: 3 });
    const starting = await insertProduct(t, account, [quotePrice('recurring', 30)], { start: Z('2026-10-16') });
    const ending = await insertProduct(t, account, [quotePrice('recurring', 49.99)], { start: Z('2026-01-01'), end: Z('2026-10-21') });
    // not in force in October: ended at its start, starts at its end
    await insertProduct(t, account, [quotePrice('recurring', 1000)], { start: Z('2026-01-01'), end: Z('2026-10-01') });
    const later = await insertProduct(t, account, [quotePrice('recurring', 12)], { start: Z('2026-11-01') });

    await runForDay(t, 3, MONTH.oct);
    const [oct] = await billRows(t, account);
    // 30 × 16/31 = 15.4838… → 15.48 (tax 3.096 → 3.10); 49.99 × 20/31 = 32.2516… → 32.25 (tax 6.45)
    expect(await rateLines(t, oct.id)).toEqual(
      [
        [`rc:${starting}:1:${Z('2026-10-16')}`, 'recurringCharge', '15.48', '0.2', '3.10', '18.58', Z('2026-10-16'), Z('2026-11-01')],
        [`rc:${ending}:1:${Z('2026-10-01')}`, 'recurringCharge', '32.25', '0.2', '6.45', '38.70', Z('2026-10-01'), Z('2026-10-21')],
      ].sort(byKey),
    );
    expect(await billTotals(t, oct.id)).toEqual({ excl: '47.73', incl: '57.28', due: '57.28', remaining: '57.28', taxItems: [['0.2', '9.55']] });
    const rates = await ratesOf(t, oct.id);
    expect(rates.find((r) => r.product.id === starting)?.periodCoverage).toEqual({ startDateTime: Z('2026-10-16'), endDateTime: Z('2026-11-01') });
    expect(rates.find((r) => r.product.id === ending)?.periodCoverage).toEqual({ startDateTime: Z('2026-10-01'), endDateTime: Z('2026-10-21') });

    // November: the started product for the whole month, the ended one no more, the new one from its start
    await runForDay(t, 3, MONTH.nov);
    const [, nov] = await billRows(t, account);
    expect(await rateLines(t, nov.id)).toEqual(
      [
        [`rc:${starting}:1:${Z('2026-11-01')}`, 'recurringCharge', '30.00', '0.2', '6.00', '36.00', Z('2026-11-01'), Z('2026-12-01')],
        [`rc:${later}:1:${Z('2026-11-01')}`, 'recurringCharge', '12.00', '0.2', '2.40', '14.40', Z('2026-11-01'), Z('2026-12-01')],
      ].sort(byKey),
    );
  });

  it("quarterly ('3 month'), yearly, weekly and two-weekly prices over a monthly period", async () => {
    const account = await billingAccount(t, { billDay: 4 });
    const quarterly = await insertProduct(t, account, [quotePrice('recurring', 100, { period: '3 month' })], LONG_AGO);
    const yearly = await insertProduct(t, account, [quotePrice('recurring', 100, { period: 'year' })], LONG_AGO);
    const weekly = await insertProduct(t, account, [quotePrice('recurring', 10, { period: 'week' })], LONG_AGO);
    const twoWeekly = await insertProduct(t, account, [quotePrice('recurring', 10, { period: '2 weeks' })], LONG_AGO);
    const run = await runForDay(t, 4, MONTH.oct);
    expect(run.state).toBe('completed');
    const [bill] = await billRows(t, account);
    const cov: [string, string] = [MONTH.oct[0], MONTH.oct[1]];
    expect(await rateLines(t, bill.id)).toEqual(
      [
        // 100 / 3 = 33.333… → 33.33 (tax 6.666 → 6.67)
        [`rc:${quarterly}:1:${cov[0]}`, 'recurringCharge', '33.33', '0.2', '6.67', '40.00', ...cov],
        // 100 / 12 = 8.333… → 8.33 (tax 1.666 → 1.67)
        [`rc:${yearly}:1:${cov[0]}`, 'recurringCharge', '8.33', '0.2', '1.67', '10.00', ...cov],
        // 10 × 31 days / 7 = 44.2857… → 44.29 (tax 8.858 → 8.86)
        [`rc:${weekly}:1:${cov[0]}`, 'recurringCharge', '44.29', '0.2', '8.86', '53.15', ...cov],
        // 10 × 31 / 14 = 22.1428… → 22.14 (tax 4.428 → 4.43)
        [`rc:${twoWeekly}:1:${cov[0]}`, 'recurringCharge', '22.14', '0.2', '4.43', '26.57', ...cov],
      ].sort(byKey),
    );
    expect(bill).toMatchObject({ tax_excluded_amount: '108.09', tax_included_amount: '129.72' });
  });

  it('a one-time charge (and its discount) of a product started in the period, never billed again', async () => {
    const account = await billingAccount(t, { billDay: 5 });
    const product = await insertProduct(
      t,
      account,
      [quotePrice('oneTime', 50, { name: 'Activation', discounts: [{ value: 5, name: 'Activation discount' }] }), quotePrice('recurring', 20, { name: 'Monthly fee' })],
      { start: Z('2026-10-10') },
    );
    // a one-time price of a product started before the period is not charged
    const older = await insertProduct(t, account, [quotePrice('oneTime', 99)], { start: Z('2026-09-30') });

    await runForDay(t, 5, MONTH.oct);
    const [oct] = await billRows(t, account);
    const at = Z('2026-10-10');
    expect(await rateLines(t, oct.id)).toEqual(
      [
        [`ot:${product}:1`, 'oneTimeCharge', '50.00', '0.2', '10.00', '60.00', at, at],
        [`od:${product}:1:1`, 'appliedBillingCredit', '-5.00', '0.2', '-1.00', '-6.00', at, at],
        // 20 × 22/31 = 14.1935… → 14.19 (tax 2.838 → 2.84)
        [`rc:${product}:2:${at}`, 'recurringCharge', '14.19', '0.2', '2.84', '17.03', at, Z('2026-11-01')],
      ].sort(byKey),
    );
    expect(await billTotals(t, oct.id)).toEqual({ excl: '59.19', incl: '71.03', due: '71.03', remaining: '71.03', taxItems: [['0.2', '11.84']] });
    const names = (await ratesOf(t, oct.id)).map((r) => [r.type, r.name]).sort();
    expect(names).toEqual([
      ['appliedBillingCredit', 'Activation discount'],
      ['oneTimeCharge', 'Activation'],
      ['recurringCharge', 'Monthly fee'],
    ]);

    await runForDay(t, 5, MONTH.nov);
    const bills = await billRows(t, account);
    expect(bills).toHaveLength(2);
    expect(await rateLines(t, bills[1].id)).toEqual([[`rc:${product}:2:${Z('2026-11-01')}`, 'recurringCharge', '20.00', '0.2', '4.00', '24.00', Z('2026-11-01'), Z('2026-12-01')]]);
    const { rows } = await t.sql.query(`SELECT 1 FROM applied_billing_rate WHERE product_id = $1`, [older]);
    expect(rows).toEqual([]);
  });

  it('discounts (appliedBillingCredit) are credited in the first applicationDuration months only; without duration always', async () => {
    const account = await billingAccount(t, { billDay: 6 });
    // gross 40 a month: 10 % (4.00) for ever, 10.00 for the first two months
    const product = await insertProduct(
      t,
      account,
      [quotePrice('recurring', 40, { discounts: [{ value: 4, name: 'Loyalty 10 %' }, { value: 10, duration: 2, name: 'Welcome' }] })],
      { start: Z('2026-10-01') },
    );
    // started in August with a two-month discount: nothing left to credit from October
    const older = await insertProduct(t, account, [quotePrice('recurring', 25, { discounts: [{ value: 5, duration: 2 }] })], { start: Z('2026-08-01') });

    const expected = (month: readonly string[], welcome: boolean): RateLine[] =>
      [
        [`rc:${product}:1:${month[0]}`, 'recurringCharge', '40.00', '0.2', '8.00', '48.00', month[0], month[1]],
        [`dc:${product}:1:1:${month[0]}`, 'appliedBillingCredit', '-4.00', '0.2', '-0.80', '-4.80', month[0], month[1]],
        ...(welcome ? [[`dc:${product}:1:2:${month[0]}`, 'appliedBillingCredit', '-10.00', '0.2', '-2.00', '-12.00', month[0], month[1]] as RateLine] : []),
        [`rc:${older}:1:${month[0]}`, 'recurringCharge', '25.00', '0.2', '5.00', '30.00', month[0], month[1]],
      ].sort(byKey) as RateLine[];

    for (const [month, welcome, excl, incl] of [
      [MONTH.oct, true, '51.00', '61.20'],
      [MONTH.nov, true, '51.00', '61.20'],
      [MONTH.dec, false, '61.00', '73.20'],
    ] as const) {
      await runForDay(t, 6, month);
      const bill = (await billRows(t, account)).find((b) => Z(b.period_start) === month[0]);
      expect({ month: month[0], lines: await rateLines(t, bill!.id) }).toEqual({ month: month[0], lines: expected(month, welcome) });
      expect({ month: month[0], excl: bill!.tax_excluded_amount, incl: bill!.tax_included_amount }).toEqual({ month: month[0], excl, incl });
    }
    const credits = (await ratesOf(t, (await billRows(t, account))[0].id)).filter((r) => r.type === 'appliedBillingCredit');
    expect(credits.map((r) => r.name).sort()).toEqual(['Loyalty 10 %', 'Welcome']);
  });

  it('a limited discount of a product started mid-month credits exactly its duration across the bills', async () => {
    const account = await billingAccount(t, { billDay: 19 });
    // 31.00 a month from 16 October, 10.00 off for one month: October credits 16/31 of it, November the rest
    const product = await insertProduct(t, account, [quotePrice('recurring', 31, { discounts: [{ value: 10, duration: 1, name: 'Welcome' }] })], {
      start: Z('2026-10-16'),
    });
    const credits: string[] = [];
    for (const month of [MONTH.oct, MONTH.nov, MONTH.dec]) {
      await runForDay(t, 19, month);
      const bill = (await billRows(t, account)).find((b) => Z(b.period_start) === month[0]);
      credits.push(...(await rateLines(t, bill!.id)).filter((l) => l[1] === 'appliedBillingCredit').map((l) => l[2]));
    }
    expect(credits).toEqual(['-5.16', '-4.84']);
    const { rows } = await t.sql.query(`SELECT sum((doc -> 'taxExcludedAmount' ->> 'value')::numeric) AS total FROM applied_billing_rate WHERE product_id = $1 AND type = 'appliedBillingCredit'`, [product]);
    expect(rows[0].total).toBe('-10.00');
  });

  it('usage: rounded, taxed at the product usage price rate or else the account rate; earlier usage too, later usage on the next bill', async () => {
    const account = await billingAccount(t, { billDay: 7, taxRate: '0.19' });
    const withUsagePrice = await insertProduct(t, account, [quotePrice('recurring', 10), quotePrice('usage', 0, { taxRate: 0.1 })], LONG_AGO);
    const withoutUsagePrice = await insertProduct(t, account, [quotePrice('recurring', 10)], LONG_AGO);
    await pushUsage(t, [
      usageRecord(account, { id: 'rt-u1', productId: withUsagePrice, amount: 0.755, quantity: 1.5, unit: 'GB', usageDate: '2026-10-05T10:00:00Z' }),
      usageRecord(account, { id: 'rt-u2', amount: 1.234, quantity: 12, unit: 'min', usageType: 'voice', description: 'Calls abroad', usageDate: '2026-10-20T08:00:00Z' }),
      usageRecord(account, { id: 'rt-u3', productId: withoutUsagePrice, amount: 2.345, quantity: 3, unit: 'GB', usageDate: '2026-10-31T23:59:59Z' }),
      usageRecord(account, { id: 'rt-u4', amount: 0.5, quantity: 1, unit: 'SMS', usageType: 'sms', usageDate: '2026-09-15T12:00:00Z' }),
      usageRecord(account, { id: 'rt-u5', amount: 3, quantity: 6, unit: 'GB', usageDate: '2026-11-01T00:00:00Z' }),
    ]);
    const u = Object.fromEntries(await Promise.all(['rt-u1', 'rt-u2', 'rt-u3', 'rt-u4', 'rt-u5'].map(async (id) => [id, await usageRow(t, id)] as const)));

    await runForDay(t, 7, MONTH.oct);
    const [oct] = await billRows(t, account);
    const at = (iso: string) => [iso, iso] as [string, string];
    expect(await rateLines(t, oct.id)).toEqual(
      [
        [`rc:${withUsagePrice}:1:${MONTH.oct[0]}`, 'recurringCharge', '10.00', '0.2', '2.00', '12.00', MONTH.oct[0], MONTH.oct[1]],
        [`rc:${withoutUsagePrice}:1:${MONTH.oct[0]}`, 'recurringCharge', '10.00', '0.2', '2.00', '12.00', MONTH.oct[0], MONTH.oct[1]],
        // 0.755 → 0.76, at the usage price's 10 %: 0.076 → 0.08
        [`us:${u['rt-u1'].id}`, 'usageCharge', '0.76', '0.1', '0.08', '0.84', ...at('2026-10-05T10:00:00.000Z')],
        // 1.234 → 1.23, at the account's 19 %: 0.2337 → 0.23
        [`us:${u['rt-u2'].id}`, 'usageCharge', '1.23', '0.19', '0.23', '1.46', ...at('2026-10-20T08:00:00.000Z')],
        // the product has no usage price: the account's 19 %; 2.345 → 2.35, 0.4465 → 0.45
        [`us:${u['rt-u3'].id}`, 'usageCharge', '2.35', '0.19', '0.45', '2.80', ...at('2026-10-31T23:59:59.000Z')],
        // September usage not billed yet: on this bill; 0.50 × 0.19 = 0.095 → 0.10
        [`us:${u['rt-u4'].id}`, 'usageCharge', '0.50', '0.19', '0.10', '0.60', ...at('2026-09-15T12:00:00.000Z')],
      ].sort(byKey),
    );
    expect(await billTotals(t, oct.id)).toEqual({
      excl: '24.84',
      incl: '29.70',
      due: '29.70',
      remaining: '29.70',
      taxItems: [
        ['0.1', '0.08'],
        ['0.19', '0.78'],
        ['0.2', '4.00'],
      ],
    });
    const usageRates = (await ratesOf(t, oct.id)).filter((r) => r.type === 'usageCharge');
    const u1 = usageRates.find((r) => r.product?.id === withUsagePrice);
    expect(u1).toMatchObject({
      name: 'data',
      description: '1.5 GB',
      characteristic: [
        { name: 'quantity', value: 1.5, valueType: 'number', '@type': 'AppliedBillingRateCharacteristic' },
        { name: 'unit', value: 'GB', valueType: 'string', '@type': 'AppliedBillingRateCharacteristic' },
      ],
    });
    expect(usageRates.find((r) => r.description === '12 min')).toMatchObject({ name: 'Calls abroad' });
    expect(usageRates.find((r) => r.description === '12 min')?.product).toBeUndefined();
    for (const id of ['rt-u1', 'rt-u2', 'rt-u3', 'rt-u4']) expect({ id, bill: (await usageRow(t, id)).bill_id }).toEqual({ id, bill: oct.id });
    expect((await usageRow(t, 'rt-u5')).bill_id).toBeNull();

    // the usage dated at the period end goes on November's bill, none of October's again
    await runForDay(t, 7, MONTH.nov);
    const [, nov] = await billRows(t, account);
    const novUsage = (await rateLines(t, nov.id)).filter((l) => l[1] === 'usageCharge');
    expect(novUsage).toEqual([[`us:${u['rt-u5'].id}`, 'usageCharge', '3.00', '0.19', '0.57', '3.57', ...at('2026-11-01T00:00:00.000Z')]]);
    expect((await usageRow(t, 'rt-u5')).bill_id).toBe(nov.id);
  });

  it('tax per line (the price rate, else the account rate) and per bill (one taxItem per rate; included = excluded + taxes)', async () => {
    const account = await billingAccount(t, { billDay: 8, taxRate: '0.19' });
    const a = await insertProduct(t, account, [priceWithoutTaxRate('recurring', 19.99)], LONG_AGO);
    const b = await insertProduct(t, account, [quotePrice('recurring', 30, { taxRate: 0.2 })], LONG_AGO);
    const c = await insertProduct(t, account, [quotePrice('recurring', 12.34, { taxRate: 0 })], LONG_AGO);
    const d = await insertProduct(t, account, [quotePrice('oneTime', 9.99, { taxRate: 0.07 })], { start: Z('2026-10-03') });
    await runForDay(t, 8, MONTH.oct);
    const [bill] = await billRows(t, account);
    const lines = await rateLines(t, bill.id);
    expect(lines).toEqual(
      [
        [`rc:${a}:1:${MONTH.oct[0]}`, 'recurringCharge', '19.99', '0.19', '3.80', '23.79', MONTH.oct[0], MONTH.oct[1]], // 3.7981 → 3.80
        [`rc:${b}:1:${MONTH.oct[0]}`, 'recurringCharge', '30.00', '0.2', '6.00', '36.00', MONTH.oct[0], MONTH.oct[1]],
        [`rc:${c}:1:${MONTH.oct[0]}`, 'recurringCharge', '12.34', '0', '0.00', '12.34', MONTH.oct[0], MONTH.oct[1]],
        [`ot:${d}:1`, 'oneTimeCharge', '9.99', '0.07', '0.70', '10.69', Z('2026-10-03'), Z('2026-10-03')], // 0.6993 → 0.70
      ].sort(byKey),
    );
    expect(await billTotals(t, bill.id)).toEqual({
      excl: '72.32',
      incl: '82.82',
      due: '82.82',
      remaining: '82.82',
      taxItems: [
        ['0', '0.00'],
        ['0.07', '0.70'],
        ['0.19', '3.80'],
        ['0.2', '6.00'],
      ],
    });
    // the same through the API: each line's included amount is its excluded amount plus its tax; the bill sums them
    const [doc] = await billsOf(t, account);
    expect(doc.taxItem).toEqual([
      { taxCategory: 'VAT', taxRate: 0, taxAmount: { unit: 'EUR', value: 0 }, '@type': 'TaxItem' },
      { taxCategory: 'VAT', taxRate: 0.07, taxAmount: { unit: 'EUR', value: 0.7 }, '@type': 'TaxItem' },
      { taxCategory: 'VAT', taxRate: 0.19, taxAmount: { unit: 'EUR', value: 3.8 }, '@type': 'TaxItem' },
      { taxCategory: 'VAT', taxRate: 0.2, taxAmount: { unit: 'EUR', value: 6 }, '@type': 'TaxItem' },
    ]);
    const cents = (v: number) => Math.round(v * 100);
    const rates = await ratesOf(t, bill.id);
    for (const r of rates) expect(cents(r.taxIncludedAmount.value)).toBe(cents(r.taxExcludedAmount.value) + cents(r.appliedTax[0].taxAmount.value));
    expect(rates.reduce((s, r) => s + cents(r.taxIncludedAmount.value), 0)).toBe(cents(doc.taxIncludedAmount.value));
    expect(rates.reduce((s, r) => s + cents(r.taxExcludedAmount.value), 0)).toBe(cents(doc.taxExcludedAmount.value));
    expect(cents(doc.taxExcludedAmount.value) + doc.taxItem.reduce((s: number, i: { taxAmount: { value: number } }) => s + cents(i.taxAmount.value), 0)).toBe(cents(doc.taxIncludedAmount.value));
  });

  it('a USD account is billed in USD (and a JPY account in whole yen)', async () => {
    const usd = await billingAccount(t, { billDay: 9, currency: 'USD', taxRate: '0.1' });
    const usdProduct = await insertProduct(t, usd, [quotePrice('recurring', 99.99, { currency: 'USD', taxRate: 0.1 })], LONG_AGO);
    const jpy = await billingAccount(t, { billDay: 9, currency: 'JPY', taxRate: '0.1' });
    const jpyProduct = await insertProduct(t, jpy, [quotePrice('recurring', 1234, { currency: 'JPY', taxRate: 0.1 })], { start: Z('2026-10-16') });
    const run = await runForDay(t, 9, MONTH.oct);
    expect(run.counters.amountBilled).toEqual([
      { taxExcludedAmount: { unit: 'JPY', value: 637 }, taxIncludedAmount: { unit: 'JPY', value: 701 } },
      { taxExcludedAmount: { unit: 'USD', value: 99.99 }, taxIncludedAmount: { unit: 'USD', value: 109.99 } },
    ]);

    const [usdBill] = await billRows(t, usd);
    expect(usdBill).toMatchObject({ currency: 'USD', tax_excluded_amount: '99.99', tax_included_amount: '109.99' });
    // 99.99 × 0.1 = 9.999 → 10.00
    expect(await rateLines(t, usdBill.id)).toEqual([[`rc:${usdProduct}:1:${MONTH.oct[0]}`, 'recurringCharge', '99.99', '0.1', '10.00', '109.99', MONTH.oct[0], MONTH.oct[1]]]);
    const [usdDoc] = await billsOf(t, usd);
    expect(usdDoc).toMatchObject({
      amountDue: { unit: 'USD', value: 109.99 },
      remainingAmount: { unit: 'USD', value: 109.99 },
      taxExcludedAmount: { unit: 'USD', value: 99.99 },
      taxIncludedAmount: { unit: 'USD', value: 109.99 },
      taxItem: [{ taxRate: 0.1, taxAmount: { unit: 'USD', value: 10 } }],
    });
    const [usdRate] = await ratesOf(t, usdBill.id);
    expect(usdRate).toMatchObject({ taxExcludedAmount: { unit: 'USD', value: 99.99 }, appliedTax: [{ taxAmount: { unit: 'USD', value: 10 } }] });

    // 1234 × 16/31 = 636.9… → 637 yen; tax 63.7 → 64
    const [jpyBill] = await billRows(t, jpy);
    expect(jpyBill).toMatchObject({ currency: 'JPY', tax_excluded_amount: '637.00', tax_included_amount: '701.00' });
    expect(await rateLines(t, jpyBill.id)).toEqual([[`rc:${jpyProduct}:1:${Z('2026-10-16')}`, 'recurringCharge', '637', '0.1', '64', '701', Z('2026-10-16'), MONTH.oct[1]]]);
  });

  it('a product priced in another currency than its account (or with an unreadable charge period) parks the account, billed nothing', async () => {
    const parked = await billingAccount(t, { billDay: 10 });
    await insertProduct(t, parked, [quotePrice('recurring', 30)], LONG_AGO);
    const foreign = await insertProduct(t, parked, [quotePrice('recurring', 10, { currency: 'USD' })], { ...LONG_AGO, name: 'Roaming Pack' });
    const odd = await billingAccount(t, { billDay: 10 });
    const oddProduct = await insertProduct(t, odd, [quotePrice('recurring', 10, { period: 'fortnight' })], { ...LONG_AGO, name: 'Odd' });
    const fine = await billingAccount(t, { billDay: 10 });
    await insertProduct(t, fine, [quotePrice('recurring', 10)], LONG_AGO);

    const run = await runForDay(t, 10, MONTH.oct);
    expect(run.state).toBe('completedWithErrors');
    expect(run.counters).toMatchObject({ accountsTotal: 3, accountsParked: 2, accountsBilled: 1, billsCreated: 1, ratesCreated: 1, accountsWithoutCharges: 0 });
    const parkedList = [...(run.parkedAccount as { billingAccount: { id: string } }[])].sort((x, y) => x.billingAccount.id.localeCompare(y.billingAccount.id));
    expect(parkedList).toEqual(
      [
        {
          billingAccount: { id: parked, href: `${ACCOUNT_HREF}${parked}`, '@referredType': 'BillingAccount' },
          reason: `product ${foreign} (Roaming Pack) is priced in USD but the account bills in EUR`,
        },
        {
          billingAccount: { id: odd, href: `${ACCOUNT_HREF}${odd}`, '@referredType': 'BillingAccount' },
          reason: `product ${oddProduct} (Odd) has a recurring price with a charge period that cannot be read (fortnight)`,
        },
      ].sort((x, y) => x.billingAccount.id.localeCompare(y.billingAccount.id)),
    );
    expect(await billRows(t, parked)).toEqual([]);
    expect(await billRows(t, odd)).toEqual([]);
    const { rows } = await t.sql.query(`SELECT 1 FROM applied_billing_rate WHERE billing_account_id = ANY($1::uuid[])`, [[parked, odd]]);
    expect(rows).toEqual([]);
    expect(await billRows(t, fine)).toHaveLength(1);
  });

  (specAvailable(SPEC) ? describe : describe.skip)('against the official TMF678 v4.0.0 schema', () => {
    it('a bill and each kind of rate (recurring, discount, one-time, usage) are valid CustomerBill / AppliedCustomerBillingRate', async () => {
      const account = await billingAccount(t, { billDay: 11 });
      const product = await insertProduct(
        t,
        account,
        [quotePrice('recurring', 40, { discounts: [{ value: 5, duration: 1 }] }), quotePrice('oneTime', 20), quotePrice('usage', 0, { taxRate: 0.1 })],
        { start: Z('2026-10-05') },
      );
      await pushUsage(t, [usageRecord(account, { productId: product, usageDate: '2026-10-06T00:00:00Z' })]);
      await runForDay(t, 11, MONTH.oct);
      const [bill] = await billsOf(t, account);
      const validateBill = specValidator(SPEC, 'CustomerBill');
      expect({ valid: validateBill(bill), errors: describeErrors(validateBill) }).toEqual({ valid: true, errors: '' });
      const rates = await ratesOf(t, bill.id as string);
      expect(rates.map((r) => r.type).sort()).toEqual(['appliedBillingCredit', 'oneTimeCharge', 'recurringCharge', 'usageCharge']);
      const validateRate = specValidator(SPEC, 'AppliedCustomerBillingRate');
      for (const rate of rates) expect({ type: rate.type, valid: validateRate(rate), errors: describeErrors(validateRate) }).toEqual({ type: rate.type, valid: true, errors: '' });
    });
  });
});

/** Rate lines in charge-key order (code points, as rateLines sorts them). */
function byKey(a: unknown[], b: unknown[]): number {
  return String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;
}

// Closes one billing cycle for `npm run demo`, through the API itself: rated usage for the demo accounts that own
// products with usage prices (mobile data, calls, SMS; IoT data), pushed to the usage intake as a billing pipeline
// would, then a bill run for the calendar month that contains now, polled until it has completed. The bills it
// makes (TMF678 customerBill, with HTML and PDF documents) are what the demo shows. Runs only when there are no
// bills yet; otherwise it only reads what the last run made.
//
// Usage records say how much was used (GB, minutes, SMS) and what it costs (the rate of the product's usage price
// in the accepted quote, tax excluded, in the price's currency). The products' ids are not served by any API yet,
// so records name only the billing account (they are then taxed at the account's rate).

const CUSTOMER_API = '/tmf-api/customerManagement/v4';
const QUOTE_API = '/tmf-api/quoteManagement/v4';
const BILL_API = '/tmf-api/customerBillManagement/v4';
const BILLING_API = '/bss/billing/v1';

/** How long a bill run may take before the demo gives up (300 accounts take a few seconds). */
const RUN_TIMEOUT_MS = 5 * 60 * 1000;
/** Records per usage request (the intake takes up to 10,000). */
const USAGE_BATCH = 5000;

/**
 * The kinds of usage, recognised by the unit of a quote item's usage price ('1 GB', '1 minute'): the usage type
 * and unit of the records, and how much one line (phone, SIM) uses per record, [min, max]. SMS are not priced in
 * the catalog: the pipeline rates them at `SMS_RATE` for every item that has a voice price (a phone).
 */
const KINDS = {
  data: { usageType: 'data', unit: 'GB', perLine: [0.05, 1.5], decimals: 2 },
  voice: { usageType: 'voice', unit: 'min', perLine: [2, 30], decimals: 0 },
  sms: { usageType: 'sms', unit: 'SMS', perLine: [1, 25], decimals: 0 },
};
/** IoT SIMs use far less than phones: a pool's overage is a small share of its SIMs' data. */
const IOT_DATA_PER_LINE = [0.001, 0.01];
const SMS_RATE = 0.09;
/** Records per usage kind and account: usage is delivered in a few batches over the period. */
const RECORDS_PER_KIND = 2;

/** Small seeded PRNG (as in demo-data.mjs) so every demo run makes the same choices. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A 32-bit seed from a string (FNV-1a). */
function seedOf(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const round = (value, decimals) => Math.round(value * 10 ** decimals) / 10 ** decimals;

async function request(method, url, body, expected) {
  const res = await fetch(url, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (res.status !== expected) throw new Error(`demo billing: ${method} ${url} answered ${res.status} (expected ${expected}): ${await res.text()}`);
  return res;
}
const getJson = async (url) => (await request('GET', url, undefined, 200)).json();
const totalCount = async (url) => Number((await request('GET', url, undefined, 200)).headers.get('x-total-count'));

/** Every item of a TMF630 list, page by page. */
async function listAll(url) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await getJson(`${url}${url.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`);
    items.push(...page);
    if (page.length < 1000) return items;
  }
}

/** The calendar month (UTC) that contains `now`: the period the demo closes. */
export function currentMonth(now = new Date()) {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/**
 * The billing accounts that own products with usage prices, from the accepted quotes (TMF648) and the customers'
 * accounts (TMF629): `[{ id, key, currency, usage: [{ kind, name, rate, lines, iot }] }]`, in a stable order. An
 * item's products are billed to the item's product.billingAccount, else the quote's first billingAccount, else the
 * customer's billing account (what acceptance does).
 */
export async function usageAccountsFromQuotes(baseUrl) {
  const customers = await listAll(`${baseUrl}${CUSTOMER_API}/customer?fields=id,name,account`);
  const defaultAccount = new Map(customers.map((c) => [c.id.toLowerCase(), (c.account ?? []).find((a) => a['@referredType'] === 'BillingAccount')?.id]));
  // the PRNG key of an account: its customer's name (the demo names are numbered), not the id the server drew
  const keys = new Map(customers.flatMap((c) => (c.account ?? []).map((a, i) => [a.id, `${c.name} #${i + 1}`])));
  const quotes = await listAll(`${baseUrl}${QUOTE_API}/quote?state=accepted&fields=id,externalId,relatedParty,billingAccount,quoteItem`);
  quotes.sort((a, b) => String(a.externalId ?? a.id).localeCompare(String(b.externalId ?? b.id)));

  const accounts = new Map();
  const flatten = (items) => (items ?? []).flatMap((item) => [item, ...flatten(item.quoteItem)]);
  for (const quote of quotes) {
    const customerId = quote.relatedParty?.find((p) => p.role === 'customer')?.id?.toLowerCase();
    for (const item of flatten(quote.quoteItem).filter((i) => i.action === 'add')) {
      const accountId = item.product?.billingAccount?.id ?? quote.billingAccount?.[0]?.id ?? defaultAccount.get(customerId);
      const usagePrices = (item.quoteItemPrice ?? []).filter((p) => p.priceType === 'usage' && p.price?.dutyFreeAmount);
      if (!accountId || !usagePrices.length) continue;
      const account = accounts.get(accountId) ?? { id: accountId, key: keys.get(accountId) ?? accountId, currency: undefined, usage: [] };
      accounts.set(accountId, account);
      const lines = item.quantity ?? 1;
      const iot = /IoT/i.test(item.productOffering?.name ?? '');
      for (const p of usagePrices) {
        const unit = String(p.unitOfMeasure ?? '').replace(/^[\d.]+\s*/, '');
        const kind = /^GB$/i.test(unit) ? 'data' : /^min(ute)?s?$/i.test(unit) ? 'voice' : undefined;
        if (!kind) continue;
        account.currency ??= p.price.dutyFreeAmount.unit;
        account.usage.push({ kind, name: p.name ?? KINDS[kind].usageType, rate: p.price.dutyFreeAmount.value, lines, iot });
        if (kind === 'voice') account.usage.push({ kind: 'sms', name: 'SMS outside the EU', rate: SMS_RATE, lines, iot });
      }
    }
  }
  return [...accounts.values()].filter((a) => a.usage.length);
}

/**
 * A usage profile for an account that owns no quoted products (a fresh customer's account, e.g. for the TMF678
 * conformance kit): `lines` company phones with mobile data, calls and SMS at the demo catalog's rates.
 */
export function mobileFleetAccount(id, key, { lines = 10, currency = 'EUR' } = {}) {
  return {
    id,
    key,
    currency,
    usage: [
      { kind: 'data', name: 'Mobile data beyond the allowance, per GB', rate: 2, lines, iot: false },
      { kind: 'voice', name: 'Calls outside the EU, per minute', rate: 0.19, lines, iot: false },
      { kind: 'sms', name: 'SMS outside the EU', rate: SMS_RATE, lines, iot: false },
    ],
  };
}

/**
 * The rated usage records of `accounts` for `period`, dated between the period's start and `now` (usage is not
 * dated in the future), the same for the same accounts, period and day. Ids are unique per account and period, so
 * pushing them again stores nothing twice.
 */
export function demoUsageRecords(accounts, period, now = new Date()) {
  const month = period.start.toISOString().slice(0, 7);
  const from = period.start.getTime();
  const until = Math.max(from, Math.min(now.getTime(), period.end.getTime() - 1000));
  const records = [];
  for (const account of accounts) {
    const rnd = prng(seedOf(`${account.key} ${month}`));
    let n = 0;
    for (const use of account.usage) {
      const kind = KINDS[use.kind];
      const [min, max] = use.iot && use.kind === 'data' ? IOT_DATA_PER_LINE : kind.perLine;
      for (let i = 0; i < RECORDS_PER_KIND; i++) {
        const quantity = Math.max(10 ** -kind.decimals, round(use.lines * (min + rnd() * (max - min)), kind.decimals));
        // spread over the elapsed part of the period, one delivery per share of it
        const at = from + ((i + rnd()) / RECORDS_PER_KIND) * (until - from);
        records.push({
          id: `demo-${month}-${String(++n).padStart(3, '0')}`,
          billingAccountId: account.id,
          usageDate: new Date(Math.floor(at / 1000) * 1000).toISOString(),
          usageType: kind.usageType,
          quantity,
          unit: kind.unit,
          amount: round(quantity * use.rate, 2),
          currency: account.currency ?? 'EUR',
          description: use.name,
        });
      }
    }
  }
  return records;
}

/** Pushes usage records to the intake; every one must be stored now or already be there. */
export async function pushUsage(baseUrl, records) {
  const total = { received: 0, accepted: 0, duplicates: 0 };
  for (let i = 0; i < records.length; i += USAGE_BATCH) {
    const result = await (await request('POST', `${baseUrl}${BILLING_API}/usage`, records.slice(i, i + USAGE_BATCH), 200)).json();
    if (result.rejected?.length) throw new Error(`demo billing: ${result.rejected.length} usage records refused, e.g. ${JSON.stringify(result.rejected.slice(0, 3))}`);
    for (const k of Object.keys(total)) total[k] += result[k];
  }
  return total;
}

/**
 * Starts a bill run closing `period` for the accounts billed monthly from the 1st (every account the demo makes)
 * and waits until it has completed; anything else throws. Naming the cycle makes the bills' next bill date the
 * next 1st and gives later dry runs of that cycle this run to compare with.
 */
export async function runBillRun(baseUrl, period, description, { timeoutMs = RUN_TIMEOUT_MS } = {}) {
  const body = { billCycle: 'month', billDay: 1, billingPeriod: { startDateTime: period.start.toISOString(), endDateTime: period.end.toISOString() }, description };
  let run = await (await request('POST', `${baseUrl}${BILLING_API}/billRun`, body, 202)).json();
  const deadline = Date.now() + timeoutMs;
  while (run.state === 'acknowledged' || run.state === 'inProgress') {
    if (Date.now() > deadline) throw new Error(`demo billing: bill run ${run.id} still ${run.state} after ${timeoutMs / 1000} s: ${JSON.stringify(run.counters)}`);
    await new Promise((r) => setTimeout(r, 500));
    run = await getJson(`${baseUrl}${BILLING_API}/billRun/${run.id}`);
  }
  if (run.state !== 'completed') {
    throw new Error(`demo billing: bill run ${run.id} ended ${run.state}: ${JSON.stringify({ counters: run.counters, parkedAccount: run.parkedAccount?.slice(0, 5) })}`);
  }
  return run;
}

/**
 * Closes the current month for the demo data under `baseUrl` (http://host:port) unless there are bills already:
 * pushes the demo usage of `accounts` (default: the accounts owning products with usage prices, from the accepted
 * quotes) and runs a bill run for every account. Returns what is there either way: `{ created, bills, billRun,
 * usage?, bill }` — `bills` the number of customer bills, `billRun` the (last) bill run, `bill` one bill with usage
 * (`id, billNo, href, amountDue, html, pdf`).
 */
export async function closeDemoCycle(baseUrl, log = () => {}, { now = new Date(), accounts } = {}) {
  const billsUrl = `${baseUrl}${BILL_API}/customerBill`;
  let created = false;
  let usage;
  let run;
  if ((await totalCount(`${billsUrl}?limit=0`)) === 0) {
    const period = currentMonth(now);
    const usageAccounts = accounts ?? (await usageAccountsFromQuotes(baseUrl));
    const records = demoUsageRecords(usageAccounts, period, now);
    const t0 = Date.now();
    usage = { accounts: usageAccounts.length, records: records.length, ...(await pushUsage(baseUrl, records)) };
    log(`pushed ${usage.records} demo usage records for ${usage.accounts} billing accounts (${usage.accepted} stored, ${usage.duplicates} already there)`);
    run = await runBillRun(baseUrl, period, `Demo: close ${period.start.toISOString().slice(0, 7)}`);
    const c = run.counters ?? {};
    const amounts = (c.amountBilled ?? []).map((a) => `${a.taxIncludedAmount.value} ${a.taxIncludedAmount.unit}`).join(', ');
    log(`bill run ${run.id} ${run.state} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${c.billsCreated} bills (${amounts || 'nothing'} incl. tax), ` +
      `${c.ratesCreated} rates, ${c.accountsWithoutCharges} of ${c.accountsTotal} accounts without charges`);
    created = true;
  } else {
    [run] = await getJson(`${baseUrl}${BILLING_API}/billRun?dryRun=false&state=completed&sort=-id&limit=1`);
  }
  const bills = await totalCount(`${billsUrl}?limit=0`);
  // one bill to show, preferably one with usage (it has every kind of line)
  const [usageRate] = await getJson(`${baseUrl}${BILL_API}/appliedCustomerBillingRate?type=usageCharge&fields=bill&limit=1`);
  const [bill] = usageRate?.bill?.id ? [await getJson(`${billsUrl}/${usageRate.bill.id}`)] : await getJson(`${billsUrl}?limit=1`);
  const doc = (type) => bill?.billDocument?.find((d) => d.mimeType === type)?.url;
  return {
    created,
    bills,
    billRun: run ? { id: run.id, href: run.href, state: run.state, billingPeriod: run.billingPeriod, counters: run.counters } : undefined,
    ...(usage ? { usage } : {}),
    bill: bill ? { id: bill.id, billNo: bill.billNo, href: bill.href, amountDue: bill.amountDue, html: doc('text/html'), pdf: doc('application/pdf') } : undefined,
  };
}

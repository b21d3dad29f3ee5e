// Closes two billing cycles for `npm run demo`, through the API itself: rated usage for the demo accounts that own
// products with usage prices (mobile data, calls, SMS; IoT data; cloud traffic and storage), pushed to the usage
// intake as a billing pipeline would, then a bill run for the previous calendar month and one for the month that
// contains now, each polled until it has completed. The bills they make (TMF678 customerBill, with HTML and PDF
// documents) are what the demo shows, and each run's close computes the customers' features and segments: two
// cycles give the lifecycle features (periods billed, spend trend) and the segment drift something to compare.
// Runs only when there are no bills yet (or to finish the current month after a demo stopped half-way); otherwise
// it only reads what the last run made.
//
// Usage records say how much was used (GB, minutes, SMS) and what it costs (the rate of the product's usage price
// in the accepted quote, tax excluded, in the price's currency), and name the product they were used on: its
// family (mobile, iot, cloud) is what the needs-based segments read. No API serves the product inventory yet, so
// the demo, which runs the service on its own database, reads the ids of the products the accepted quote items
// created (and their families) from that database; without a database URL records name only the billing account.
//
// The demo products are all bought today (quote acceptance starts them now; the API has no back-dating), so the
// previous month's bills carry usage only: think of it as the usage the pipeline delivered late for a migration.

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
  // cloud: outbound traffic of a virtual server, backup storage beyond a booked TB (per server, per TB)
  traffic: { usageType: 'traffic', unit: 'GB', perLine: [40, 900], decimals: 0 },
  storage: { usageType: 'storage', unit: 'GB', perLine: [20, 400], decimals: 0 },
};
/** The kind of a usage price: by its unit, and for GB by its name (cloud traffic and storage are GB as well). */
function kindOf(price) {
  const unit = String(price.unitOfMeasure ?? '').replace(/^[\d.]+\s*/, '');
  if (/^min(ute)?s?$/i.test(unit)) return 'voice';
  if (!/^GB$/i.test(unit)) return undefined;
  return /traffic/i.test(price.name ?? '') ? 'traffic' : /storage/i.test(price.name ?? '') ? 'storage' : 'data';
}
/** IoT SIMs use far less than phones: a pool's overage is a small share of its SIMs' data. */
const IOT_DATA_PER_LINE = [0.001, 0.01];
const SMS_RATE = 0.09;
/** Records per usage kind and account: usage is delivered in a few batches over the period. */
const RECORDS_PER_KIND = 2;

/**
 * How an account's usage leans, drawn once per account (the same every month), so that the needs-based and learned
 * segments have groups to find: most accounts lean on one of the families they use (that family's usage is
 * multiplied by LEAD_FACTOR, the others by OTHER_FACTOR); the rest use everything evenly.
 */
const LEAD_SHARE = 0.75;
const LEAD_FACTOR = [2.5, 5];
const OTHER_FACTOR = [0.3, 0.8];
/**
 * How an account's usage moves from the previous month to the current one (factors [previous, current]), so the
 * lifecycle segments and the drift report have movement: a few accounts wind down (a heavy previous month, little
 * now: the spend trend falls), a few grow, the rest stay about level.
 */
const TRENDS = [
  { share: 0.12, factors: [4, 0.2] }, // winding down
  { share: 0.12, factors: [0.4, 1.6] }, // growing
  { share: 0.76, factors: [1, 1] },
];

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

/** The calendar month (UTC) that contains `now`, or `offset` months from it: the periods the demo closes. */
export function currentMonth(now = new Date(), offset = 0) {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 1)),
  };
}

/**
 * The products that accepted quote items created, by `quoteId/quoteItemId`: `{ id, billingAccountId, family }`,
 * read from the service's database (no API serves the product inventory yet). Parameterized, read-only.
 */
async function productsOfQuotes(databaseUrl, quoteIds) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT quote_id::text AS "quoteId", quote_item_id AS "quoteItemId", id::text AS id, billing_account_id::text AS "billingAccountId", family
         FROM customer_product WHERE quote_id = ANY($1::uuid[]) AND status = 'active'`,
      [quoteIds],
    );
    return new Map(rows.map((r) => [`${r.quoteId.toLowerCase()}/${r.quoteItemId}`, r]));
  } finally {
    await client.end();
  }
}

/**
 * The billing accounts that own products with usage prices, from the accepted quotes (TMF648) and the customers'
 * accounts (TMF629): `[{ id, key, currency, usage: [{ kind, name, rate, lines, iot, productId?, family? }] }]`, in
 * a stable order. An item's products are billed to the item's product.billingAccount, else the quote's first
 * billingAccount, else the customer's billing account (what acceptance does). With `databaseUrl`, each usage
 * names the product its quote item created, and that product's account and family.
 */
export async function usageAccountsFromQuotes(baseUrl, { databaseUrl } = {}) {
  const customers = await listAll(`${baseUrl}${CUSTOMER_API}/customer?fields=id,name,account`);
  const defaultAccount = new Map(customers.map((c) => [c.id.toLowerCase(), (c.account ?? []).find((a) => a['@referredType'] === 'BillingAccount')?.id]));
  // the PRNG key of an account: its customer's name (the demo names are numbered), not the id the server drew
  const keys = new Map(customers.flatMap((c) => (c.account ?? []).map((a, i) => [a.id, `${c.name} #${i + 1}`])));
  const quotes = await listAll(`${baseUrl}${QUOTE_API}/quote?state=accepted&fields=id,externalId,relatedParty,billingAccount,quoteItem`);
  quotes.sort((a, b) => String(a.externalId ?? a.id).localeCompare(String(b.externalId ?? b.id)));
  const products = databaseUrl && quotes.length ? await productsOfQuotes(databaseUrl, quotes.map((q) => q.id)) : new Map();

  const accounts = new Map();
  const flatten = (items) => (items ?? []).flatMap((item) => [item, ...flatten(item.quoteItem)]);
  for (const quote of quotes) {
    const customerId = quote.relatedParty?.find((p) => p.role === 'customer')?.id?.toLowerCase();
    for (const item of flatten(quote.quoteItem).filter((i) => i.action === 'add')) {
      const product = products.get(`${String(quote.id).toLowerCase()}/${item.id}`);
      const accountId = product?.billingAccountId ?? item.product?.billingAccount?.id ?? quote.billingAccount?.[0]?.id ?? defaultAccount.get(customerId);
      const usagePrices = (item.quoteItemPrice ?? []).filter((p) => p.priceType === 'usage' && p.price?.dutyFreeAmount);
      if (!accountId || !usagePrices.length) continue;
      const account = accounts.get(accountId) ?? { id: accountId, key: keys.get(accountId) ?? accountId, currency: undefined, usage: [] };
      accounts.set(accountId, account);
      const lines = item.quantity ?? 1;
      const iot = /IoT/i.test(item.productOffering?.name ?? '');
      const of = product ? { productId: product.id, family: product.family ?? undefined } : {};
      for (const p of usagePrices) {
        const kind = kindOf(p);
        if (!kind) continue;
        account.currency ??= p.price.dutyFreeAmount.unit;
        account.usage.push({ kind, name: p.name ?? KINDS[kind].usageType, rate: p.price.dutyFreeAmount.value, lines, iot, ...of });
        if (kind === 'voice') account.usage.push({ kind: 'sms', name: 'SMS outside the EU', rate: SMS_RATE, lines, iot, ...of });
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
 * How much of its usage an account has per family and month: `factor(use, cycle)` multiplies a usage's quantity,
 * from the account's lean (LEAD_*) and trend (TRENDS; `cycle` 0 is the previous month, 1 the current one). Usage
 * without a family (no database) is left as drawn.
 */
function usageProfile(account) {
  const rnd = prng(seedOf(`${account.key} profile`));
  const between = ([min, max]) => min + rnd() * (max - min);
  const families = [...new Set(account.usage.map((u) => u.family).filter(Boolean))].sort();
  const lead = families.length && rnd() < LEAD_SHARE ? families[Math.floor(rnd() * families.length)] : undefined;
  const weight = new Map(families.map((f) => [f, lead === undefined ? 1 : f === lead ? between(LEAD_FACTOR) : between(OTHER_FACTOR)]));
  let r = rnd();
  const trend = TRENDS.find((t) => (r -= t.share) < 0) ?? TRENDS[TRENDS.length - 1];
  return (use, cycle) => (use.family ? weight.get(use.family) : 1) * trend.factors[cycle];
}

/**
 * The rated usage records of `accounts` for `period`, dated between the period's start and `now` (usage is not
 * dated in the future), the same for the same accounts, period and day. Ids are unique per account and period, so
 * pushing them again stores nothing twice. `cycle` says which of the demo's months it is (0 the previous one, 1 the
 * current one) for the accounts' trends.
 */
export function demoUsageRecords(accounts, period, now = new Date(), cycle = 1) {
  const month = period.start.toISOString().slice(0, 7);
  const from = period.start.getTime();
  const until = Math.max(from, Math.min(now.getTime(), period.end.getTime() - 1000));
  const records = [];
  for (const account of accounts) {
    const rnd = prng(seedOf(`${account.key} ${month}`));
    const factor = usageProfile(account);
    let n = 0;
    for (const use of account.usage) {
      const kind = KINDS[use.kind];
      const [min, max] = use.iot && use.kind === 'data' ? IOT_DATA_PER_LINE : kind.perLine;
      const scale = factor(use, cycle);
      for (let i = 0; i < RECORDS_PER_KIND; i++) {
        const quantity = Math.max(10 ** -kind.decimals, round(use.lines * (min + rnd() * (max - min)) * scale, kind.decimals));
        // spread over the elapsed part of the period, one delivery per share of it
        const at = from + ((i + rnd()) / RECORDS_PER_KIND) * (until - from);
        records.push({
          id: `demo-${month}-${String(++n).padStart(3, '0')}`,
          billingAccountId: account.id,
          ...(use.productId ? { productId: use.productId } : {}),
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

/** The completed (non-dry) bill run that closed `period`, among `runs`. */
const runOf = (runs, period) =>
  runs.find((r) => Date.parse(r.billingPeriod?.startDateTime) === period.start.getTime() && Date.parse(r.billingPeriod?.endDateTime) === period.end.getTime());

/**
 * Closes the previous and the current month for the demo data under `baseUrl` (http://host:port) unless there are
 * bills already (or finishes the current month when only the demo's previous-month run is there): for each month,
 * pushes the demo usage of `accounts` (default: the accounts owning products with usage prices, from the accepted
 * quotes, with their products read from `databaseUrl` when given) and runs a bill run for every account. Returns
 * what is there either way: `{ created, bills, billRun, billRuns, usage?, bill }` — `bills` the number of customer
 * bills, `billRun` the last bill run, `billRuns` those this call made, `bill` one bill with usage (`id, billNo,
 * href, amountDue, html, pdf`).
 */
export async function closeDemoCycle(baseUrl, log = () => {}, { now = new Date(), accounts, databaseUrl } = {}) {
  const billsUrl = `${baseUrl}${BILL_API}/customerBill`;
  const periods = [currentMonth(now, -1), currentMonth(now)];
  const runs = (await listAll(`${baseUrl}${BILLING_API}/billRun?dryRun=false`)).filter((r) => ['completed', 'completedWithErrors'].includes(r.state));
  const previous = runOf(runs, periods[0]);
  const resume = previous && String(previous.description ?? '').startsWith('Demo:') && !runOf(runs, periods[1]);
  const billRuns = [];
  let usage;
  let run;
  if (resume || (await totalCount(`${billsUrl}?limit=0`)) === 0) {
    const usageAccounts = accounts ?? (await usageAccountsFromQuotes(baseUrl, { databaseUrl }));
    usage = { accounts: usageAccounts.length, records: 0, received: 0, accepted: 0, duplicates: 0 };
    for (const [cycle, period] of periods.entries()) {
      if (runOf(runs, period)) continue;
      const records = demoUsageRecords(usageAccounts, period, now, cycle);
      const t0 = Date.now();
      const pushed = await pushUsage(baseUrl, records);
      for (const k of ['received', 'accepted', 'duplicates']) usage[k] += pushed[k];
      usage.records += records.length;
      const month = period.start.toISOString().slice(0, 7);
      const withProduct = records.filter((r) => r.productId).length;
      log(`pushed ${records.length} demo usage records for ${month} (${withProduct} naming their product) for ${usageAccounts.length} billing accounts ` +
        `(${pushed.accepted} stored, ${pushed.duplicates} already there)`);
      run = await runBillRun(baseUrl, period, `Demo: close ${month}`);
      billRuns.push(run);
      const c = run.counters ?? {};
      const amounts = (c.amountBilled ?? []).map((a) => `${a.taxIncludedAmount.value} ${a.taxIncludedAmount.unit}`).join(', ');
      log(`bill run ${run.id} (${month}) ${run.state} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${c.billsCreated} bills (${amounts || 'nothing'} incl. tax), ` +
        `${c.ratesCreated} rates, ${c.accountsWithoutCharges} of ${c.accountsTotal} accounts without charges`);
    }
  } else {
    [run] = await getJson(`${baseUrl}${BILLING_API}/billRun?dryRun=false&state=completed&sort=-id&limit=1`);
  }
  const created = billRuns.length > 0;
  const bills = await totalCount(`${billsUrl}?limit=0`);
  // one bill to show, preferably one with usage (it has every kind of line)
  const [usageRate] = await getJson(`${baseUrl}${BILL_API}/appliedCustomerBillingRate?type=usageCharge&fields=bill&limit=1`);
  const [bill] = usageRate?.bill?.id ? [await getJson(`${billsUrl}/${usageRate.bill.id}`)] : await getJson(`${billsUrl}?limit=1`);
  const doc = (type) => bill?.billDocument?.find((d) => d.mimeType === type)?.url;
  return {
    created,
    bills,
    billRun: run ? { id: run.id, href: run.href, state: run.state, billingPeriod: run.billingPeriod, counters: run.counters } : undefined,
    billRuns: billRuns.map((r) => ({ id: r.id, href: r.href, billingPeriod: r.billingPeriod })),
    ...(usage ? { usage } : {}),
    bill: bill ? { id: bill.id, billNo: bill.billNo, href: bill.href, amountDue: bill.amountDue, html: doc('text/html'), pdf: doc('application/pdf') } : undefined,
  };
}

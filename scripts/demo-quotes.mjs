// Deterministic demo quotes for `npm run demo`: TMF648 quotes of the demo customers for the Launched offerings of
// the demo catalog, created and moved through their life cycle through the API itself, so the server prices every
// item and accepting a quote turns its items into the customer's products. Every state is represented, and most
// demo customers end up owning products. Runs only when there are no quotes yet.

const CUSTOMER_API = '/tmf-api/customerManagement/v4';
const CATALOG_API = '/tmf-api/productCatalogManagement/v4';
const QUOTE_API = '/tmf-api/quoteManagement/v4';
const MERGE_PATCH = 'application/merge-patch+json';

/** Quotes in the works at once: enough to take seconds, well below the service's 20 database connections. */
const CONCURRENCY = 10;

/**
 * What the demo customers buy, matched on the offering name: how often an offering is picked (weight) and the
 * quantity range of one quote item (phones, SIMs, sites, users, devices, TB...). Offerings that match no profile
 * are picked rarely, one to three at a time.
 */
const PROFILES = [
  [/^Business Mobile/, 6, [5, 50]], // company phones
  [/^Data SIM/, 3, [2, 20]],
  [/^Business Fibre/, 5, [1, 1]], // one access line per quote
  [/^Dedicated Internet Access/, 1, [1, 1]],
  [/^Managed SD-WAN/, 1, [2, 25]], // sites
  [/^IoT Connectivity/, 2, [50, 2000]], // SIMs in the pool
  [/^Fleet Tracking/, 2, [5, 80]], // vehicles
  [/^Cloud Backup/, 2, [1, 20]], // TB stored
  [/^Virtual Server/, 2, [1, 6]],
  [/^Microsoft 365/, 4, [5, 150]], // users
  [/^Managed Firewall/, 3, [1, 1]],
  [/^DDoS Protection/, 1, [1, 1]],
  [/^Endpoint Security/, 3, [10, 300]], // devices
  [/^Office Starter Pack/, 2, [1, 1]],
  [/^Secure Branch/, 1, [1, 5]], // sites
];
const OTHER = [1, [1, 3]];

/**
 * The share of quotes that end in each state. Accepted is the largest so that, with about four quotes per three
 * customers, most customers own products; the rest show the other states.
 */
const STATE_SHARES = { accepted: 0.5, approved: 0.1, inProgress: 0.1, pending: 0.1, rejected: 0.1, cancelled: 0.1 };

/**
 * How a quote reaches its final state: `instant` creates it approved (instantSyncQuote), `steps` are the states
 * PATCHed in order. Each state has a few realistic paths, picked at random.
 */
const PATHS = {
  inProgress: [{ steps: [] }, { steps: ['pending', 'inProgress'] }], // information was required and given
  pending: [{ steps: ['pending'] }],
  approved: [{ instant: true, steps: [] }, { steps: ['approved'] }, { steps: ['pending', 'approved'] }],
  accepted: [{ instant: true, steps: ['accepted'] }, { steps: ['approved', 'accepted'] }, { steps: ['pending', 'approved', 'accepted'] }],
  rejected: [{ steps: ['rejected'] }, { steps: ['approved', 'rejected'] }, { instant: true, steps: ['rejected'] }],
  cancelled: [{ steps: ['cancelled'] }, { steps: ['pending', 'cancelled'] }, { instant: true, steps: ['cancelled'] }],
};

/** Small seeded PRNG (as in demo-data.mjs) so every demo run makes the same choices. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function request(method, url, body, expected, contentType = 'application/json') {
  const res = await fetch(url, { method, headers: body ? { 'Content-Type': contentType } : {}, body: body ? JSON.stringify(body) : undefined });
  if (res.status !== expected) {
    throw new Error(`demo quotes: ${method} ${url} answered ${res.status} (expected ${expected}): ${await res.text()}${body ? `\n  request body: ${JSON.stringify(body)}` : ''}`);
  }
  return res;
}

/** Runs `task` over `items` with at most `limit` in flight; the first failure rejects (the rest stop taking work). */
async function inParallel(items, limit, task) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await task(items[i], i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The quote plans: customer, items and life-cycle path of each quote, the same for the same customers and catalog. */
export function planDemoQuotes(customers, offerings, count) {
  const rnd = prng(648);
  const int = (min, max) => min + Math.floor(rnd() * (max - min + 1));
  const shuffle = (list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };

  const weighted = offerings.map((o) => {
    const [, weight, range] = PROFILES.find(([pattern]) => pattern.test(o.name)) ?? [null, ...OTHER];
    return { offering: o, weight, range: o.isBundle && range === OTHER[1] ? [1, 1] : range };
  });
  const totalWeight = weighted.reduce((n, w) => n + w.weight, 0);
  const pickOffering = (taken) => {
    for (;;) {
      let r = rnd() * totalWeight;
      const w = weighted.find((x) => (r -= x.weight) < 0) ?? weighted[weighted.length - 1];
      if (!taken.has(w.offering.id)) return w;
    }
  };
  const quantity = ([min, max]) => {
    const q = int(min, max);
    return q >= 100 ? Math.round(q / 10) * 10 : q; // large fleets come in round numbers
  };

  // Exact numbers per final state, in shuffled order; any rounding remainder is accepted.
  const states = Object.entries(STATE_SHARES).flatMap(([state, share]) => (state === 'accepted' ? [] : Array(Math.round(count * share)).fill(state)));
  states.length = Math.min(states.length, count);
  while (states.length < count) states.push('accepted');
  shuffle(states);

  // Every customer gets a quote before any gets a second one.
  const order = shuffle([...customers]);
  return states.map((state, i) => {
    const customer = order[i % order.length];
    const taken = new Set();
    const quoteItem = Array.from({ length: Math.min(int(1, 4), offerings.length) }, () => {
      const w = pickOffering(taken);
      taken.add(w.offering.id);
      return { action: 'add', quantity: quantity(w.range), productOffering: { id: w.offering.id, name: w.offering.name } };
    });
    const paths = PATHS[state];
    const path = paths[Math.floor(rnd() * paths.length)];
    const account = customer.account?.find((a) => a['@referredType'] === 'BillingAccount') ?? customer.account?.[0];
    const quote = {
      externalId: `DEMO-Q${String(i + 1).padStart(4, '0')}`,
      description: `${quoteItem.map((q) => `${q.quantity} × ${q.productOffering.name}`).join(', ')} for ${customer.name}`,
      category: 'B2B',
      relatedParty: [{ id: customer.id, name: customer.name, role: 'customer', '@referredType': 'Customer' }],
      // most quotes name the billing account; the others are charged to the customer's default one
      ...(account && rnd() < 0.7 ? { billingAccount: [{ id: account.id, name: account.name, '@referredType': 'BillingAccount' }] } : {}),
      quoteItem,
      ...(path.instant ? { instantSyncQuote: true } : {}),
    };
    return { quote, customerId: customer.id, state, steps: path.steps };
  });
}

/**
 * Creates `count` (default 400) demo quotes through the TMF648 API under `baseUrl` (http://host:port) unless it
 * has quotes already, and moves them through their life cycle. Needs the demo customers and catalog. Returns the
 * number of quotes per final state, or null when it skipped.
 */
export async function loadDemoQuotes(baseUrl, log, { count = 400 } = {}) {
  const quotesUrl = `${baseUrl}${QUOTE_API}/quote`;
  const existing = await request('GET', `${quotesUrl}?limit=0`, undefined, 200);
  if (Number(existing.headers.get('x-total-count')) !== 0) return null;

  const customers = await (await request('GET', `${baseUrl}${CUSTOMER_API}/customer?fields=id,name,account&limit=1000`, undefined, 200)).json();
  const offerings = await (await request('GET', `${baseUrl}${CATALOG_API}/productOffering?lifecycleStatus=Launched&fields=id,name,isBundle&limit=1000`, undefined, 200)).json();
  if (!customers.length || !offerings.length) {
    log(`no demo quotes: ${customers.length} customers and ${offerings.length} Launched product offerings`);
    return null;
  }
  // by name (the demo names are numbered), not by the ids the server drew, so the plan is the same every run
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const plans = planDemoQuotes(customers.sort(byName), offerings.sort(byName), count);

  const t0 = Date.now();
  await inParallel(plans, CONCURRENCY, async (plan) => {
    const created = await (await request('POST', quotesUrl, plan.quote, 201)).json();
    const expected = plan.quote.instantSyncQuote ? 'approved' : 'inProgress';
    if (created.state !== expected) throw new Error(`demo quotes: quote ${created.id} was created ${created.state}, expected ${expected}`);
    for (const state of plan.steps) await request('PATCH', `${quotesUrl}/${created.id}`, { state }, 200, MERGE_PATCH);
  });

  // What the server now holds, per state.
  const counts = {};
  for (const state of Object.keys(STATE_SHARES)) {
    counts[state] = Number((await request('GET', `${quotesUrl}?state=${state}&limit=0`, undefined, 200)).headers.get('x-total-count'));
  }
  const owners = new Set(plans.filter((p) => p.state === 'accepted').map((p) => p.customerId));
  const requests = plans.reduce((n, p) => n + 1 + p.steps.length, 0);
  log(`loaded ${plans.length} demo quotes (${requests} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s): ` +
    `${Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', ')}; ${owners.size} of ${customers.length} customers own products`);
  return counts;
}

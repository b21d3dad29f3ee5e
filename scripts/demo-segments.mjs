// The segmentation summary `npm run demo` ends with, read through the API as a client would: what the last bill
// run did to every segment (its drift report), the learned segments its clustering published, and one customer
// with the segments it is in now and why it entered one of them.

const BILLING_API = '/bss/billing/v1';
const SEGMENTATION_API = '/bss/segmentation/v1';
const CUSTOMER_API = '/tmf-api/customerManagement/v4';

/** GET as JSON; `undefined` when the resource or API is not there (404). */
async function getJson(url) {
  const res = await fetch(url);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`demo segments: GET ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

const pad = (value, width) => String(value ?? '').padEnd(width);
const padLeft = (value, width) => String(value ?? '').padStart(width);
const short = (value) => (typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : JSON.stringify(value));

/** The drift report of a bill run, one line per segment. */
function driftLines(run) {
  const drift = run?.segmentation?.segmentDrift;
  if (!drift) return [`  (bill run ${run?.id ?? '-'} has no segmentation report)`];
  const rows = drift.map((d) => [d.marketSegment?.name, d.kind, `+${d.entries ?? 0}`, `-${d.exits ?? 0}`, d.size ?? 0, d.alert ?? '']);
  const width = Math.max(7, ...rows.map((r) => String(r[0] ?? '').length));
  return [
    `  ${pad('segment', width)}  ${pad('kind', 11)} ${padLeft('in', 5)} ${padLeft('out', 5)} ${padLeft('size', 5)}  alert`,
    ...rows.map(([name, kind, entries, exits, size, alert]) => `  ${pad(name, width)}  ${pad(kind, 11)} ${padLeft(entries, 5)} ${padLeft(exits, 5)} ${padLeft(size, 5)}  ${alert}`),
  ];
}

/** The learned segments and what describes each (its dominant features against the population mean). */
function learnedLines(learned) {
  if (learned === undefined) return ['  (GET marketSegment?kind=learned answered 404: the segment API is not there yet)'];
  if (!learned.length) return ['  (none yet)'];
  return learned.map((s) => {
    const features = (s.learned?.dominantFeatures ?? []).slice(0, 3).map((f) => `${f.feature} ${short(f.value)} (mean ${short(f.populationMean)})`).join(', ');
    return `  ${s.name} [${s.status}, v${s.version}]: ${s.learned?.size ?? '?'} customers; ${features}`;
  });
}

/** A membership's entry in words: the conditions of the rule and the feature values seen. */
function membershipLines(m) {
  const entry = m.entry ?? {};
  const conditions = (entry.reason?.conditions ?? []).map((c) => `${c.held ? 'held' : 'failed'}: ${c.condition} (value ${short(c.value)})`);
  const features = Object.entries(entry.reason?.features ?? {}).map(([k, v]) => `${k}=${short(v)}`).join(', ');
  return [
    `  entered ${m.marketSegment?.name} (v${entry.segmentVersion ?? m.marketSegment?.version}) on ${entry.date} by ${entry.trigger}${entry.billRun ? ` (bill run ${entry.billRun.id})` : ''}`,
    ...conditions.map((c) => `    ${c}`),
    ...(features ? [`    features: ${features}`] : []),
  ];
}

/**
 * The summary lines for `baseUrl` (http://host:port) after bill run `runId`: drift, learned segments, one customer
 * in several segments (the first by name among those in the most) with the reason of one of its memberships,
 * preferably a needs-based one.
 */
export async function segmentationSummary(baseUrl, runId) {
  const lines = [];
  const run = runId ? await getJson(`${baseUrl}${BILLING_API}/billRun/${runId}`) : undefined;
  const period = run?.billingPeriod ? `${run.billingPeriod.startDateTime.slice(0, 10)} – ${run.billingPeriod.endDateTime.slice(0, 10)}` : '';
  lines.push(`Segment drift of the last bill run (${period}; ${run?.segmentation?.customersEvaluated ?? 0} customers evaluated):`, ...driftLines(run));
  const fit = run?.segmentation?.learnedSegmentation;
  if (fit) lines.push(`  learned segmentation: k=${fit.clusters}, silhouette ${short(fit.silhouette)}`);

  lines.push('', 'Learned segments:', ...learnedLines(await getJson(`${baseUrl}${SEGMENTATION_API}/marketSegment?kind=learned&limit=100`)));

  const customers = (await getJson(`${baseUrl}${CUSTOMER_API}/customer?fields=id,name,marketSegment&limit=1000`)) ?? [];
  const most = Math.max(0, ...customers.map((c) => c.marketSegment?.length ?? 0));
  const [customer] = customers.filter((c) => (c.marketSegment?.length ?? 0) === most && most > 0).sort((a, b) => a.name.localeCompare(b.name));
  if (!customer) {
    lines.push('', 'No customer is in a segment yet.');
    return lines;
  }
  lines.push('', `One customer: ${customer.name} (${customer.id})`, `  marketSegment: ${customer.marketSegment.map((s) => s.name).join(', ')}`);
  const memberships = (await getJson(`${baseUrl}${SEGMENTATION_API}/membership?customer.id=${customer.id}&asOf=now`)) ?? [];
  const kinds = new Map(((await getJson(`${baseUrl}${SEGMENTATION_API}/marketSegment?fields=id,kind&limit=1000`)) ?? []).map((s) => [s.id, s.kind]));
  const shown = memberships.find((m) => kinds.get(m.marketSegment?.id) === 'needsBased') ?? memberships[0];
  if (shown) lines.push(`  ${memberships.length} memberships in force now; one of them:`, ...membershipLines(shown).map((l) => `  ${l}`));
  return lines;
}

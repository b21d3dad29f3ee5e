/**
 * The customer bill as a self-contained, printable HTML5 page (inline CSS, no external resources), as a pure
 * function of a {@link BillView}. Every value taken from the view goes through the `html` tag below, which escapes
 * it — names come from customers.
 *
 * The formatting helpers (money, dates, percentages, charge types, grouping by product) are exported: the PDF
 * renderer (bill-document.pdf.ts) uses the same ones, so both documents say the same thing.
 */
import Decimal from 'decimal.js';
import { BillLine, BillView } from './bill-view';

// ---------------------------------------------------------------------------------------------------------------
// Formatting shared with the PDF renderer
// ---------------------------------------------------------------------------------------------------------------

/** The heading of the lines that have no product (e.g. usage charged on the account itself). */
export const ACCOUNT_CHARGES = 'Account charges';

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/;

/** The parts of a plain decimal string ("-1234.50", "0.2", ".5"), or undefined when it is not one. */
function parseDecimal(value: string): { negative: boolean; int: string; frac: string } | undefined {
  const m = DECIMAL.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2].replace(/^0+(?=\d)/, '') || '0';
  const frac = m[3] ?? '';
  const zero = /^0*$/.test(int + frac);
  return { negative: m[1] === '-' && !zero, int, frac };
}

/**
 * A decimal string with thousands separators, keeping its own fraction digits: "1234.5" → "1,234.5",
 * "-1234567.00" → "-1,234,567.00". Never goes through floating point; a value that is not a plain decimal is
 * returned as it is.
 */
export function formatAmount(amount: string): string {
  const d = parseDecimal(amount);
  if (!d) return amount.trim();
  const int = d.int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${d.negative ? '-' : ''}${int}${d.frac ? `.${d.frac}` : ''}`;
}

/** "1,234.50 EUR" (see {@link formatAmount}); a value that is not a plain decimal is returned as it is. */
export function formatMoney(amount: string, currency: string): string {
  if (!parseDecimal(amount)) return amount.trim();
  return currency ? `${formatAmount(amount)} ${currency}` : formatAmount(amount);
}

/** True for a decimal string below zero ("-5.00"), e.g. a credit. */
export function isNegativeAmount(amount: string): boolean {
  return parseDecimal(amount)?.negative ?? false;
}

/** The UTC date part of an instant, "2026-10-01"; '' when absent, the value itself when it is not a date. */
export function formatDate(instant: string | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : date.toISOString().slice(0, 10);
}

/**
 * "2026-10-01 – 2026-10-31". Periods end exclusively (Nov 1 00:00 ends October), so the last day shown is the day
 * before an end at midnight; an instant (start = end, e.g. a usage record) shows one date. One open end reads
 * "from …" / "until …"; '' when both are absent.
 */
export function formatPeriod(start: string | undefined, end: string | undefined): string {
  const from = formatDate(start);
  const endDate = end ? new Date(end) : undefined;
  const lastDay = endDate && !Number.isNaN(endDate.getTime()) && end !== start ? new Date(endDate.getTime() - 1).toISOString() : end;
  const until = formatDate(lastDay);
  if (from && until) return from === until ? from : `${from} \u2013 ${until}`;
  if (from) return `from ${from}`;
  if (until) return `until ${until}`;
  return '';
}

/** A rate given as a fraction as a percentage: "0.2" → "20%", "0.055" → "5.5%", "0" → "0%" (exact, no floats). */
export function formatPercent(rate: string): string {
  if (!parseDecimal(rate)) return rate.trim();
  return `${new Decimal(rate.trim()).times(100).toFixed()}%`;
}

const CHARGE_TYPES: Record<string, string> = {
  recurringCharge: 'Recurring charge',
  oneTimeCharge: 'One-time charge',
  usageCharge: 'Usage',
  appliedBillingCredit: 'Discount',
};

/** The type of a line in words: "Recurring charge", "One-time charge", "Usage", "Discount". */
export function chargeTypeLabel(type: string): string {
  return CHARGE_TYPES[type] ?? humanize(type);
}

/** "onCycle" → "On-cycle", "offCycle" → "Off-cycle". */
export function runTypeLabel(runType: string): string {
  if (runType === 'onCycle') return 'On-cycle';
  if (runType === 'offCycle') return 'Off-cycle';
  return humanize(runType);
}

/** A camelCase code in words: "partiallyPaid" → "Partially paid". */
export function humanize(code: string): string {
  const words = code.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The sum of decimal strings with as many fraction digits as the most precise of them; undefined if one is not a decimal. */
export function sumAmounts(amounts: string[]): string | undefined {
  let sum = new Decimal(0);
  let scale = 0;
  for (const amount of amounts) {
    const d = parseDecimal(amount);
    if (!d) return undefined;
    scale = Math.max(scale, d.frac.length);
    sum = sum.plus(amount.trim());
  }
  return sum.toFixed(scale);
}

/** The lines of one product (or of the account), with the product's subtotals. */
export interface BillLineGroup {
  title: string;
  productId?: string;
  lines: BillLine[];
  /** Undefined when a line amount is not a decimal. */
  taxExcludedAmount?: string;
  taxIncludedAmount?: string;
}

/** "Subtotal <product>", "Subtotal account charges". */
export function subtotalLabel(group: BillLineGroup): string {
  return group.title === ACCOUNT_CHARGES && group.productId === undefined ? 'Subtotal account charges' : `Subtotal ${group.title}`;
}

/**
 * The lines grouped by product, products in the order they first appear, lines in their order; the lines without a
 * product last, under "Account charges".
 */
export function groupBillLines(lines: BillLine[]): BillLineGroup[] {
  const groups = new Map<string, BillLineGroup>();
  let account: BillLineGroup | undefined;
  for (const line of lines) {
    const key = line.productId ? `id:${line.productId}` : line.productName ? `name:${line.productName}` : undefined;
    if (key === undefined) {
      account ??= { title: ACCOUNT_CHARGES, lines: [] };
      account.lines.push(line);
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      group = { title: line.productName || `Product ${line.productId}`, productId: line.productId, lines: [] };
      groups.set(key, group);
    }
    group.lines.push(line);
  }
  const all = [...groups.values(), ...(account ? [account] : [])];
  for (const group of all) {
    group.taxExcludedAmount = sumAmounts(group.lines.map((l) => l.taxExcludedAmount));
    group.taxIncludedAmount = sumAmounts(group.lines.map((l) => l.taxIncludedAmount));
  }
  return all;
}

// ---------------------------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------------------------

/** Markup that is already safe: produced by the `html` tag, never by hand from a value. */
class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Interpolation = Html | string | number | false | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: the five special characters as references, control characters (not allowed in HTML) as U+FFFD. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}

function markup(value: Interpolation): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(markup).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose every interpolation is escaped, except markup made by this same tag (also in arrays). */
function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += markup(value) + strings[i + 1];
  });
  return new Html(out);
}

// ---------------------------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------------------------

const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #fff; color: #1a1a1a; font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "Nimbus Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
.bill { max-width: 190mm; margin: 0 auto; padding: 12mm 6mm; }
@media print { .bill { max-width: none; padding: 0; } }
h1 { margin: 0 0 4mm; color: #1f4e79; font-size: 20pt; }
h2 { margin: 8mm 0 2.5mm; color: #1f4e79; font-size: 13pt; break-after: avoid; page-break-after: avoid; }
.bill-header { display: flex; justify-content: space-between; gap: 10mm; padding-bottom: 5mm; border-bottom: 2px solid #1f4e79; }
.parties { display: flex; flex-direction: column; gap: 3mm; min-width: 0; }
.party .label, .meta dt { color: #666; font-size: 8.5pt; }
.party .name { font-weight: 600; font-size: 11pt; overflow-wrap: anywhere; }
.meta { display: flex; flex-direction: column; gap: 0.8mm; min-width: 72mm; margin: 0; }
.meta > div { display: flex; justify-content: space-between; align-items: baseline; gap: 6mm; }
.meta dt { white-space: nowrap; }
.meta dd { margin: 0; min-width: 0; text-align: right; overflow-wrap: anywhere; }
.meta .due { margin-top: 1.5mm; padding-top: 1.5mm; border-top: 1px solid #999; }
.meta .due dt, .meta .due dd { color: #1a1a1a; font-weight: 700; font-size: 10.5pt; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; border-bottom: 1px solid #e3e3e3; }
thead th { color: #555; font-size: 8pt; font-weight: 600; border-bottom: 1px solid #999; }
tr { break-inside: avoid; page-break-inside: avoid; }
.lines { font-size: 9pt; }
.lines td, .lines th { white-space: nowrap; }
.lines .line td:first-child { width: 100%; }
.lines .line td:first-child, .lines .group-title, .lines .subtotal td:first-child { white-space: normal; overflow-wrap: anywhere; }
.lines .group-title { padding-top: 4mm; color: #1a1a1a; font-size: 10pt; font-weight: 700; border-bottom: 1px solid #bbb; }
.lines .group-title .muted { float: right; padding-top: 0.6mm; font-weight: 400; }
.lines .subtotal td { font-weight: 600; border-top: 1px solid #999; border-bottom: none; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
.muted { color: #666; font-size: 8.5pt; }
.credit { color: #1b6e2d; }
.tax-summary { width: auto; min-width: 110mm; }
.totals { width: auto; min-width: 85mm; margin-left: auto; }
.totals td { border-bottom: none; }
.totals .due td { padding-top: 2mm; font-size: 12pt; font-weight: 700; border-top: 2px solid #1f4e79; }
.pay-by { margin: 1.5mm 0 0; text-align: right; }
.extra td:first-child { overflow-wrap: anywhere; }
.empty { color: #666; font-style: italic; }
`;

function money(amount: string | undefined, currency: string): Html {
  if (amount === undefined) return html`\u2014`;
  return isNegativeAmount(amount) ? html`<span class="credit">${formatMoney(amount, currency)}</span>` : html`${formatMoney(amount, currency)}`;
}

function header(view: BillView): Html {
  const row = (label: string, value: string, cls?: string) => html`<div${cls ? html` class="${cls}"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<header class="bill-header">
<div class="parties">
<h1>Bill <span class="bill-no">${view.billNo}</span></h1>
<div class="party"><div class="label">Customer</div><div class="name">${view.customer.name}</div><div class="muted">Customer ID ${view.customer.id}</div></div>
<div class="party"><div class="label">Billing account</div><div class="name">${view.account.name}</div><div class="muted">Account ID ${view.account.id}</div></div>
</div>
<dl class="meta">
${row('Bill number', view.billNo)}
${row('Bill date', formatDate(view.billDate))}
${row('Billing period', formatPeriod(view.billingPeriod.startDateTime, view.billingPeriod.endDateTime))}
${row('Payment due date', formatDate(view.paymentDueDate))}
${view.nextBillDate ? row('Next bill date', formatDate(view.nextBillDate)) : ''}
${row('Bill type', runTypeLabel(view.runType))}
${row('Status', humanize(view.state))}
${row('Amount due', formatMoney(view.taxIncludedAmount, view.currency), 'due')}
</dl>
</header>`;
}

function charges(view: BillView): Html {
  const groups = groupBillLines(view.lines);
  if (groups.length === 0) return html`<section class="charges"><h2>Charges</h2><p class="empty">There are no charges on this bill.</p></section>`;
  const body = groups.map(
    (group) => html`<tbody class="group">
<tr><th colspan="7" scope="rowgroup" class="group-title">${group.title}${group.productId && group.title !== `Product ${group.productId}` ? html` <span class="muted">Product ID ${group.productId}</span>` : ''}</th></tr>
${group.lines.map(
  (line) => html`<tr class="line">
<td>${line.name}</td>
<td>${chargeTypeLabel(line.type)}</td>
<td class="nowrap">${formatPeriod(line.periodStart, line.periodEnd)}</td>
<td class="num">${line.quantity ?? ''}</td>
<td class="num">${money(line.taxExcludedAmount, view.currency)}</td>
<td class="num">${formatPercent(line.taxRate)}</td>
<td class="num">${money(line.taxIncludedAmount, view.currency)}</td>
</tr>
`,
)}<tr class="subtotal"><td colspan="4">${subtotalLabel(group)}</td><td class="num">${money(group.taxExcludedAmount, view.currency)}</td><td></td><td class="num">${money(group.taxIncludedAmount, view.currency)}</td></tr>
</tbody>
`,
  );
  return html`<section class="charges">
<h2>Charges</h2>
<table class="lines">
<thead><tr><th scope="col">Description</th><th scope="col">Type</th><th scope="col">Period</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Excl. tax</th><th scope="col" class="num">Tax</th><th scope="col" class="num">Incl. tax</th></tr></thead>
${body}</table>
</section>`;
}

function taxSummary(view: BillView): Html {
  if (view.taxItems.length === 0) return html`<section class="taxes"><h2>Tax summary</h2><p class="empty">No tax applies to this bill.</p></section>`;
  return html`<section class="taxes">
<h2>Tax summary</h2>
<table class="tax-summary">
<thead><tr><th scope="col">Tax rate</th><th scope="col" class="num">Taxable amount</th><th scope="col" class="num">Tax amount</th></tr></thead>
<tbody>
${view.taxItems.map((item) => html`<tr><td>${formatPercent(item.taxRate)}</td><td class="num">${money(item.taxableAmount, view.currency)}</td><td class="num">${money(item.taxAmount, view.currency)}</td></tr>\n`)}</tbody>
</table>
</section>`;
}

function totals(view: BillView): Html {
  return html`<section class="summary">
<h2>Totals</h2>
<table class="totals">
<tbody>
<tr><td>Total excl. tax</td><td class="num">${money(view.taxExcludedAmount, view.currency)}</td></tr>
<tr><td>Tax</td><td class="num">${money(view.taxAmount, view.currency)}</td></tr>
<tr><td>Total incl. tax</td><td class="num">${money(view.taxIncludedAmount, view.currency)}</td></tr>
<tr class="due"><td>Amount due</td><td class="num">${money(view.taxIncludedAmount, view.currency)}</td></tr>
</tbody>
</table>
<p class="pay-by muted">Please pay by ${formatDate(view.paymentDueDate)}.</p>
</section>`;
}

function sections(view: BillView): Html[] {
  return (view.sections ?? []).map(
    (section) => html`<section class="extra">
<h2>${section.title}</h2>
${
  section.rows.length === 0
    ? ''
    : html`<table><tbody>
${section.rows.map((row) => html`<tr><td>${row.label}</td><td class="muted">${row.detail ?? ''}</td><td class="num">${row.amount === undefined ? '' : money(row.amount, view.currency)}</td></tr>\n`)}</tbody></table>`
}
</section>
`,
  );
}

/** The bill as a complete HTML5 page: header, charges grouped by product, tax summary, totals, extra sections. */
export function renderBillHtml(view: BillView): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bill ${view.billNo}</title>
<style>${new Html(CSS)}</style>
</head>
<body>
<main class="bill">
${header(view)}
${charges(view)}
${taxSummary(view)}
${totals(view)}
${sections(view)}</main>
</body>
</html>
`.markup;
}

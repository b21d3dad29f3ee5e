/**
 * What the bill document renderers (bill-document.html.ts, bill-document.pdf.ts) take: a flat, already computed view
 * of one customer bill. The renderers only format and lay out — they never price, round or look anything up.
 */

/** Everything a rendered bill shows; amounts are decimal strings in the bill's currency (already rounded). */
export interface BillView {
  billNo: string;
  billDate: string; // ISO 8601 UTC instant
  paymentDueDate: string;
  nextBillDate?: string;
  billingPeriod: { startDateTime: string; endDateTime: string };
  runType: string; // onCycle | offCycle
  state: string;
  currency: string; // ISO 4217
  account: { id: string; name: string };
  customer: { id: string; name: string };
  lines: BillLine[];
  taxItems: { taxRate: string; taxableAmount: string; taxAmount: string }[]; // taxRate a fraction, e.g. "0.2"
  taxExcludedAmount: string;
  taxAmount: string;
  taxIncludedAmount: string;
  /** Extra sections later features add (e.g. offers), rendered after the totals, in order. */
  sections?: { title: string; rows: { label: string; detail?: string; amount?: string }[] }[];
}

/** One charge on the bill (a TMF678 AppliedCustomerBillingRate, flattened). */
export interface BillLine {
  productId?: string;
  productName?: string; // lines without a product (e.g. usage on the account) are grouped under "Account charges"
  type: string; // recurringCharge | oneTimeCharge | usageCharge | appliedBillingCredit
  name: string;
  periodStart?: string;
  periodEnd?: string;
  quantity?: string; // e.g. "12.5 GB" for usage
  taxRate: string;
  taxExcludedAmount: string; // negative for credits
  taxIncludedAmount: string;
}

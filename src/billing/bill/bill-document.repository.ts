import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { Database } from '../../database/database.service';
import { isUuid } from '../../tmf/resource/document.repository';
import { BillLine, BillView } from './document/bill-view';

/** Reads what a rendered bill shows: the bill, its account and customer, and its rates as lines. */
@Injectable()
export class BillDocumentRepository {
  constructor(private readonly db: Database) {}

  async view(billId: string): Promise<BillView | undefined> {
    if (!isUuid(billId)) return undefined;
    const bills = await this.db.query<{ doc: Record<string, unknown>; currency: string; excl: string; incl: string; account_name: string; customer_id: string; customer_name: string; account_id: string }>(
      `SELECT b.doc, b.currency, b.tax_excluded_amount AS excl, b.tax_included_amount AS incl, b.billing_account_id AS account_id,
              a.name AS account_name, c.id AS customer_id, c.name AS customer_name
         FROM customer_bill b JOIN billing_account a ON a.id = b.billing_account_id JOIN customer c ON c.id = a.customer_id
        WHERE b.id = $1`,
      [billId],
    );
    const bill = bills[0];
    if (!bill) return undefined;
    // amounts as decimal strings straight from the documents' JSON numbers (text, never a float)
    const lines = await this.db.query<BillLine>(
      `SELECT r.product_id AS "productId", r.doc -> 'product' ->> 'name' AS "productName", r.type, r.doc ->> 'name' AS name,
              r.doc -> 'periodCoverage' ->> 'startDateTime' AS "periodStart", r.doc -> 'periodCoverage' ->> 'endDateTime' AS "periodEnd",
              r.doc ->> 'description' AS quantity, r.doc -> 'appliedTax' -> 0 ->> 'taxRate' AS "taxRate",
              r.doc -> 'taxExcludedAmount' ->> 'value' AS "taxExcludedAmount", r.doc -> 'taxIncludedAmount' ->> 'value' AS "taxIncludedAmount"
         FROM applied_billing_rate r WHERE r.bill_id = $1
        ORDER BY r.doc -> 'product' ->> 'name' NULLS LAST, r.product_id, r.type DESC, r.period_start, r.charge_key`,
      [billId],
    );
    const taxItems = await this.db.query<{ taxRate: string; taxableAmount: string; taxAmount: string }>(
      `SELECT r.doc -> 'appliedTax' -> 0 ->> 'taxRate' AS "taxRate", sum((r.doc -> 'taxExcludedAmount' ->> 'value')::numeric)::text AS "taxableAmount",
              sum((r.doc -> 'appliedTax' -> 0 -> 'taxAmount' ->> 'value')::numeric)::text AS "taxAmount"
         FROM applied_billing_rate r WHERE r.bill_id = $1 GROUP BY 1 ORDER BY 1`,
      [billId],
    );
    const doc = bill.doc as {
      billNo: string; billDate: string; paymentDueDate: string; nextBillDate?: string; runType: string; state: string;
      billingPeriod: { startDateTime: string; endDateTime: string };
    };
    return {
      billNo: doc.billNo,
      billDate: doc.billDate,
      paymentDueDate: doc.paymentDueDate,
      nextBillDate: doc.nextBillDate,
      billingPeriod: doc.billingPeriod,
      runType: doc.runType,
      state: doc.state,
      currency: bill.currency,
      account: { id: bill.account_id, name: bill.account_name },
      customer: { id: bill.customer_id, name: bill.customer_name },
      lines: lines.map((l) => JSON.parse(JSON.stringify(l)) as BillLine), // drops the NULL attributes
      taxItems,
      taxExcludedAmount: bill.excl,
      taxAmount: new Decimal(bill.incl).minus(bill.excl).toFixed(bill.incl.split('.')[1]?.length ?? 0),
      taxIncludedAmount: bill.incl,
    };
  }
}

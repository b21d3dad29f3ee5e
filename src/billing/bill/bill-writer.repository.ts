import { Injectable } from '@nestjs/common';
import { Queryable } from '../../database/database.service';
import { sqlInstant } from '../../database/sql-instant';
import { OUTBOX_CHANNEL } from '../../tmf/hub/outbox.repository';
import { BillingPeriod } from '../rating/rating.repository';

/** What the bills of one billing transaction say besides their charges, and where things are served. */
export interface BillContext {
  period: BillingPeriod;
  billDate: Date;
  paymentDueDate: Date;
  nextBillDate: Date | null;
  runType: 'onCycle' | 'offCycle';
  billRunId: string | null;
  onDemandId: string | null;
  hrefs: BillHrefs;
}

/** URL prefixes (each followed by an id) written into the documents. */
export interface BillHrefs {
  bill: string;
  billingAccount: string;
  customer: string;
  /** The bill document, followed by `{billId}.html` or `{billId}.pdf`. */
  document: string;
}

export interface WrittenBills {
  bills: number;
  rates: number;
  /** Sums by currency (decimal strings). */
  amounts: Record<string, { taxExcluded: string; taxIncluded: string }>;
}

const money = (value: string, currency: string) => `jsonb_build_object('unit', ${currency}, 'value', ${value})`;

/**
 * Writes what rating put in `bill_rate` (see RatingRepository): one CustomerBill per account with charges,
 * its AppliedCustomerBillingRates, the usage records marked billed, and — when a TMF678 listener is registered —
 * CustomerBillCreateEvents in the outbox. Set-based: a handful of statements whatever the number of accounts.
 * Duplicates cannot slip through: the rates' charge keys and the bills' (account, period) are unique.
 */
@Injectable()
export class BillWriterRepository {
  /** What `write` would write, without writing it (a dry run). */
  async summarise(client: Queryable): Promise<WrittenBills> {
    const { rows } = await client.query<{ bills: string; rates: string; amounts: WrittenBills['amounts'] }>(
      `SELECT count(DISTINCT r.billing_account_id) AS bills, count(*) AS rates, ${AMOUNTS_BY_CURRENCY}
         FROM (SELECT b.currency, sum(r.tax_excluded) AS excl, sum(r.tax_excluded + r.tax_amount) AS incl
                 FROM bill_rate r JOIN bill_account b ON b.id = r.billing_account_id GROUP BY b.currency) t) AS amounts
         FROM bill_rate r`,
    );
    return { bills: Number(rows[0].bills), rates: Number(rows[0].rates), amounts: rows[0].amounts };
  }

  async write(client: Queryable, ctx: BillContext): Promise<WrittenBills> {
    await client.query(
      `CREATE TEMP TABLE bill_new ON COMMIT DROP AS
       WITH by_rate AS (
         SELECT billing_account_id, tax_rate, sum(tax_excluded) AS excl, sum(tax_amount) AS tax FROM bill_rate GROUP BY 1, 2
       )
       SELECT gen_random_uuid() AS id, nextval(pg_get_serial_sequence('customer_bill', 'bill_seq')) AS seq,
              b.id AS account_id, b.name AS account_name, b.customer_id, c.name AS customer_name, b.currency,
              sum(t.excl) AS excl, sum(t.tax) AS tax,
              jsonb_agg(jsonb_build_object('taxCategory', 'VAT', 'taxRate', trim_scale(t.tax_rate), 'taxAmount', ${money('t.tax', 'b.currency')}, '@type', 'TaxItem')
                        ORDER BY t.tax_rate) AS tax_items
         FROM bill_account b
         JOIN by_rate t ON t.billing_account_id = b.id
         JOIN customer c ON c.id = b.customer_id
        GROUP BY b.id, c.id`,
    );
    const p = [ctx.period.start, ctx.period.end, ctx.billDate, ctx.paymentDueDate, ctx.nextBillDate, ctx.runType, ctx.billRunId, ctx.onDemandId];
    const h = ctx.hrefs;
    await client.query(
      `INSERT INTO customer_bill (id, bill_seq, bill_no, state, run_type, billing_account_id, bill_run_id, on_demand_id, period_start, period_end,
                                  bill_date, currency, tax_excluded_amount, tax_included_amount, doc)
       SELECT n.id, n.seq, ${billNo('n.seq', '$3')}, 'new', $6::text, n.account_id, $7::uuid, $8::uuid, $1::timestamptz, $2::timestamptz, $3::timestamptz, n.currency, n.excl, n.excl + n.tax,
              jsonb_strip_nulls(jsonb_build_object(
                '@type', 'CustomerBill',
                'billNo', ${billNo('n.seq', '$3')},
                'billDate', ${sqlInstant('$3')},
                'lastUpdate', ${sqlInstant('$3')},
                'billingPeriod', jsonb_build_object('startDateTime', ${sqlInstant('$1')}, 'endDateTime', ${sqlInstant('$2')}),
                'paymentDueDate', ${sqlInstant('$4')},
                'nextBillDate', ${sqlInstant('$5')},
                'runType', $6::text,
                'state', 'new',
                'category', 'normal',
                'amountDue', ${money('n.excl + n.tax', 'n.currency')},
                'remainingAmount', ${money('n.excl + n.tax', 'n.currency')},
                'taxExcludedAmount', ${money('n.excl', 'n.currency')},
                'taxIncludedAmount', ${money('n.excl + n.tax', 'n.currency')},
                'taxItem', n.tax_items,
                'billingAccount', jsonb_build_object('id', n.account_id, 'href', $9::text || n.account_id, 'name', n.account_name, '@referredType', 'BillingAccount'),
                'relatedParty', jsonb_build_array(jsonb_build_object('id', n.customer_id, 'href', $10::text || n.customer_id, 'name', n.customer_name,
                                                                     'role', 'customer', '@referredType', 'Customer')),
                'billDocument', jsonb_build_array(
                  jsonb_build_object('id', n.id || '.html', 'url', $11::text || n.id || '.html', 'name', 'Bill ' || ${billNo('n.seq', '$3')},
                                     'mimeType', 'text/html', 'attachmentType', 'bill', '@type', 'AttachmentRefOrValue'),
                  jsonb_build_object('id', n.id || '.pdf', 'url', $11::text || n.id || '.pdf', 'name', 'Bill ' || ${billNo('n.seq', '$3')},
                                     'mimeType', 'application/pdf', 'attachmentType', 'bill', '@type', 'AttachmentRefOrValue'))
              ))
         FROM bill_new n`,
      [...p, h.billingAccount, h.customer, h.document],
    );
    await client.query(
      `INSERT INTO applied_billing_rate (id, billing_account_id, bill_id, product_id, charge_key, type, is_billed, rate_date, period_start, period_end, doc)
       SELECT gen_random_uuid(), r.billing_account_id, n.id, r.product_id, r.charge_key, r.type, true, $1::timestamptz, r.period_start, r.period_end,
              jsonb_strip_nulls(jsonb_build_object(
                '@type', 'AppliedCustomerBillingRate',
                'name', r.name,
                'description', CASE WHEN r.quantity IS NOT NULL THEN trim_scale(r.quantity) || ' ' || r.unit END,
                'date', ${sqlInstant('$1')},
                'type', r.type,
                'isBilled', true,
                'bill', jsonb_build_object('id', n.id, 'href', $2::text || n.id, '@referredType', 'CustomerBill'),
                'billingAccount', jsonb_build_object('id', n.account_id, 'href', $3::text || n.account_id, 'name', n.account_name, '@referredType', 'BillingAccount'),
                'product', CASE WHEN r.product_id IS NOT NULL THEN jsonb_build_object('id', r.product_id, 'name', r.product_name, '@referredType', 'Product') END,
                'periodCoverage', CASE WHEN r.period_start IS NOT NULL
                                       THEN jsonb_build_object('startDateTime', ${sqlInstant('r.period_start')}, 'endDateTime', ${sqlInstant('r.period_end')}) END,
                'taxExcludedAmount', ${money('r.tax_excluded', 'n.currency')},
                'taxIncludedAmount', ${money('r.tax_excluded + r.tax_amount', 'n.currency')},
                'appliedTax', jsonb_build_array(jsonb_build_object('taxCategory', 'VAT', 'taxRate', trim_scale(r.tax_rate),
                                                                   'taxAmount', ${money('r.tax_amount', 'n.currency')}, '@type', 'AppliedBillingTaxRate')),
                'characteristic', CASE WHEN r.quantity IS NOT NULL THEN jsonb_build_array(
                                    jsonb_build_object('name', 'quantity', 'value', r.quantity, 'valueType', 'number', '@type', 'AppliedBillingRateCharacteristic'),
                                    jsonb_build_object('name', 'unit', 'value', r.unit, 'valueType', 'string', '@type', 'AppliedBillingRateCharacteristic')) END
              ))
         FROM bill_rate r
         JOIN bill_new n ON n.account_id = r.billing_account_id`,
      [ctx.billDate, h.bill, h.billingAccount],
    );
    // `= ANY` of the billed ids (implied by the join) makes it primary-key lookups: otherwise the planner, blind to the
    // temporary tables' sizes, hash-joins them with a sequential scan of all of usage_record (billed history included)
    await client.query(
      `UPDATE usage_record u SET bill_id = n.id FROM bill_rate r JOIN bill_new n ON n.account_id = r.billing_account_id
        WHERE r.usage_id IS NOT NULL AND u.id = r.usage_id
          AND u.id = ANY (ARRAY(SELECT b.usage_id FROM bill_rate b WHERE b.usage_id IS NOT NULL))`,
    );
    // Events only when someone listens: a hub registered later is not owed past events.
    await client.query(
      `INSERT INTO outbox_event (event_id, api, event_type, resource_id, payload)
       SELECT e.id, 'TMF678', 'CustomerBillCreateEvent', c.id,
              jsonb_build_object('eventId', e.id, 'eventTime', ${sqlInstant('now()')}, 'eventType', 'CustomerBillCreateEvent',
                                 'event', jsonb_build_object('customerBill', jsonb_build_object('id', c.id, 'href', $1::text || c.id) || c.doc))
         FROM (SELECT gen_random_uuid() AS id, n.id AS bill_id FROM bill_new n) e JOIN customer_bill c ON c.id = e.bill_id
        WHERE EXISTS (SELECT 1 FROM hub_subscription s WHERE s.api = 'TMF678')`,
      [h.bill],
    );
    const { rows } = await client.query<{ bills: string; rates: string; amounts: WrittenBills['amounts'] }>(
      `SELECT (SELECT count(*) FROM bill_new) AS bills, (SELECT count(*) FROM bill_rate r JOIN bill_new n ON n.account_id = r.billing_account_id) AS rates,
              ${AMOUNTS_BY_CURRENCY} FROM (SELECT currency, sum(excl) AS excl, sum(excl + tax) AS incl FROM bill_new GROUP BY currency) t) AS amounts`,
    );
    await client.query(`SELECT pg_notify($1, '') WHERE EXISTS (SELECT 1 FROM hub_subscription s WHERE s.api = 'TMF678')`, [OUTBOX_CHANNEL]);
    return { bills: Number(rows[0].bills), rates: Number(rows[0].rates), amounts: rows[0].amounts };
  }
}

/** A sub-select (to be closed by the caller's FROM) turning rows (currency, excl, incl) into the `amounts` map. */
const AMOUNTS_BY_CURRENCY = `(SELECT coalesce(jsonb_object_agg(t.currency, jsonb_build_object('taxExcluded', t.excl::text, 'taxIncluded', t.incl::text)), '{}')`;

/** `B-202611-00000042`: the bill month and the bill's sequence number. */
function billNo(seq: string, billDate: string): string {
  return `('B-' || to_char(${billDate}::timestamptz, 'YYYYMM') || '-' || lpad(${seq}::text, 8, '0'))`;
}

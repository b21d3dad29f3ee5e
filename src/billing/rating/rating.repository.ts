import { Injectable } from '@nestjs/common';
import { Queryable } from '../../database/database.service';
import { sqlInstant } from '../../database/sql-instant';
import { MINOR_UNITS } from '../../tmf/money';

/** Which billing accounts one billing transaction covers. */
export type AccountSelection =
  /** A bill-run chunk: an id range, the accounts of one cycle (or all), existing when the run was planned. */
  | { kind: 'range'; firstId: string; lastId: string; billCycle: string | null; billDay: number | null; createdBefore: Date }
  /** An on-demand bill: one account. */
  | { kind: 'account'; id: string };

export interface BillingPeriod {
  start: Date;
  end: Date;
}

/** A recurring charge period as written in a QuotePrice: `month`, `3 month`, `2 weeks`. */
const PERIOD_LABEL = String.raw`^(?:(\d+)\s+)?(day|week|month|year)s?$`;

/**
 * Rating, set-based, inside the billing transaction: the selected accounts are locked and copied into the
 * temporary table `bill_account`, and every charge they owe for the period into `bill_rate` (dropped at
 * commit). Recurring and one-time charges come from the price snapshot of the customer's products (the
 * accepted quote's QuotePrice list), usage from the pushed usage records.
 */
@Injectable()
export class RatingRepository {
  /**
   * Locks the selected accounts (in id order, so two billing transactions never deadlock) — the billing-account
   * lock that keeps an on-demand bill and a bill run from billing the same charges — and returns how many.
   */
  async selectAccounts(client: Queryable, selection: AccountSelection): Promise<number> {
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await client.query(
      `CREATE TEMP TABLE bill_account (id uuid PRIMARY KEY, customer_id uuid NOT NULL, name text NOT NULL, currency text NOT NULL,
         tax_rate numeric NOT NULL, bill_cycle text NOT NULL, minor_units int NOT NULL) ON COMMIT DROP`,
    );
    const where =
      selection.kind === 'account'
        ? { sql: `a.id = $2`, values: [selection.id] }
        : {
            sql: `a.id BETWEEN $2 AND $3 AND a.created_at <= $4 AND ($5::text IS NULL OR a.bill_cycle = $5) AND ($6::int IS NULL OR a.bill_day = $6)`,
            values: [selection.firstId, selection.lastId, selection.createdBefore, selection.billCycle, selection.billDay],
          };
    const result = await client.query(
      `INSERT INTO bill_account (id, customer_id, name, currency, tax_rate, bill_cycle, minor_units)
       SELECT a.id, a.customer_id, a.name, a.currency, a.tax_rate, a.bill_cycle, coalesce(($1::jsonb ->> a.currency)::int, 2)
         FROM billing_account a WHERE ${where.sql} ORDER BY a.id FOR UPDATE OF a`,
      [JSON.stringify(MINOR_UNITS), ...where.values],
    );
    return result.rowCount ?? 0;
  }

  /** Drops the accounts that already have an on-cycle bill for the period (a re-run); returns how many. */
  async dropAlreadyBilled(client: Queryable, period: BillingPeriod): Promise<number> {
    // one index probe per account (LATERAL … LIMIT 1): with older periods' bills in the table its statistics know no
    // bill of this period, and the planner otherwise scans the period's bills once per selected account
    const result = await client.query(
      `DELETE FROM bill_account b
        USING (SELECT a.id FROM bill_account a
                CROSS JOIN LATERAL (SELECT 1 FROM customer_bill c
                                     WHERE c.billing_account_id = a.id AND c.run_type = 'onCycle' AND c.period_start = $1 AND c.period_end = $2
                                     LIMIT 1) billed) d
        WHERE d.id = b.id`,
      [period.start, period.end],
    );
    return result.rowCount ?? 0;
  }

  /**
   * Accounts that cannot be billed — a product priced in another currency than the account's, or a recurring
   * price whose period is not understood — are removed from `bill_account` and returned with the reason.
   */
  async removeUnbillable(client: Queryable, period: BillingPeriod): Promise<{ id: string; reason: string }[]> {
    const { rows } = await client.query<{ id: string; reason: string }>(
      `WITH problem AS (
         SELECT DISTINCT ON (b.id) b.id,
                CASE WHEN coalesce(e.price -> 'price' -> 'dutyFreeAmount' ->> 'unit', b.currency) <> b.currency
                     THEN format('product %s (%s) is priced in %s but the account bills in %s', p.id, p.name, e.price -> 'price' -> 'dutyFreeAmount' ->> 'unit', b.currency)
                     ELSE format('product %s (%s) has a recurring price with a charge period that cannot be read (%s)', p.id, p.name, coalesce(e.price ->> 'recurringChargePeriod', 'none'))
                END AS reason
           FROM bill_account b
           JOIN customer_product p ON p.billing_account_id = b.id
           CROSS JOIN LATERAL jsonb_array_elements(p.price) e(price)
          WHERE p.start_date < $2 AND (p.end_date IS NULL OR p.end_date > $1)
            AND (coalesce(e.price -> 'price' -> 'dutyFreeAmount' ->> 'unit', b.currency) <> b.currency
                 OR (e.price ->> 'priceType' = 'recurring' AND coalesce(e.price ->> 'recurringChargePeriod', '') !~* $3))
          ORDER BY b.id
       ), removed AS (DELETE FROM bill_account b USING problem WHERE b.id = problem.id RETURNING b.id)
       SELECT problem.id, problem.reason FROM problem JOIN removed USING (id)`,
      [period.start, period.end, PERIOD_LABEL],
    );
    return rows;
  }

  /**
   * Every charge of the accounts in `bill_account` for the period, into `bill_rate`, amounts rounded to the
   * currency's minor unit and taxed line by line:
   * - recurring: each recurring price of a product active in the period, from where the product's last recurring
   *   charge ended (or its start) to the period end (or the product's end); prorated — month and year prices by
   *   whole calendar months plus the elapsed share of the next, day and week prices by elapsed time;
   * - one-time: each one-time price of a product that started in the period;
   * - discounts (`appliedBillingCredit`): each price alteration of those charges, over the part of the charge
   *   inside its `applicationDuration` (counted in charge periods from the product start, so that a discount for
   *   N months credits exactly N months however the product start falls across bills);
   * - usage: every unbilled usage record dated before the period end (late usage is billed on the next bill).
   * Each has a `charge_key` naming what it charges; keys already charged (by an earlier bill) are dropped.
   */
  async rate(client: Queryable, period: BillingPeriod): Promise<number> {
    await client.query(
      `CREATE TEMP TABLE bill_rate (billing_account_id uuid NOT NULL, charge_key text NOT NULL, type text NOT NULL, product_id uuid,
         product_name text, name text NOT NULL, period_start timestamptz, period_end timestamptz, quantity numeric, unit text,
         tax_excluded numeric NOT NULL, tax_rate numeric NOT NULL, tax_amount numeric NOT NULL DEFAULT 0, usage_id uuid) ON COMMIT DROP`,
    );
    // the price entries of the products in force during the period, with the charge period parsed
    await client.query(
      `CREATE TEMP TABLE bill_price ON COMMIT DROP AS
       SELECT p.id AS product_id, p.billing_account_id, p.name AS product_name, p.start_date, p.end_date, e.ord, e.price,
              b.minor_units,
              lower(m[2]) AS period_type, coalesce(m[1]::int, 1) AS period_length,
              (e.price -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric
                + coalesce((SELECT sum((a -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric) FROM jsonb_array_elements(e.price -> 'priceAlteration') a), 0) AS base,
              coalesce((e.price -> 'price' ->> 'taxRate')::numeric, b.tax_rate) AS tax_rate,
              -- how far the product's recurring charges already reach (one-time prices do not need it)
              CASE WHEN e.price ->> 'priceType' = 'recurring'
                   THEN (SELECT max(r.period_end) FROM applied_billing_rate r WHERE r.product_id = p.id AND r.type = 'recurringCharge') END AS billed_until
         FROM bill_account b
         JOIN customer_product p ON p.billing_account_id = b.id
         CROSS JOIN LATERAL jsonb_array_elements(p.price) WITH ORDINALITY e(price, ord)
         LEFT JOIN LATERAL regexp_match(e.price ->> 'recurringChargePeriod', $3, 'i') m ON true
        WHERE p.start_date < $2 AND (p.end_date IS NULL OR p.end_date > $1)
          AND e.price ->> 'priceType' IN ('recurring', 'oneTime')`,
      [period.start, period.end, PERIOD_LABEL],
    );
    // recurring charges and their discounts, over the coverage [cov_start, cov_end)
    await client.query(
      `WITH coverage AS (
         SELECT bp.*, greatest($1, bp.start_date, coalesce(bp.billed_until, bp.start_date)) AS cov_start, least($2, coalesce(bp.end_date, $2)) AS cov_end
           FROM bill_price bp WHERE bp.price ->> 'priceType' = 'recurring'
       ), charge AS (
         SELECT c.*, ${periodsBetween('c.cov_start', 'c.cov_end')} AS periods FROM coverage c WHERE c.cov_end > c.cov_start
       ), recurring AS (
         INSERT INTO bill_rate (billing_account_id, charge_key, type, product_id, product_name, name, period_start, period_end, tax_excluded, tax_rate)
         SELECT billing_account_id, format('rc:%s:%s:%s', product_id, ord, ${sqlInstant('cov_start')}), 'recurringCharge',
                product_id, product_name, coalesce(price ->> 'name', 'Recurring charge'), cov_start, cov_end,
                round(base * periods, minor_units), tax_rate
           FROM charge
       )
       INSERT INTO bill_rate (billing_account_id, charge_key, type, product_id, product_name, name, period_start, period_end, tax_excluded, tax_rate)
       SELECT c.billing_account_id, format('dc:%s:%s:%s:%s', c.product_id, c.ord, a.ord, ${sqlInstant('d.start')}), 'appliedBillingCredit',
              c.product_id, c.product_name, coalesce(a.alt ->> 'name', 'Discount'), d.start, d.finish,
              -round((a.alt -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric * CASE WHEN a.alt ->> 'applicationDuration' IS NULL
                THEN ${periodsBetween('d.start', 'd.finish', 'c')}
                -- counted from the product start, so the bills of a limited discount add up to exactly its duration
                ELSE ${periodsBetween('c.start_date', 'd.finish', 'c')} - ${periodsBetween('c.start_date', 'd.start', 'c')} END, c.minor_units), c.tax_rate
         FROM charge c
         CROSS JOIN LATERAL jsonb_array_elements(c.price -> 'priceAlteration') WITH ORDINALITY a(alt, ord)
         CROSS JOIN LATERAL (
           SELECT c.cov_start AS start,
                  CASE WHEN a.alt ->> 'applicationDuration' IS NULL THEN c.cov_end
                       ELSE least(c.cov_end, c.start_date + make_interval(
                              days => CASE c.period_type WHEN 'day' THEN 1 WHEN 'week' THEN 7 ELSE 0 END * c.period_length * (a.alt ->> 'applicationDuration')::int,
                              months => CASE c.period_type WHEN 'month' THEN 1 WHEN 'year' THEN 12 ELSE 0 END * c.period_length * (a.alt ->> 'applicationDuration')::int)) END AS finish
         ) d
        WHERE d.finish > d.start`,
      [period.start, period.end],
    );
    // one-time charges of the products that started in the period, and their discounts
    await client.query(
      `WITH one_time AS (SELECT * FROM bill_price WHERE price ->> 'priceType' = 'oneTime' AND start_date >= $1)
       INSERT INTO bill_rate (billing_account_id, charge_key, type, product_id, product_name, name, period_start, period_end, tax_excluded, tax_rate)
       SELECT billing_account_id, format('ot:%s:%s', product_id, ord), 'oneTimeCharge', product_id, product_name,
              coalesce(price ->> 'name', 'One-time charge'), start_date, start_date, round(base, minor_units), tax_rate
         FROM one_time
       UNION ALL
       SELECT o.billing_account_id, format('od:%s:%s:%s', o.product_id, o.ord, a.ord), 'appliedBillingCredit', o.product_id, o.product_name,
              coalesce(a.alt ->> 'name', 'Discount'), o.start_date, o.start_date, -round((a.alt -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric, o.minor_units),
              o.tax_rate
         FROM one_time o CROSS JOIN LATERAL jsonb_array_elements(o.price -> 'priceAlteration') WITH ORDINALITY a(alt, ord)`,
      [period.start],
    );
    // pushed usage, rated by the pipeline (tax excluded), taxed at the rate of the product's usage price, else the account's
    await client.query(
      `INSERT INTO bill_rate (billing_account_id, charge_key, type, product_id, product_name, name, period_start, period_end, quantity, unit, tax_excluded, tax_rate, usage_id)
       SELECT u.billing_account_id, 'us:' || u.id, 'usageCharge', u.product_id, p.name, coalesce(u.description, u.usage_type), u.usage_date, u.usage_date,
              u.quantity, u.unit, round(u.amount, b.minor_units),
              coalesce((SELECT (e -> 'price' ->> 'taxRate')::numeric FROM jsonb_array_elements(p.price) e WHERE e ->> 'priceType' = 'usage' LIMIT 1), b.tax_rate), u.id
         FROM bill_account b
         JOIN usage_record u ON u.billing_account_id = b.id AND u.bill_id IS NULL AND u.usage_date < $1
         LEFT JOIN customer_product p ON p.id = u.product_id`,
      [period.end],
    );
    // a charge that rounds to nothing (a free product, milliseconds of coverage right after another bill) is not a
    // line: it would make empty bills. Usage records stay, so that each is billed once.
    await client.query(`DELETE FROM bill_rate WHERE tax_excluded = 0 AND usage_id IS NULL`);
    // what an earlier bill (a previous run, an on-demand bill) already charged is not charged again
    await client.query(
      `DELETE FROM bill_rate r USING applied_billing_rate x WHERE x.billing_account_id = r.billing_account_id AND x.charge_key = r.charge_key`,
    );
    await client.query(`UPDATE bill_rate r SET tax_amount = round(r.tax_excluded * r.tax_rate, b.minor_units) FROM bill_account b WHERE b.id = r.billing_account_id`);
    const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM bill_rate`);
    return Number(count.rows[0].n);
  }
}

/**
 * SQL for the number of charge periods between two instants (columns of `alias`, default the row itself):
 * month and year periods count whole calendar months plus the elapsed share of the next month; day and week
 * periods count elapsed time.
 */
function periodsBetween(from: string, to: string, alias?: string): string {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  const months = `(extract(year FROM age(${to}, ${from})) * 12 + extract(month FROM age(${to}, ${from})))::int`;
  const monthsExact = `(${months} + extract(epoch FROM ${to} - (${from} + make_interval(months => ${months})))
     / extract(epoch FROM (${from} + make_interval(months => ${months} + 1)) - (${from} + make_interval(months => ${months}))))`;
  const seconds = `extract(epoch FROM ${to} - ${from})`;
  return `(CASE ${col('period_type')}
      WHEN 'month' THEN ${monthsExact} / ${col('period_length')}
      WHEN 'year' THEN ${monthsExact} / (12 * ${col('period_length')})
      WHEN 'week' THEN ${seconds} / (604800 * ${col('period_length')})
      ELSE ${seconds} / (86400 * ${col('period_length')}) END)`;
}

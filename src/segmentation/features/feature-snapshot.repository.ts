import { Injectable } from '@nestjs/common';
import { Queryable } from '../../database/database.service';

/** Bill states that still wait for payment: past their due date they count as overdue. */
const UNPAID_STATES = ['new', 'onHold', 'validated', 'sent', 'partiallyPaid'];

/** Why a snapshot was taken: a bill run, or an event about one customer. */
export type FeatureTrigger = 'billRun' | 'quoteAccepted' | 'customerChanged';

export interface SnapshotContext {
  trigger: FeatureTrigger;
  billRunId: string | null;
  /** The instant the features describe (products owned, tenure, overdue bills). */
  asOf: Date;
}

const FEATURE_COLUMNS = `customer_id, bill_run_id, trigger, as_of, period_end, currency, spend, spend_avg3, spend_trend3, periods_billed, product_count,
  families, tenure_days, overdue_bills, employees, industry, usage_volume, usage_share`;

/**
 * Customer features, computed set-based for the customers in the temporary table `seg_customer` (id, period_end):
 * spend and usage from the customer's on-cycle bills (the period ending at `period_end` and the two before it),
 * products and overdue bills as of the snapshot instant, firmographics from the customer's characteristics. Each
 * computation is kept as a dated row of `customer_feature` and becomes the customer's row in
 * `customer_feature_current`, the population rules and percentiles read.
 */
@Injectable()
export class FeatureSnapshotRepository {
  /** The customers of the accounts a billing transaction selected (its `bill_account` table), for the run's period. */
  async selectBilledCustomers(client: Queryable, periodEnd: Date): Promise<number> {
    await this.createCustomerTable(client);
    const result = await client.query(`INSERT INTO seg_customer (id, period_end) SELECT DISTINCT customer_id, $1::timestamptz FROM bill_account`, [periodEnd]);
    return result.rowCount ?? 0;
  }

  /** One customer, with its latest billed period (none before its first bill). */
  async selectCustomer(client: Queryable, customerId: string): Promise<number> {
    await this.createCustomerTable(client);
    const result = await client.query(
      `INSERT INTO seg_customer (id, period_end)
       SELECT c.id, (SELECT max(b.period_end) FROM billing_account a JOIN customer_bill b ON b.billing_account_id = a.id
                      WHERE a.customer_id = c.id AND b.run_type = 'onCycle')
         FROM customer c WHERE c.id = $1`,
      [customerId],
    );
    return result.rowCount ?? 0;
  }

  /** The next batch of a bill run's evaluated customers after `after` (id order); returns the last id, or null when done. */
  async selectRunCustomers(client: Queryable, runId: string, after: string | null, limit: number): Promise<string | null> {
    await this.createCustomerTable(client);
    const { rows } = await client.query<{ last: string | null }>(
      `WITH batch AS (
         INSERT INTO seg_customer (id, period_end)
         SELECT customer_id, period_end FROM customer_feature
          WHERE bill_run_id = $1 AND ($2::uuid IS NULL OR customer_id > $2) ORDER BY customer_id LIMIT $3
         RETURNING id)
       SELECT max(id::text) AS last FROM batch`,
      [runId, after, limit],
    );
    return rows[0].last;
  }

  private async createCustomerTable(client: Queryable): Promise<void> {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS seg_customer (id uuid PRIMARY KEY, period_end timestamptz) ON COMMIT DROP`);
    await client.query(`TRUNCATE seg_customer`);
  }

  /** Computes the features of the `seg_customer` customers, records the snapshot and makes it their current one. */
  async snapshot(client: Queryable, ctx: SnapshotContext): Promise<void> {
    await client.query(
      `WITH base AS (
         SELECT s.id AS customer_id, s.period_end, c.doc, c.created_at,
                (SELECT a.currency FROM billing_account a WHERE a.customer_id = s.id ORDER BY a.created_at, a.id LIMIT 1) AS currency
           FROM seg_customer s JOIN customer c ON c.id = s.id),
       period_total AS (
         SELECT b.customer_id, cb.period_end, cb.period_end = b.period_end AS is_current, sum(cb.tax_excluded_amount) AS total
           FROM base b JOIN billing_account a ON a.customer_id = b.customer_id
           JOIN customer_bill cb ON cb.billing_account_id = a.id AND cb.run_type = 'onCycle' AND cb.currency = b.currency AND cb.period_end <= b.period_end
          GROUP BY 1, 2, 3),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY period_end DESC) AS rn,
                least(3, count(*) OVER (PARTITION BY customer_id)) AS n
           FROM period_total),
       spend AS (
         SELECT customer_id,
                coalesce(max(total) FILTER (WHERE rn = 1 AND is_current), 0) AS spend,
                round(avg(total) FILTER (WHERE rn <= 3), 4) AS avg3,
                CASE WHEN max(n) >= 2
                     THEN round((max(total) FILTER (WHERE rn = 1) - max(total) FILTER (WHERE rn = n)) / nullif(max(total) FILTER (WHERE rn = n), 0), 4) END AS trend3,
                count(*) AS periods
           FROM ranked GROUP BY customer_id),
       usage_by_family AS (
         SELECT b.customer_id, p.family, sum(u.quantity) AS volume, sum(u.amount) AS amount
           FROM base b JOIN billing_account a ON a.customer_id = b.customer_id
           JOIN customer_bill cb ON cb.billing_account_id = a.id AND cb.run_type = 'onCycle' AND cb.period_end = b.period_end
           JOIN usage_record u ON u.billing_account_id = a.id AND u.bill_id = cb.id
           LEFT JOIN customer_product p ON p.id = u.product_id
          GROUP BY 1, 2),
       usage AS (
         SELECT customer_id,
                coalesce(jsonb_object_agg(family, volume) FILTER (WHERE family IS NOT NULL), '{}') AS volume,
                coalesce(jsonb_object_agg(family, round(amount / nullif(total, 0), 4)) FILTER (WHERE family IS NOT NULL AND total <> 0), '{}') AS share
           FROM (SELECT *, sum(amount) OVER (PARTITION BY customer_id) AS total FROM usage_by_family) t
          GROUP BY customer_id),
       products AS (
         SELECT b.customer_id, count(*) AS n, coalesce(array_agg(DISTINCT p.family ORDER BY p.family) FILTER (WHERE p.family IS NOT NULL), '{}') AS families
           FROM base b JOIN customer_product p ON p.customer_id = b.customer_id AND p.status = 'active'
          WHERE p.start_date <= $3 AND (p.end_date IS NULL OR p.end_date > $3)
          GROUP BY 1),
       overdue AS (
         SELECT b.customer_id, count(*) AS n
           FROM base b JOIN billing_account a ON a.customer_id = b.customer_id
           JOIN customer_bill cb ON cb.billing_account_id = a.id
          WHERE cb.state = ANY($4::text[]) AND (cb.doc ->> 'paymentDueDate')::timestamptz < $3
          GROUP BY 1),
       characteristic AS (
         SELECT b.customer_id,
                max(ch ->> 'value') FILTER (WHERE ch ->> 'name' = 'numberOfEmployees') AS employees,
                max(ch ->> 'value') FILTER (WHERE ch ->> 'name' = 'industry') AS industry
           FROM base b
           CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(b.doc -> 'characteristic') WHEN 'array' THEN b.doc -> 'characteristic' ELSE '[]' END) ch
          WHERE jsonb_typeof(ch) = 'object'
          GROUP BY 1),
       computed AS (
         SELECT b.customer_id, $1::uuid AS bill_run_id, $2::text AS trigger, $3::timestamptz AS as_of, b.period_end, b.currency,
                CASE WHEN b.period_end IS NOT NULL THEN coalesce(s.spend, 0) END AS spend, s.avg3 AS spend_avg3, s.trend3 AS spend_trend3,
                coalesce(s.periods, 0) AS periods_billed,
                coalesce(p.n, 0) AS product_count, coalesce(p.families, '{}') AS families,
                floor(extract(epoch FROM $3::timestamptz - b.created_at) / 86400)::int AS tenure_days,
                coalesce(o.n, 0) AS overdue_bills,
                CASE WHEN trim(ch.employees) ~ '^[0-9]{1,12}(\\.[0-9]{1,6})?$' THEN trim(ch.employees)::numeric END AS employees,
                nullif(trim(ch.industry), '') AS industry,
                coalesce(u.volume, '{}') AS usage_volume, coalesce(u.share, '{}') AS usage_share
           FROM base b
           LEFT JOIN spend s ON s.customer_id = b.customer_id
           LEFT JOIN usage u ON u.customer_id = b.customer_id
           LEFT JOIN products p ON p.customer_id = b.customer_id
           LEFT JOIN overdue o ON o.customer_id = b.customer_id
           LEFT JOIN characteristic ch ON ch.customer_id = b.customer_id),
       recorded AS (
         INSERT INTO customer_feature (id, ${FEATURE_COLUMNS})
         SELECT gen_random_uuid(), ${FEATURE_COLUMNS} FROM computed ORDER BY customer_id
         -- a customer with accounts in two chunks of a run is computed twice: the later computation sees both bills
         ON CONFLICT (bill_run_id, customer_id) WHERE bill_run_id IS NOT NULL
         DO UPDATE SET (${FEATURE_COLUMNS}) = ROW(${excludedColumns()})
         RETURNING id, ${FEATURE_COLUMNS})
       INSERT INTO customer_feature_current (snapshot_id, ${FEATURE_COLUMNS})
       SELECT id, ${FEATURE_COLUMNS} FROM recorded ORDER BY customer_id
       ON CONFLICT (customer_id) DO UPDATE SET (snapshot_id, ${FEATURE_COLUMNS}) = ROW(excluded.snapshot_id, ${excludedColumns()})`,
      [ctx.billRunId, ctx.trigger, ctx.asOf, UNPAID_STATES],
    );
  }
}

function excludedColumns(): string {
  return FEATURE_COLUMNS.split(',')
    .map((c) => `excluded.${c.trim()}`)
    .join(', ');
}

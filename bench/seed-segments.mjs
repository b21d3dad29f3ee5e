// Loads N synthetic customers with PLANTED needs groups, for the learned segmentation bench (bench/segments.mjs).
// Set-based (INSERT … SELECT over generate_series) and deterministic: every choice is a hash of the customer
// number, so the same N gives the same data.
//
// - 5 TMF620 categories (Mobile, IoT, Cloud, Voice, Connectivity: the product families) and one offering each;
// - each customer is planted in one of 4 needs groups (hash of its number), each group a mean usage mix over the
//   families. Its products: one per family of its group's mix (a minor family, mean share < 10%, owned by 60% of
//   the group), customer_product.family set, a monthly fee and a usage price;
// - its usage in the period: one rated usage record per product, the amounts following the group's mix with
//   log-normal noise per family (shares = w_f / Σ w, w_f = mean_f · e^{σ z}: Dirichlet-like), the total scaled
//   per customer (log-normal too), so the usage share per family — what the learned segments cluster — is noisy;
// - the planted group per customer in the table bench_planted_group(customer_id, grp) (bench-only, not a
//   service table), which the bench compares the learned segments with.

import { CUSTOMER_DOC_SQL } from './seed.mjs';

/** The product families: category name, family key (lower case, alphanumerics only), usage type, unit, price per unit. */
export const FAMILIES = [
  ['Mobile', 'mobile', 'data', 'GB', 2.5],
  ['IoT', 'iot', 'iot data', 'MB', 0.05],
  ['Cloud', 'cloud', 'storage', 'GB', 0.1],
  ['Voice', 'voice', 'voice', 'min', 0.02],
  ['Connectivity', 'connectivity', 'bandwidth', 'GB', 0.3],
];

/** The planted needs groups: the mean share of usage charges per family (each sums to 1). */
export const GROUPS = {
  mobileFleet: { mobile: 0.7, voice: 0.15, cloud: 0.1, iot: 0.05 },
  iotHeavy: { iot: 0.65, mobile: 0.2, connectivity: 0.1, cloud: 0.05 },
  cloudFirst: { cloud: 0.6, connectivity: 0.25, mobile: 0.1, voice: 0.05 },
  voiceFixed: { voice: 0.55, connectivity: 0.3, mobile: 0.15 },
};

/** Standard deviation of the log-normal noise on each family's weight. */
export const NOISE_SIGMA = 0.5;

const HASH_FN = `CREATE OR REPLACE FUNCTION pg_temp.h(a int, b int, c int) RETURNS bigint IMMUTABLE LANGUAGE sql
  AS $$ SELECT ('x' || substr(md5('seg:' || a || ':' || b || ':' || c), 1, 12))::bit(48)::bigint $$`;
/** A uniform value in [0, 1) from the hash. */
const U = (a, b, c) => `(pg_temp.h(${a}, ${b}, ${c}) % 1000000 / 1000000.0)`;
/** An approximately standard normal value: 4 uniforms, centred and scaled to variance 1. */
const Z = (a, b) => `((${[1, 2, 3, 4].map((c) => U(a, b, 10 + c)).join(' + ')} - 2) * sqrt(3))`;

const familiesSql = `(VALUES ${FAMILIES.map(([name, key, type, unit, rate], i) => `(${i + 1}, '${name}', '${key}', '${type}', '${unit}', ${rate})`).join(', ')})
  AS fam(f, category, family, usage_type, unit, rate)`;
const groupNames = Object.keys(GROUPS);
const mixSql = `(VALUES ${groupNames.flatMap((grp, gi) => Object.entries(GROUPS[grp]).map(([family, mean]) => `(${gi}, '${grp}', '${family}', ${mean})`)).join(', ')})
  AS mix(gi, grp, family, mean)`;

const CATEGORIES_SQL = `
INSERT INTO category (id, name, lifecycle_status, last_update, doc)
SELECT md5('category:' || family)::uuid, category, 'Launched', $1::timestamptz,
       jsonb_build_object('name', category, 'lifecycleStatus', 'Launched', 'isRoot', true, 'lastUpdate', $1::text, '@type', 'Category')
  FROM ${familiesSql}
ON CONFLICT (id) DO NOTHING`;

const OFFERINGS_SQL = `
INSERT INTO product_offering (id, name, lifecycle_status, last_update, doc)
SELECT md5('offering:' || family)::uuid, category || ' for Business', 'Launched', $1::timestamptz,
       jsonb_build_object('name', category || ' for Business', 'lifecycleStatus', 'Launched', 'isBundle', false, 'isSellable', true, 'lastUpdate', $1::text,
                          'category', jsonb_build_array(jsonb_build_object('id', md5('category:' || family)::uuid, 'name', category)), '@type', 'ProductOffering')
  FROM ${familiesSql}
ON CONFLICT (id) DO NOTHING`;

const CUSTOMERS_SQL = `
CREATE TEMP TABLE seg_customer ON COMMIT DROP AS
SELECT g, md5('seg-customer:' || g)::uuid AS id, md5('seg-account:' || g)::uuid AS account_id,
       'Segment Co ' || lpad(g::text, 7, '0') AS name, 'Approved' AS status,
       (ARRAY['manufacturing', 'retail', 'finance', 'telecom', 'logistics', 'public sector'])[1 + g % 6] AS industry,
       (pg_temp.h(g, 0, 1) % ${groupNames.length})::int AS gi,
       (40 * exp(0.6 * ${Z('g', 0)}))::numeric AS total,
       $1::timestamptz - make_interval(days => 100 + g % 900) AS created
  FROM generate_series(1, $2::int) AS g`;

/** One row per (customer, owned family): its noisy weight, and from the weights its share and amount. */
const HOLDINGS_SQL = `
CREATE TEMP TABLE seg_holding ON COMMIT DROP AS
WITH owned AS (
  SELECT c.*, mix.grp, mix.mean, fam.*, mix.mean * exp(${NOISE_SIGMA} * ${Z('c.g', 'fam.f')}) AS w
    FROM seg_customer c
    JOIN ${mixSql} ON mix.gi = c.gi
    JOIN ${familiesSql} ON fam.family = mix.family
   WHERE mix.mean >= 0.1 OR ${U('c.g', 'fam.f', 5)} < 0.6
)
SELECT o.*, (w / sum(w) OVER (PARTITION BY g))::numeric AS share, md5('seg-product:' || g || ':' || f)::uuid AS product_id FROM owned o`;

const ACCOUNTS_SQL = `
INSERT INTO customer (id, name, status, doc, created_at, updated_at)
SELECT id, name, status, ${CUSTOMER_DOC_SQL}, created, created FROM seg_customer ORDER BY g;
INSERT INTO billing_account (id, customer_id, name, created_at, bill_cycle, bill_day, currency, tax_rate)
SELECT account_id, id, name || ' billing account', created, 'month', 1, 'EUR', 0.2 FROM seg_customer ORDER BY g;
CREATE TABLE IF NOT EXISTS bench_planted_group (customer_id uuid PRIMARY KEY, grp text NOT NULL);
TRUNCATE bench_planted_group;
INSERT INTO bench_planted_group SELECT id, (ARRAY[${groupNames.map((g) => `'${g}'`).join(', ')}])[gi + 1] FROM seg_customer`;

const money = (value) => `jsonb_build_object('unit', 'EUR', 'value', ${value})`;

const PRODUCTS_SQL = `
INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, quote_id, quote_item_id, family, created_at, updated_at)
SELECT product_id, id, account_id, md5('offering:' || family)::uuid, category || ' for Business', 'active', 1,
       jsonb_build_array(
         jsonb_build_object('name', category || ' monthly fee', 'priceType', 'recurring', 'recurringChargePeriod', 'month',
           'price', jsonb_build_object('taxRate', 0.2, 'dutyFreeAmount', ${money('10.00')}, 'taxIncludedAmount', ${money('12.00')}, '@type', 'Price'), '@type', 'QuotePrice'),
         jsonb_build_object('name', category || ' usage', 'priceType', 'usage', 'unitOfMeasure', unit,
           'price', jsonb_build_object('taxRate', 0.2, 'dutyFreeAmount', ${money('rate')}, '@type', 'Price'), '@type', 'QuotePrice')),
       created, md5('seg-quote:' || g)::uuid, f::text, family, created, created
  FROM seg_holding ORDER BY g, f`;

/** One rated usage record per product inside the period: amount = the customer's total × the family's share. */
const USAGE_SQL = `
INSERT INTO usage_record (id, usage_id, billing_account_id, product_id, usage_date, usage_type, quantity, unit, amount, currency, description, received_at)
SELECT md5('seg-usage:' || g || ':' || f)::uuid, 'seg-cdr-' || g || '-' || f, account_id, product_id, d.usage_date, usage_type,
       round(greatest(total * share, 0.01) / rate, 4), unit, round(greatest(total * share, 0.01), 4), 'EUR', 'Usage ' || usage_type, d.usage_date + interval '1 hour'
  FROM seg_holding
  CROSS JOIN LATERAL (SELECT $1::timestamptz + make_interval(secs => (pg_temp.h(g, f, 7) % extract(epoch FROM $2::timestamptz - $1::timestamptz)::bigint)::double precision) AS usage_date) d`;

/**
 * Replaces the billing data of the database behind `client` (a pg.Client: the hash function is session-local) with
 * `customers` customers of planted needs groups, usage in [periodStart, periodEnd); returns counts per group.
 */
export async function seedSegments(client, { customers, periodStart, periodEnd }) {
  await client.query(`TRUNCATE usage_record, applied_billing_rate, customer_bill, customer_bill_on_demand, bill_run_parked_account, bill_run_chunk, bill_run,
                                customer_product, billing_account, customer CASCADE`);
  await client.query(HASH_FN);
  const ps = periodStart.toISOString();
  const pe = periodEnd.toISOString();
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await client.query(CATEGORIES_SQL, [ps]);
    await client.query(OFFERINGS_SQL, [ps]);
    await client.query(CUSTOMERS_SQL, [ps, customers]);
    await client.query(HOLDINGS_SQL);
    await client.query(ACCOUNTS_SQL);
    await client.query(PRODUCTS_SQL);
    await client.query(USAGE_SQL, [ps, pe]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  const { rows } = await client.query(
    `SELECT grp, count(*)::int AS customers FROM bench_planted_group GROUP BY grp ORDER BY grp`,
  );
  const { rows: [totals] } = await client.query(
    `SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM customer_product)::int AS products,
            (SELECT count(*) FROM usage_record)::int AS "usageRecords"`,
  );
  if (totals.customers !== customers) throw new Error(`seeding gave ${totals.customers} customers, expected ${customers}`);
  await client.query('VACUUM (ANALYZE) customer, billing_account, customer_product, usage_record, category, product_offering');
  return { ...totals, groups: Object.fromEntries(rows.map((r) => [r.grp, r.customers])) };
}

/**
 * The usage mix per customer straight from the seeded rows (share of usage amount per family in the period), as
 * the feature snapshot computes it: for checking the clustering without running the service.
 */
export async function seededUsageShares(client, { periodStart, periodEnd }) {
  const { rows } = await client.query(
    `SELECT customer_id, grp, jsonb_object_agg(family, round(amount / total, 4)) AS share
       FROM (SELECT p.customer_id, g.grp, p.family, t.amount, sum(t.amount) OVER (PARTITION BY p.customer_id) AS total
               FROM (SELECT product_id, sum(amount) AS amount FROM usage_record WHERE usage_date >= $1 AND usage_date < $2 GROUP BY product_id) t
               JOIN customer_product p ON p.id = t.product_id
               JOIN bench_planted_group g ON g.customer_id = p.customer_id) s
      GROUP BY customer_id, grp ORDER BY customer_id`,
    [periodStart.toISOString(), periodEnd.toISOString()],
  );
  return rows;
}

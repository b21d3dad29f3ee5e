// Loads N synthetic billing customers for a bill run, set-based (a handful of INSERT … SELECT statements over
// generate_series): customers (documents shaped like bench/seed.mjs's, with the numberOfEmployees and industry
// characteristics), their billing accounts (EUR, GBP, JPY; a few tax rates), the products they own
// (customer_product, 1–3 per account, each with its product family) with TMF648 QuotePrice snapshots as quote
// acceptance stores them, rated usage records, the bills of the two periods before (history for the trend
// features), and the TMF620 categories naming the families (Mobile, Connectivity, Cloud, TV, Voice, IoT) so that
// segment rules on usageShare.<family> compile. Deterministic: every choice is a hash of the
// account number (ids are md5-derived uuids), so the same N gives the same data.
//
// What a monthly bill run of `period` meets (fractions approximate):
// - recurring prices, mostly monthly, Cloud Backup quarterly ('3 month'); quantities on mobile lines;
// - discounts (priceAlteration, dutyFreeAmount after them): 20% of products a 10% loyalty discount for 12 charge
//   periods (some end inside the period: prorated credit, most long expired or still running), 10% a permanent
//   15% discount, 10% a 3-period promotion plus a permanent 10%;
// - 3% of products start inside the period (prorated recurring, their one-time prices charged, some with a
//   50% setup waiver), 1% end inside it (prorated), 0.5% start after it and 0.5% ended before it (not charged);
// - usage prices (tax rate of the product's usage price) on mobile, voice, cloud and IoT products;
// - 3 usage records per account in the period (the first two on its first product when usage-priced, the third
//   without a product: taxed at the account's rate), one more on its second product when usage-priced, 5% of
//   accounts one more dated after the period end (not billed), 2% one dated before the period (billed); usage
//   mixes vary by the products owned (IoT-heavy, mobile, cloud…);
// - bill history: 80% of accounts billed the period before, 60% the two before, 10% of last period's unpaid;
// - about 0.15% of accounts are parked: a product priced in USD (account in EUR…) or a recurring price whose
//   period ('fortnight') cannot be read.

import { CUSTOMER_DOC_SQL } from './seed.mjs';

/** Currencies of the accounts: share (of 100), conversion factor from the EUR list prices, minor units, rates. */
const CURRENCIES_SQL = `(VALUES ('EUR', 90, 1.0, 2, 0.1), ('GBP', 98, 0.85, 2, 0.05), ('JPY', 100, 160, 0, 0.08))
                        AS cur(code, upto, factor, minor, reduced_rate)`;

/**
 * The offerings products come from: list prices in EUR, the usage they are rated for, and their product family (the
 * key of the TMF620 category they sit in, see CATEGORIES): what the segmentation features group usage by.
 */
const OFFERINGS_SQL = `(VALUES
  (1, 'Business Mobile 20 GB', 22.50, 'month', 10.00, 'SIM activation', 'data', 'GB', 2.50, false, 'mobile'),
  (2, 'Fibre Business 500', 49.90, 'month', 99.00, 'Installation', NULL, NULL, NULL, false, 'connectivity'),
  (3, 'Cloud Backup 1 TB', 119.70, '3 month', NULL, NULL, 'storage', 'GB', 0.10, false, 'cloud'),
  (4, 'SD-WAN Branch Edge', 189.00, 'month', 249.00, 'On-site installation', NULL, NULL, NULL, false, 'connectivity'),
  (5, 'IPTV for Business', 19.90, 'month', NULL, NULL, NULL, NULL, NULL, true, 'tv'),
  (6, 'SIP Voice Trunk 10 channels', 35.00, 'month', NULL, NULL, 'voice', 'min', 0.019, false, 'voice'),
  (7, 'IoT Connect 500 SIMs', 39.00, 'month', 25.00, 'SIM batch activation', 'iot data', 'MB', 0.02, false, 'iot')
) AS o(o, name, unit_eur, period, fee_eur, fee_name, usage_type, usage_unit, usage_rate_eur, reduced, family)`;

/** TMF620 categories named like the families (family = lower-cased name, alphanumerics only): rules may name them. */
export const CATEGORIES = ['Mobile', 'Connectivity', 'Cloud', 'TV', 'Voice', 'IoT'];

const CATEGORIES_SQL = `
INSERT INTO category (id, name, lifecycle_status, last_update, doc)
SELECT md5('category:' || name)::uuid, name, 'Launched', $1::timestamptz,
       jsonb_build_object('name', name, 'lifecycleStatus', 'Launched', 'isRoot', true, 'lastUpdate', $1::text, '@type', 'Category')
  FROM unnest($2::text[]) AS name
ON CONFLICT (id) DO NOTHING`;

const CATALOG = 'http://localhost:3000/tmf-api/productCatalogManagement/v4';

/** A hash of (a, b, c) in [0, 2^48): the deterministic "random" of every choice. Session-local (pg_temp). */
const HASH_FN = `CREATE OR REPLACE FUNCTION pg_temp.h(a int, b int, c int) RETURNS bigint IMMUTABLE LANGUAGE sql
  AS $$ SELECT ('x' || substr(md5(a || ':' || b || ':' || c), 1, 12))::bit(48)::bigint $$`;

const ACCOUNTS_SQL = `
CREATE TEMP TABLE seed_account ON COMMIT DROP AS
SELECT g, md5('customer:' || g)::uuid AS id, md5('account:' || g)::uuid AS account_id,
       'Company ' || lpad(g::text, 7, '0') AS name,
       (ARRAY['Approved', 'Approved', 'Approved', 'Validated', 'Initialized', 'Closed'])[1 + g % 6] AS status,
       (ARRAY['manufacturing', 'retail', 'finance', 'telecom', 'logistics', 'public sector'])[1 + g % 6] AS industry,
       $2::timestamptz - make_interval(days => 30 + g % 1000, secs => g % 86400) AS created,
       cur.code AS currency, cur.factor, cur.minor, cur.reduced_rate,
       CASE cur.code WHEN 'EUR' THEN (ARRAY[0.2, 0.19, 0.21, 0.2])[1 + pg_temp.h(g, 0, 2) % 4] WHEN 'GBP' THEN 0.2 ELSE 0.1 END AS tax_rate
  FROM generate_series(1, $1::int) AS g
  CROSS JOIN LATERAL (SELECT * FROM ${CURRENCIES_SQL} WHERE cur.upto > pg_temp.h(g, 0, 1) % 100 ORDER BY cur.upto LIMIT 1) cur`;

// the customer document as bench/seed.mjs writes it (what the API stores)
const CUSTOMERS_SQL = `
INSERT INTO customer (id, name, status, doc, created_at, updated_at)
SELECT id, name, status,
       ${CUSTOMER_DOC_SQL},
       created, created
  FROM seed_account ORDER BY g`;

const BILLING_ACCOUNTS_SQL = `
INSERT INTO billing_account (id, customer_id, name, created_at, bill_cycle, bill_day, currency, tax_rate)
SELECT account_id, id, name || ' billing account', created, 'month', 1, currency, tax_rate FROM seed_account ORDER BY g`;

/** One row per product: what it is, its amounts, its life (start/end) relative to the period [$1, $2). */
const PRODUCTS_SQL = `
CREATE TEMP TABLE seed_product ON COMMIT DROP AS
WITH pick AS (
  SELECT a.g, k, a.account_id, a.id AS customer_id, a.currency, a.factor, a.minor, a.tax_rate,
         CASE WHEN o.reduced THEN a.reduced_rate ELSE a.tax_rate END AS rate,
         o.*, CASE WHEN o.o = 1 THEN 1 + pg_temp.h(a.g, k, 2) % 10 ELSE 1 END AS quantity,
         pg_temp.h(a.g, k, 3) % 1000 AS life, pg_temp.h(a.g, k, 4) % 10 AS disc, pg_temp.h(a.g, k, 5) AS r
    FROM seed_account a
    CROSS JOIN LATERAL generate_series(1, 1 + (pg_temp.h(a.g, 0, 3) % 3)::int) AS k
    JOIN ${OFFERINGS_SQL} ON o.o = 1 + pg_temp.h(a.g, k, 1) % 7
), amounts AS (
  SELECT p.*, round(round(unit_eur * factor, minor) * quantity, minor) AS base,
         CASE WHEN fee_eur IS NOT NULL THEN round(round(fee_eur * factor, minor) * quantity, minor) END AS fee,
         round(usage_rate_eur * factor, 4) AS usage_rate
    FROM pick p
), discounted AS (
  SELECT a.*,
         CASE WHEN disc IN (0, 1) THEN jsonb_build_array(jsonb_build_object('name', 'Loyalty discount 10%', 'value', round(base * 0.10, minor), 'duration', CASE WHEN period = 'month' THEN 12 ELSE 4 END))
              WHEN disc = 2 THEN jsonb_build_array(jsonb_build_object('name', 'Framework agreement 15%', 'value', round(base * 0.15, minor)))
              WHEN disc = 3 THEN jsonb_build_array(jsonb_build_object('name', 'Welcome promotion', 'value', round(5 * factor, minor), 'duration', 3),
                                                   jsonb_build_object('name', 'Partner discount 10%', 'value', round(base * 0.10, minor)))
              ELSE '[]'::jsonb END AS discounts
    FROM amounts a
)
SELECT d.*, md5('product:' || g || ':' || k)::uuid AS id,
       base - coalesce((SELECT sum((x ->> 'value')::numeric) FROM jsonb_array_elements(discounts) x), 0) AS net,
       CASE WHEN life < 30 THEN $1::timestamptz + make_interval(days => (1 + r % 27)::int, secs => (r % 86400)::int)
            WHEN life < 40 THEN $1::timestamptz - make_interval(days => (60 + r % 600)::int)
            WHEN life < 45 THEN $2::timestamptz + make_interval(days => (r % 20)::int)
            WHEN life < 50 THEN $1::timestamptz - make_interval(days => (400 + r % 300)::int)
            ELSE $1::timestamptz - make_interval(days => (20 + r % 900)::int, secs => CASE WHEN r % 3 = 0 THEN (r % 86400)::int ELSE 0 END) END AS start_date,
       CASE WHEN life BETWEEN 30 AND 39 THEN $1::timestamptz + make_interval(days => (1 + r % 27)::int, secs => (r % 7200)::int)
            WHEN life BETWEEN 45 AND 49 THEN $1::timestamptz - make_interval(days => (1 + r % 60)::int) END AS end_date
  FROM discounted d`;

const money = (value, unit = 'currency') => `jsonb_build_object('unit', ${unit}, 'value', ${value})`;
const pop = (kind, name) => `jsonb_build_object('id', md5('pop:' || o || ':${kind}')::uuid, 'href', '${CATALOG}/productOfferingPrice/' || md5('pop:' || o || ':${kind}')::uuid, 'name', ${name})`;
const priceOf = (value, rate = 'rate') =>
  `jsonb_build_object('taxRate', ${rate}, 'dutyFreeAmount', ${money(value)}, 'taxIncludedAmount', ${money(`round(${value} * (1 + ${rate}), minor)`)}, '@type', 'Price')`;

/** customer_product rows with their QuotePrice list (recurring, one-time, usage), as quote acceptance writes them. */
const CUSTOMER_PRODUCTS_SQL = `
INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, end_date, quote_id, quote_item_id, family, created_at, updated_at)
SELECT id, customer_id, account_id, md5('offering:' || o)::uuid, name, CASE WHEN end_date IS NULL THEN 'active' ELSE 'terminated' END, quantity,
       jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
         'name', name || CASE period WHEN 'month' THEN ' monthly fee' ELSE ' quarterly fee' END,
         'priceType', 'recurring',
         'recurringChargePeriod', period,
         'description', CASE WHEN quantity > 1 THEN quantity || ' × ' || round(unit_eur * factor, minor) || ' ' || currency END,
         'price', ${priceOf('net')},
         'productOfferingPrice', ${pop('rc', `name || ' fee'`)},
         'priceAlteration', CASE WHEN jsonb_array_length(discounts) > 0 THEN (
             SELECT jsonb_agg(jsonb_build_object(
                      'name', x ->> 'name', 'priceType', 'discount', 'recurringChargePeriod', period, 'applicationDuration', (x -> 'duration')::int,
                      'price', ${priceOf(`(x ->> 'value')::numeric`)},
                      'productOfferingPrice', ${pop(`discount:' || i || '`, `x ->> 'name'`)}, '@type', 'PriceAlteration') ORDER BY i)
               FROM jsonb_array_elements(discounts) WITH ORDINALITY AS d(x, i)) END,
         '@type', 'QuotePrice')))
       || CASE WHEN fee IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
         'name', fee_name,
         'priceType', 'oneTime',
         'price', ${priceOf(`CASE WHEN r % 4 = 0 THEN fee - round(fee * 0.5, minor) ELSE fee END`)},
         'productOfferingPrice', ${pop('ot', 'fee_name')},
         'priceAlteration', CASE WHEN r % 4 = 0 THEN jsonb_build_array(jsonb_build_object(
             'name', 'Setup fee waived 50%', 'priceType', 'discount', 'price', ${priceOf('round(fee * 0.5, minor)')}, '@type', 'PriceAlteration')) END,
         '@type', 'QuotePrice'))) END
       || CASE WHEN usage_type IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object(
         'name', CASE usage_type WHEN 'data' THEN 'Mobile data' WHEN 'storage' THEN 'Storage overage' WHEN 'iot data' THEN 'IoT data' ELSE 'Voice minutes' END,
         'priceType', 'usage',
         'unitOfMeasure', usage_unit,
         'price', jsonb_build_object('taxRate', rate, 'dutyFreeAmount', ${money('usage_rate')}, '@type', 'Price'),
         'productOfferingPrice', ${pop('us', 'usage_unit')},
         '@type', 'QuotePrice')) END,
       start_date, end_date, md5('quote:' || g)::uuid, k::text, family, least(start_date, now()), least(start_date, now())
  FROM seed_product ORDER BY g, k`;

/** Parked accounts: a USD-priced product on a non-USD account, or a recurring price with an unreadable period. */
const PARKED_PRODUCTS_SQL = `
INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, quote_id, quote_item_id)
SELECT md5('product:' || g || ':9')::uuid, id, account_id, md5('offering:9')::uuid,
       CASE WHEN g % 997 = 500 THEN 'US Toll-free Number' ELSE 'Fortnightly Field Service' END, 'active', 1,
       jsonb_build_array(jsonb_build_object(
         'name', 'Service fee', 'priceType', 'recurring',
         'recurringChargePeriod', CASE WHEN g % 997 = 500 THEN 'month' ELSE 'fortnight' END,
         'price', jsonb_build_object('taxRate', tax_rate, 'dutyFreeAmount', jsonb_build_object('unit', CASE WHEN g % 997 = 500 THEN 'USD' ELSE currency END, 'value', 15.00), '@type', 'Price'),
         '@type', 'QuotePrice')),
       $1::timestamptz - interval '90 days', md5('quote:' || g)::uuid, '9'
  FROM seed_account WHERE g % 997 = 500 OR g % 1999 = 1000`;

/**
 * Rated usage: 3 records per account in the period — the first two on the account's first product when it is rated
 * for usage (mobile data, voice, cloud storage, IoT data; otherwise roaming data without a product), the third an
 * SMS without a product — plus one on its second product when that is rated for usage (so usage mixes vary: an
 * account whose products are IoT is IoT-heavy, one with mobile and cloud splits), a few late (after the period) and
 * earlier unbilled ones.
 */
const USAGE_SQL = `
INSERT INTO usage_record (id, usage_id, billing_account_id, product_id, usage_date, usage_type, quantity, unit, amount, currency, description, received_at)
SELECT md5('usage:' || a.g || ':' || n)::uuid, 'cdr-' || a.g || '-' || n, a.account_id, u.product_id, u.usage_date, u.usage_type, u.quantity, u.unit,
       round(u.quantity * u.rate * a.factor, 4), a.currency, CASE WHEN n = 1 THEN 'Usage ' || u.usage_type END, u.usage_date + interval '2 hours'
  FROM seed_account a
  CROSS JOIN generate_series(1, 6) AS n
  LEFT JOIN seed_product p ON p.g = a.g AND p.k = CASE WHEN n = 6 THEN 2 ELSE 1 END
  CROSS JOIN LATERAL (
    SELECT CASE WHEN p.usage_type IS NOT NULL AND n <> 3 THEN p.id END AS product_id,
           CASE WHEN n <= 3 OR n = 6 THEN $1::timestamptz + make_interval(secs => (pg_temp.h(a.g, n, 8) % extract(epoch FROM $2::timestamptz - $1::timestamptz)::bigint)::double precision)
                WHEN n = 4 THEN $2::timestamptz + make_interval(secs => (pg_temp.h(a.g, n, 8) % 259200)::int)
                ELSE $1::timestamptz - make_interval(days => (1 + pg_temp.h(a.g, n, 8) % 10)::int) END AS usage_date,
           t.*
      FROM (SELECT CASE WHEN n = 3 THEN 'sms' WHEN p.usage_type IS NOT NULL THEN p.usage_type ELSE 'roaming data' END AS usage_type) k
      CROSS JOIN LATERAL (SELECT CASE WHEN k.usage_type IN ('data', 'roaming data') THEN (1 + pg_temp.h(a.g, n, 9) % CASE k.usage_type WHEN 'data' THEN 5000 ELSE 300 END) / 100.0
                                      WHEN k.usage_type = 'voice' THEN (1 + pg_temp.h(a.g, n, 9) % 600)::numeric
                                      WHEN k.usage_type = 'storage' THEN (1 + pg_temp.h(a.g, n, 9) % 2000)::numeric
                                      WHEN k.usage_type = 'iot data' THEN (1 + pg_temp.h(a.g, n, 9) % 20000)::numeric
                                      ELSE (1 + pg_temp.h(a.g, n, 9) % 50)::numeric END AS quantity,
                                 CASE WHEN k.usage_type = 'roaming data' THEN 'GB' WHEN k.usage_type = 'sms' THEN 'SMS' ELSE p.usage_unit END AS unit,
                                 CASE WHEN k.usage_type = 'roaming data' THEN 7.99 WHEN k.usage_type = 'sms' THEN 0.09 ELSE p.usage_rate_eur END AS rate,
                                 k.usage_type) t
  ) u
 WHERE n <= 3 OR (n = 4 AND pg_temp.h(a.g, 0, 7) % 20 = 0) OR (n = 5 AND pg_temp.h(a.g, 0, 7) % 50 = 1) OR (n = 6 AND p.usage_type IS NOT NULL)`;

/**
 * Bill history for the trend features: on-cycle bills of the two periods before `period` (no rates: the run reads
 * only their totals and states). 80 % of the accounts were billed the period before, 60 % both; amounts vary so
 * that some spend fell more than 30 %; 10 % of last period's bills are unpaid past their due date (overdue).
 */
const HISTORY_SQL = `
INSERT INTO customer_bill (id, bill_no, state, run_type, billing_account_id, period_start, period_end, bill_date, currency, tax_excluded_amount, tax_included_amount, doc)
SELECT md5('history:' || a.g || ':' || j)::uuid, 'H-' || to_char(h.period_start, 'YYYYMM') || '-' || lpad(a.g::text, 8, '0'), h.state, 'onCycle', a.account_id,
       h.period_start, h.period_end, h.period_end, a.currency, h.excl, round(h.excl * (1 + a.tax_rate), a.minor),
       jsonb_build_object('@type', 'CustomerBill', 'billNo', 'H-' || to_char(h.period_start, 'YYYYMM') || '-' || lpad(a.g::text, 8, '0'), 'state', h.state, 'runType', 'onCycle',
                          'billDate', to_char(h.period_end, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'paymentDueDate', to_char(h.period_end + interval '30 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'taxExcludedAmount', jsonb_build_object('unit', a.currency, 'value', h.excl))
  FROM seed_account a
  CROSS JOIN generate_series(1, 2) AS j
  CROSS JOIN LATERAL (
    SELECT $1::timestamptz - make_interval(months => j) AS period_start, $1::timestamptz - make_interval(months => j - 1) AS period_end,
           round((40 + pg_temp.h(a.g, j, 20) % 400) * a.factor, a.minor) AS excl,
           CASE WHEN j = 1 AND pg_temp.h(a.g, j, 21) % 10 = 0 THEN 'sent' ELSE 'settled' END AS state
  ) h
 WHERE pg_temp.h(a.g, 0, 20) % 10 < CASE j WHEN 1 THEN 8 ELSE 6 END`;

/**
 * Replaces the billing data of the database behind `client` (a pg.Client: the hash function is session-local)
 * with `accounts` fresh accounts for a bill run of [periodStart, periodEnd); returns what was loaded.
 */
export async function seedBilling(client, { accounts, periodStart, periodEnd }) {
  await client.query(`TRUNCATE usage_record, applied_billing_rate, customer_bill, customer_bill_on_demand, bill_run_parked_account, bill_run_chunk, bill_run,
                                customer_product, billing_account, customer, customer_feature, customer_feature_current, segment_membership CASCADE`);
  await client.query(`DELETE FROM market_segment WHERE kind = 'learned'`);
  await client.query(HASH_FN);
  const ps = periodStart.toISOString();
  const pe = periodEnd.toISOString();
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await client.query(CATEGORIES_SQL, [ps, CATEGORIES]);
    await client.query(ACCOUNTS_SQL, [accounts, ps]);
    await client.query(CUSTOMERS_SQL);
    await client.query(BILLING_ACCOUNTS_SQL);
    await client.query(PRODUCTS_SQL, [ps, pe]);
    await client.query(CUSTOMER_PRODUCTS_SQL);
    await client.query(PARKED_PRODUCTS_SQL, [ps]);
    await client.query(USAGE_SQL, [ps, pe]);
    await client.query(HISTORY_SQL, [ps]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM billing_account)::int AS accounts,
            (SELECT count(*) FROM customer_product)::int AS products, (SELECT count(*) FROM usage_record)::int AS "usageRecords",
            (SELECT count(*) FROM customer_bill)::int AS "historyBills",
            (SELECT count(*) FROM customer_product WHERE start_date >= $1 AND start_date < $2)::int AS "startedInPeriod",
            (SELECT count(*) FROM customer_product WHERE end_date >= $1 AND end_date < $2)::int AS "endedInPeriod",
            (SELECT count(*) FROM customer_product WHERE price -> 0 ? 'priceAlteration')::int AS "withDiscount",
            (SELECT jsonb_object_agg(currency, n) FROM (SELECT currency, count(*) AS n FROM billing_account GROUP BY 1) c) AS currencies`,
    [ps, pe],
  );
  if (rows[0].customers !== accounts || rows[0].accounts !== accounts) {
    throw new Error(`seeding gave ${rows[0].customers} customers and ${rows[0].accounts} billing accounts, expected ${accounts} of each`);
  }
  // planner statistics and hint bits / visibility map settled now rather than during the measured runs
  await client.query('VACUUM (ANALYZE) customer, billing_account, customer_product, usage_record, customer_bill, applied_billing_rate, category, market_segment');
  return rows[0];
}

-- The floor of bench/billrun.mjs: a bill run as one plain SQL statement over every account at once — no chunks,
-- no queue, no temporary tables, no account locks, no run bookkeeping. The same rating and billing rules as the
-- service (src/billing/rating/rating.repository.ts, src/billing/bill/bill-writer.repository.ts): accounts
-- already billed for the period are skipped and unbillable ones parked; recurring charges prorated from where the
-- product's last recurring charge ended, their discounts over their application duration, one-time charges of
-- products started in the period and their discounts, unbilled usage dated before the period end; tax rounded
-- per line; one bill per account with charges (same document, totals and tax items), its applied rates (same
-- documents), the usage records marked billed, and CustomerBillCreateEvents when a TMF678 hub exists.
--
-- Mirrors the rating rules of rating.repository.ts as of 2026-11-23 16:14 UTC (limited discounts counted from the
-- product start, zero-amount charges dropped); bench/billrun.mjs fails loudly when the two sides' outputs differ.
--
-- psql variables (bench/billrun.mjs substitutes them as literals; `psql -v name=value -f` works too):
--   period_start, period_end, bill_date, payment_due_date, next_bill_date, created_before (timestamps),
--   minor_units (JSON object currency -> digits), href_bill, href_account, href_customer, href_document (prefixes).
-- Billing only: bench/billrun-floor-segments.sql continues this transaction and commits (psql -f billrun-floor.sql -f billrun-floor-segments.sql).
BEGIN;
SET LOCAL TIME ZONE 'UTC';

-- charge periods between two instants: month and year prices count whole calendar months plus the elapsed share of
-- the next month, day and week prices elapsed time (an inlined SQL function: the expression is spliced into the plan)
CREATE FUNCTION pg_temp.periods(from_ts timestamptz, to_ts timestamptz, period_type text, period_length int) RETURNS numeric STABLE LANGUAGE sql AS $$
  SELECT CASE period_type
    WHEN 'month' THEN ((extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int
                       + extract(epoch FROM to_ts - (from_ts + make_interval(months => (extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int)))
                         / extract(epoch FROM (from_ts + make_interval(months => (extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int + 1))
                                              - (from_ts + make_interval(months => (extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int))))
                      / period_length
    WHEN 'year' THEN ((extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int
                      + extract(epoch FROM to_ts - (from_ts + make_interval(months => (extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int)))
                        / extract(epoch FROM (from_ts + make_interval(months => (extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int + 1))
                                             - (from_ts + make_interval(months => (extract(year FROM age(to_ts, from_ts)) * 12 + extract(month FROM age(to_ts, from_ts)))::int))))
                     / (12 * period_length)
    WHEN 'week' THEN extract(epoch FROM to_ts - from_ts) / (604800 * period_length)
    ELSE extract(epoch FROM to_ts - from_ts) / (86400 * period_length) END
$$;

WITH selected AS (
  SELECT a.id, a.customer_id, a.name, a.currency, a.tax_rate, coalesce((:'minor_units'::jsonb ->> a.currency)::int, 2) AS minor_units
    FROM billing_account a
   WHERE a.created_at <= :'created_before'::timestamptz
     AND NOT EXISTS (SELECT 1 FROM customer_bill c WHERE c.billing_account_id = a.id AND c.run_type = 'onCycle'
                        AND c.period_start = :'period_start'::timestamptz AND c.period_end = :'period_end'::timestamptz)
), parked AS (
  SELECT DISTINCT b.id
    FROM selected b
    JOIN customer_product p ON p.billing_account_id = b.id
    CROSS JOIN LATERAL jsonb_array_elements(p.price) e(price)
   WHERE p.start_date < :'period_end'::timestamptz AND (p.end_date IS NULL OR p.end_date > :'period_start'::timestamptz)
     AND (coalesce(e.price -> 'price' -> 'dutyFreeAmount' ->> 'unit', b.currency) <> b.currency
          OR (e.price ->> 'priceType' = 'recurring'
              AND coalesce(e.price ->> 'recurringChargePeriod', '') !~* '^(?:(\d+)\s+)?(day|week|month|year)s?$'))
), acct AS (
  SELECT s.* FROM selected s WHERE NOT EXISTS (SELECT 1 FROM parked x WHERE x.id = s.id)
), billed_until AS (
  SELECT product_id, max(period_end) AS until FROM applied_billing_rate WHERE type = 'recurringCharge' GROUP BY product_id
), price AS (
  SELECT p.id AS product_id, p.billing_account_id, p.name AS product_name, p.start_date, p.end_date, e.ord, e.price, b.minor_units,
         lower(m[2]) AS period_type, coalesce(m[1]::int, 1) AS period_length,
         (e.price -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric
           + coalesce((SELECT sum((x -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric) FROM jsonb_array_elements(e.price -> 'priceAlteration') x), 0) AS base,
         coalesce((e.price -> 'price' ->> 'taxRate')::numeric, b.tax_rate) AS tax_rate,
         u.until AS billed_until
    FROM acct b
    JOIN customer_product p ON p.billing_account_id = b.id
    CROSS JOIN LATERAL jsonb_array_elements(p.price) WITH ORDINALITY e(price, ord)
    LEFT JOIN LATERAL regexp_match(e.price ->> 'recurringChargePeriod', '^(?:(\d+)\s+)?(day|week|month|year)s?$', 'i') m ON true
    LEFT JOIN billed_until u ON u.product_id = p.id
   WHERE p.start_date < :'period_end'::timestamptz AND (p.end_date IS NULL OR p.end_date > :'period_start'::timestamptz)
     AND e.price ->> 'priceType' IN ('recurring', 'oneTime')
), charge AS (
  -- recurring: each price over its coverage [cov_start, cov_end)
  SELECT c.*, pg_temp.periods(c.cov_start, c.cov_end, c.period_type, c.period_length) AS periods
    FROM (SELECT pr.*, greatest(:'period_start'::timestamptz, pr.start_date, coalesce(pr.billed_until, pr.start_date)) AS cov_start,
                 least(:'period_end'::timestamptz, coalesce(pr.end_date, :'period_end'::timestamptz)) AS cov_end
            FROM price pr WHERE pr.price ->> 'priceType' = 'recurring') c
   WHERE c.cov_end > c.cov_start
), credit AS (
  -- a recurring charge's discounts, over the part of the coverage inside their application duration
  SELECT c.*, a.alt, a.ord AS alt_ord, c.cov_start AS d_start,
         CASE WHEN a.alt ->> 'applicationDuration' IS NULL THEN c.cov_end
              ELSE least(c.cov_end, c.start_date + make_interval(
                     days => CASE c.period_type WHEN 'day' THEN 1 WHEN 'week' THEN 7 ELSE 0 END * c.period_length * (a.alt ->> 'applicationDuration')::int,
                     months => CASE c.period_type WHEN 'month' THEN 1 WHEN 'year' THEN 12 ELSE 0 END * c.period_length * (a.alt ->> 'applicationDuration')::int)) END AS d_finish
    FROM charge c CROSS JOIN LATERAL jsonb_array_elements(c.price -> 'priceAlteration') WITH ORDINALITY a(alt, ord)
), line AS (
  SELECT billing_account_id, format('rc:%s:%s:%s', product_id, ord, to_char(cov_start, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS charge_key, 'recurringCharge' AS type,
         product_id, product_name, coalesce(price ->> 'name', 'Recurring charge') AS name, cov_start AS period_start, cov_end AS period_end,
         NULL::numeric AS quantity, NULL::text AS unit, round(base * periods, minor_units) AS tax_excluded, tax_rate, minor_units, NULL::uuid AS usage_id
    FROM charge
  UNION ALL
  -- a limited discount's periods are counted from the product start, so that its bills add up to exactly its duration
  SELECT d.billing_account_id, format('dc:%s:%s:%s:%s', d.product_id, d.ord, d.alt_ord, to_char(d.d_start, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), 'appliedBillingCredit',
         d.product_id, d.product_name, coalesce(d.alt ->> 'name', 'Discount'), d.d_start, d.d_finish, NULL, NULL,
         -round((d.alt -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric
                * CASE WHEN d.alt ->> 'applicationDuration' IS NULL THEN pg_temp.periods(d.d_start, d.d_finish, d.period_type, d.period_length)
                       ELSE pg_temp.periods(d.start_date, d.d_finish, d.period_type, d.period_length)
                            - pg_temp.periods(d.start_date, d.d_start, d.period_type, d.period_length) END, d.minor_units),
         d.tax_rate, d.minor_units, NULL
    FROM credit d
   WHERE d.d_finish > d.d_start
  UNION ALL
  -- one-time prices of the products that started in the period, and their discounts
  SELECT billing_account_id, format('ot:%s:%s', product_id, ord), 'oneTimeCharge', product_id, product_name, coalesce(price ->> 'name', 'One-time charge'),
         start_date, start_date, NULL, NULL, round(base, minor_units), tax_rate, minor_units, NULL
    FROM price WHERE price ->> 'priceType' = 'oneTime' AND start_date >= :'period_start'::timestamptz
  UNION ALL
  SELECT o.billing_account_id, format('od:%s:%s:%s', o.product_id, o.ord, a.ord), 'appliedBillingCredit', o.product_id, o.product_name, coalesce(a.alt ->> 'name', 'Discount'),
         o.start_date, o.start_date, NULL, NULL, -round((a.alt -> 'price' -> 'dutyFreeAmount' ->> 'value')::numeric, o.minor_units), o.tax_rate, o.minor_units, NULL
    FROM price o CROSS JOIN LATERAL jsonb_array_elements(o.price -> 'priceAlteration') WITH ORDINALITY a(alt, ord)
   WHERE o.price ->> 'priceType' = 'oneTime' AND o.start_date >= :'period_start'::timestamptz
  UNION ALL
  -- unbilled usage dated before the period end, taxed at the rate of the product's usage price, else the account's
  SELECT u.billing_account_id, 'us:' || u.id, 'usageCharge', u.product_id, p.name, coalesce(u.description, u.usage_type), u.usage_date, u.usage_date,
         u.quantity, u.unit, round(u.amount, b.minor_units),
         coalesce((SELECT (e -> 'price' ->> 'taxRate')::numeric FROM jsonb_array_elements(p.price) e WHERE e ->> 'priceType' = 'usage' LIMIT 1), b.tax_rate),
         b.minor_units, u.id
    FROM acct b
    JOIN usage_record u ON u.billing_account_id = b.id AND u.bill_id IS NULL AND u.usage_date < :'period_end'::timestamptz
    LEFT JOIN customer_product p ON p.id = u.product_id
), rate AS (
  -- a charge that rounds to nothing is no line (usage records stay, each billed once); what an earlier bill already
  -- charged is not charged again; tax per line
  SELECT l.*, round(l.tax_excluded * l.tax_rate, l.minor_units) AS tax_amount
    FROM line l
   WHERE (l.tax_excluded <> 0 OR l.usage_id IS NOT NULL)
     AND NOT EXISTS (SELECT 1 FROM applied_billing_rate x WHERE x.billing_account_id = l.billing_account_id AND x.charge_key = l.charge_key)
), bill AS (
  SELECT gen_random_uuid() AS id, nextval(pg_get_serial_sequence('customer_bill', 'bill_seq')) AS seq,
         b.id AS account_id, b.name AS account_name, b.customer_id, c.name AS customer_name, b.currency,
         sum(t.excl) AS excl, sum(t.tax) AS tax,
         jsonb_agg(jsonb_build_object('taxCategory', 'VAT', 'taxRate', trim_scale(t.tax_rate), 'taxAmount', jsonb_build_object('unit', b.currency, 'value', t.tax), '@type', 'TaxItem')
                   ORDER BY t.tax_rate) AS tax_items
    FROM acct b
    JOIN (SELECT billing_account_id, tax_rate, sum(tax_excluded) AS excl, sum(tax_amount) AS tax FROM rate GROUP BY 1, 2) t ON t.billing_account_id = b.id
    JOIN customer c ON c.id = b.customer_id
   GROUP BY b.id, b.name, b.customer_id, c.name, b.currency
), numbered AS (
  SELECT n.*, 'B-' || to_char(:'bill_date'::timestamptz, 'YYYYMM') || '-' || lpad(n.seq::text, 8, '0') AS bill_no FROM bill n
), bills AS (
  INSERT INTO customer_bill (id, bill_seq, bill_no, state, run_type, billing_account_id, bill_run_id, on_demand_id, period_start, period_end,
                             bill_date, currency, tax_excluded_amount, tax_included_amount, doc)
  SELECT n.id, n.seq, n.bill_no, 'new', 'onCycle', n.account_id, NULL, NULL, :'period_start'::timestamptz, :'period_end'::timestamptz, :'bill_date'::timestamptz,
         n.currency, n.excl, n.excl + n.tax,
         jsonb_strip_nulls(jsonb_build_object(
           '@type', 'CustomerBill',
           'billNo', n.bill_no,
           'billDate', to_char(:'bill_date'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'lastUpdate', to_char(:'bill_date'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'billingPeriod', jsonb_build_object('startDateTime', to_char(:'period_start'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                               'endDateTime', to_char(:'period_end'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
           'paymentDueDate', to_char(:'payment_due_date'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'nextBillDate', to_char(:'next_bill_date'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'runType', 'onCycle',
           'state', 'new',
           'category', 'normal',
           'amountDue', jsonb_build_object('unit', n.currency, 'value', n.excl + n.tax),
           'remainingAmount', jsonb_build_object('unit', n.currency, 'value', n.excl + n.tax),
           'taxExcludedAmount', jsonb_build_object('unit', n.currency, 'value', n.excl),
           'taxIncludedAmount', jsonb_build_object('unit', n.currency, 'value', n.excl + n.tax),
           'taxItem', n.tax_items,
           'billingAccount', jsonb_build_object('id', n.account_id, 'href', :'href_account' || n.account_id, 'name', n.account_name, '@referredType', 'BillingAccount'),
           'relatedParty', jsonb_build_array(jsonb_build_object('id', n.customer_id, 'href', :'href_customer' || n.customer_id, 'name', n.customer_name,
                                                                'role', 'customer', '@referredType', 'Customer')),
           'billDocument', jsonb_build_array(
             jsonb_build_object('id', n.id || '.html', 'url', :'href_document' || n.id || '.html', 'name', 'Bill ' || n.bill_no,
                                'mimeType', 'text/html', 'attachmentType', 'bill', '@type', 'AttachmentRefOrValue'),
             jsonb_build_object('id', n.id || '.pdf', 'url', :'href_document' || n.id || '.pdf', 'name', 'Bill ' || n.bill_no,
                                'mimeType', 'application/pdf', 'attachmentType', 'bill', '@type', 'AttachmentRefOrValue'))))
    FROM numbered n
  RETURNING id, doc
), rates AS (
  INSERT INTO applied_billing_rate (id, billing_account_id, bill_id, product_id, charge_key, type, is_billed, rate_date, period_start, period_end, doc)
  SELECT gen_random_uuid(), r.billing_account_id, n.id, r.product_id, r.charge_key, r.type, true, :'bill_date'::timestamptz, r.period_start, r.period_end,
         jsonb_strip_nulls(jsonb_build_object(
           '@type', 'AppliedCustomerBillingRate',
           'name', r.name,
           'description', CASE WHEN r.quantity IS NOT NULL THEN trim_scale(r.quantity) || ' ' || r.unit END,
           'date', to_char(:'bill_date'::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'type', r.type,
           'isBilled', true,
           'bill', jsonb_build_object('id', n.id, 'href', :'href_bill' || n.id, '@referredType', 'CustomerBill'),
           'billingAccount', jsonb_build_object('id', n.account_id, 'href', :'href_account' || n.account_id, 'name', n.account_name, '@referredType', 'BillingAccount'),
           'product', CASE WHEN r.product_id IS NOT NULL THEN jsonb_build_object('id', r.product_id, 'name', r.product_name, '@referredType', 'Product') END,
           'periodCoverage', CASE WHEN r.period_start IS NOT NULL
                                  THEN jsonb_build_object('startDateTime', to_char(r.period_start, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                                          'endDateTime', to_char(r.period_end, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END,
           'taxExcludedAmount', jsonb_build_object('unit', n.currency, 'value', r.tax_excluded),
           'taxIncludedAmount', jsonb_build_object('unit', n.currency, 'value', r.tax_excluded + r.tax_amount),
           'appliedTax', jsonb_build_array(jsonb_build_object('taxCategory', 'VAT', 'taxRate', trim_scale(r.tax_rate),
                                                              'taxAmount', jsonb_build_object('unit', n.currency, 'value', r.tax_amount), '@type', 'AppliedBillingTaxRate')),
           'characteristic', CASE WHEN r.quantity IS NOT NULL THEN jsonb_build_array(
                               jsonb_build_object('name', 'quantity', 'value', r.quantity, 'valueType', 'number', '@type', 'AppliedBillingRateCharacteristic'),
                               jsonb_build_object('name', 'unit', 'value', r.unit, 'valueType', 'string', '@type', 'AppliedBillingRateCharacteristic')) END))
    FROM rate r JOIN numbered n ON n.account_id = r.billing_account_id
  RETURNING 1
), marked AS (
  UPDATE usage_record u SET bill_id = n.id FROM rate r JOIN numbered n ON n.account_id = r.billing_account_id
   WHERE r.usage_id IS NOT NULL AND u.id = r.usage_id
  RETURNING 1
), events AS (
  INSERT INTO outbox_event (event_id, api, event_type, resource_id, payload)
  SELECT e.id, 'TMF678', 'CustomerBillCreateEvent', e.bill_id,
         jsonb_build_object('eventId', e.id, 'eventTime', to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'eventType', 'CustomerBillCreateEvent',
                            'event', jsonb_build_object('customerBill', jsonb_build_object('id', e.bill_id, 'href', :'href_bill' || e.bill_id) || e.doc))
    FROM (SELECT gen_random_uuid() AS id, b.id AS bill_id, b.doc FROM bills b) e
   WHERE EXISTS (SELECT 1 FROM hub_subscription s WHERE s.api = 'TMF678')
  RETURNING 1
)
SELECT (SELECT count(*) FROM selected) AS accounts, (SELECT count(*) FROM parked) AS parked, (SELECT count(*) FROM bills) AS bills,
       (SELECT count(*) FROM rates) AS rates, (SELECT count(*) FROM marked) AS usage_marked, (SELECT count(*) FROM events) AS events;

-- the transaction goes on in bench/billrun-floor-segments.sql (features and segments of the billed customers), which commits

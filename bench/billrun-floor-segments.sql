-- The segmentation half of the floor of bench/billrun.mjs: run right after bench/billrun-floor.sql in the same
-- session and transaction (`psql -f billrun-floor.sql -f billrun-floor-segments.sql`; this file commits). What a
-- bill run's chunks do after billing (src/segmentation/features/feature-snapshot.repository.ts,
-- src/segmentation/evaluation/segment-evaluation.repository.ts), as plain INSERT…SELECT / UPDATE statements over
-- every billed customer at once (after a temporary table of those customers):
-- 1. the customers' features, recorded in customer_feature and made current in customer_feature_current (the same
--    expressions as the service's snapshot, so the values are identical);
-- 2. segment assignment for the 8 default rule segments (migrations/1795456967800-DefaultSegments.ts) with the
--    predicates the rule compiler (src/segmentation/rule/rule-compiler.ts) produces for them written out by hand —
--    percentiles as cume_dist() over customer_feature_current partitioned by currency — and for the learned segments
--    the nearest centroid, the centroids being those the service's run published (bench/billrun.mjs copies its
--    `market_segment` rows of kind 'learned' here before the floor starts: the floor does not run k-means);
--    open memberships that no longer match end, new matches enter segment_membership with the same documents
--    (conditions held and feature values seen);
-- 3. each customer's `marketSegment` list (TMF629 extension) and its CustomerAttributeValueChangeEvent when a
--    TMF629 hub exists.
-- The floor stands in for the service's run: it uses the run's id (bill_run_id) and bill date, so features and
-- ledger entries are comparable row by row.
--
-- psql variables, besides billrun-floor.sql's: bill_run_id, href_segment, href_bill_run, customer_schema_location.

-- 1. features of the customers of the accounts billed in this transaction (selected, not parked, not billed before
--    it). Kept in a temporary table with statistics, as the service keeps a chunk's customers in seg_customer: the
--    anti-joins this selection needs are estimated at a handful of rows, and the nested loops planned for so few
--    made the feature statement quadratic (100 s for 5,000 customers).
CREATE TEMP TABLE floor_customer ON COMMIT DROP AS
SELECT DISTINCT a.customer_id AS id
  FROM billing_account a
 WHERE a.id IN (SELECT id FROM billing_account WHERE created_at <= :'created_before'::timestamptz
                EXCEPT
                SELECT c.billing_account_id FROM customer_bill c
                 WHERE c.run_type = 'onCycle' AND c.period_start = :'period_start'::timestamptz AND c.period_end = :'period_end'::timestamptz
                   AND c.xmin <> pg_current_xact_id()::xid
                EXCEPT
                SELECT p.billing_account_id
                  FROM customer_product p JOIN billing_account pa ON pa.id = p.billing_account_id
                  CROSS JOIN LATERAL jsonb_array_elements(p.price) e(price)
                 WHERE p.start_date < :'period_end'::timestamptz AND (p.end_date IS NULL OR p.end_date > :'period_start'::timestamptz)
                   AND (coalesce(e.price -> 'price' -> 'dutyFreeAmount' ->> 'unit', pa.currency) <> pa.currency
                        OR (e.price ->> 'priceType' = 'recurring'
                            AND coalesce(e.price ->> 'recurringChargePeriod', '') !~* '^(?:(\d+)\s+)?(day|week|month|year)s?$')));
ANALYZE floor_customer;

WITH base AS (
  SELECT c.id AS customer_id, :'period_end'::timestamptz AS period_end, c.doc, c.created_at,
         (SELECT a.currency FROM billing_account a WHERE a.customer_id = c.id ORDER BY a.created_at, a.id LIMIT 1) AS currency
    FROM floor_customer s JOIN customer c ON c.id = s.id
), period_total AS (
  SELECT b.customer_id, cb.period_end, cb.period_end = b.period_end AS is_current, sum(cb.tax_excluded_amount) AS total
    FROM base b JOIN billing_account a ON a.customer_id = b.customer_id
    JOIN customer_bill cb ON cb.billing_account_id = a.id AND cb.run_type = 'onCycle' AND cb.currency = b.currency AND cb.period_end <= b.period_end
   GROUP BY 1, 2, 3
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY period_end DESC) AS rn, least(3, count(*) OVER (PARTITION BY customer_id)) AS n
    FROM period_total
), spend AS (
  SELECT customer_id,
         coalesce(max(total) FILTER (WHERE rn = 1 AND is_current), 0) AS spend,
         round(avg(total) FILTER (WHERE rn <= 3), 4) AS avg3,
         CASE WHEN max(n) >= 2
              THEN round((max(total) FILTER (WHERE rn = 1) - max(total) FILTER (WHERE rn = n)) / nullif(max(total) FILTER (WHERE rn = n), 0), 4) END AS trend3,
         count(*) AS periods
    FROM ranked GROUP BY customer_id
), usage_by_family AS (
  SELECT b.customer_id, p.family, sum(u.quantity) AS volume, sum(u.amount) AS amount
    FROM base b JOIN billing_account a ON a.customer_id = b.customer_id
    JOIN customer_bill cb ON cb.billing_account_id = a.id AND cb.run_type = 'onCycle' AND cb.period_end = b.period_end
    JOIN usage_record u ON u.billing_account_id = a.id AND u.bill_id = cb.id
    LEFT JOIN customer_product p ON p.id = u.product_id
   GROUP BY 1, 2
), usage AS (
  SELECT customer_id,
         coalesce(jsonb_object_agg(family, volume) FILTER (WHERE family IS NOT NULL), '{}') AS volume,
         coalesce(jsonb_object_agg(family, round(amount / nullif(total, 0), 4)) FILTER (WHERE family IS NOT NULL AND total <> 0), '{}') AS share
    FROM (SELECT *, sum(amount) OVER (PARTITION BY customer_id) AS total FROM usage_by_family) t
   GROUP BY customer_id
), products AS (
  SELECT b.customer_id, count(*) AS n, coalesce(array_agg(DISTINCT p.family ORDER BY p.family) FILTER (WHERE p.family IS NOT NULL), '{}') AS families
    FROM base b JOIN customer_product p ON p.customer_id = b.customer_id AND p.status = 'active'
   WHERE p.start_date <= :'bill_date'::timestamptz AND (p.end_date IS NULL OR p.end_date > :'bill_date'::timestamptz)
   GROUP BY 1
), overdue AS (
  SELECT b.customer_id, count(*) AS n
    FROM base b JOIN billing_account a ON a.customer_id = b.customer_id
    JOIN customer_bill cb ON cb.billing_account_id = a.id
   WHERE cb.state IN ('new', 'onHold', 'validated', 'sent', 'partiallyPaid') AND (cb.doc ->> 'paymentDueDate')::timestamptz < :'bill_date'::timestamptz
   GROUP BY 1
), characteristic AS (
  SELECT b.customer_id,
         max(ch ->> 'value') FILTER (WHERE ch ->> 'name' = 'numberOfEmployees') AS employees,
         max(ch ->> 'value') FILTER (WHERE ch ->> 'name' = 'industry') AS industry
    FROM base b
    CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(b.doc -> 'characteristic') WHEN 'array' THEN b.doc -> 'characteristic' ELSE '[]' END) ch
   WHERE jsonb_typeof(ch) = 'object'
   GROUP BY 1
), computed AS (
  SELECT b.customer_id, :'bill_run_id'::uuid AS bill_run_id, 'billRun' AS trigger, :'bill_date'::timestamptz AS as_of, b.period_end, b.currency,
         CASE WHEN b.period_end IS NOT NULL THEN coalesce(s.spend, 0) END AS spend, s.avg3 AS spend_avg3, s.trend3 AS spend_trend3,
         coalesce(s.periods, 0) AS periods_billed,
         coalesce(p.n, 0) AS product_count, coalesce(p.families, '{}') AS families,
         floor(extract(epoch FROM :'bill_date'::timestamptz - b.created_at) / 86400)::int AS tenure_days,
         coalesce(o.n, 0) AS overdue_bills,
         CASE WHEN trim(ch.employees) ~ '^[0-9]{1,12}(\.[0-9]{1,6})?$' THEN trim(ch.employees)::numeric END AS employees,
         nullif(trim(ch.industry), '') AS industry,
         coalesce(u.volume, '{}') AS usage_volume, coalesce(u.share, '{}') AS usage_share
    FROM base b
    LEFT JOIN spend s ON s.customer_id = b.customer_id
    LEFT JOIN usage u ON u.customer_id = b.customer_id
    LEFT JOIN products p ON p.customer_id = b.customer_id
    LEFT JOIN overdue o ON o.customer_id = b.customer_id
    LEFT JOIN characteristic ch ON ch.customer_id = b.customer_id
), recorded AS (
  INSERT INTO customer_feature (id, customer_id, bill_run_id, trigger, as_of, period_end, currency, spend, spend_avg3, spend_trend3, periods_billed,
                                product_count, families, tenure_days, overdue_bills, employees, industry, usage_volume, usage_share)
  SELECT gen_random_uuid(), customer_id, bill_run_id, trigger, as_of, period_end, currency, spend, spend_avg3, spend_trend3, periods_billed,
         product_count, families, tenure_days, overdue_bills, employees, industry, usage_volume, usage_share
    FROM computed
  RETURNING *
)
INSERT INTO customer_feature_current (snapshot_id, customer_id, bill_run_id, trigger, as_of, period_end, currency, spend, spend_avg3, spend_trend3, periods_billed,
                                      product_count, families, tenure_days, overdue_bills, employees, industry, usage_volume, usage_share)
SELECT id, customer_id, bill_run_id, trigger, as_of, period_end, currency, spend, spend_avg3, spend_trend3, periods_billed,
       product_count, families, tenure_days, overdue_bills, employees, industry, usage_volume, usage_share
  FROM recorded
ON CONFLICT (customer_id) DO UPDATE SET (snapshot_id, bill_run_id, trigger, as_of, period_end, currency, spend, spend_avg3, spend_trend3, periods_billed,
                                         product_count, families, tenure_days, overdue_bills, employees, industry, usage_volume, usage_share)
  = ROW(excluded.snapshot_id, excluded.bill_run_id, excluded.trigger, excluded.as_of, excluded.period_end, excluded.currency, excluded.spend,
        excluded.spend_avg3, excluded.spend_trend3, excluded.periods_billed, excluded.product_count, excluded.families, excluded.tenure_days,
        excluded.overdue_bills, excluded.employees, excluded.industry, excluded.usage_volume, excluded.usage_share);

-- 2. segments: the default rules (as the compiler writes them) and the learned centroids, for the run's customers
WITH population AS (
  -- percentiles rank among every customer's current features; money within its currency
  SELECT f.*, CASE WHEN (f.spend) IS NULL THEN NULL ELSE cume_dist() OVER (PARTITION BY (f.spend) IS NULL, f.currency ORDER BY (f.spend) DESC) END AS key_rank
    FROM customer_feature_current f
), evaluated AS (
  SELECT f.* FROM population f WHERE f.bill_run_id = :'bill_run_id'::uuid
), rule_result AS (
  SELECT f.customer_id, s.segment_id, m.version, s.matched, s.conditions, s.features
    FROM evaluated f
    CROSS JOIN LATERAL (VALUES
      ('0190a000-0000-7000-8000-000000000001'::uuid,
       (coalesce((f.employees) >= 1::numeric, false) AND coalesce((f.employees) <= 5::numeric, false)),
       jsonb_build_array(
         jsonb_build_object('path', '/all/0', 'condition', 'numberOfEmployees ≥ 1', 'held', coalesce((f.employees) >= 1::numeric, false), 'value', to_jsonb(f.employees)),
         jsonb_build_object('path', '/all/1', 'condition', 'numberOfEmployees ≤ 5', 'held', coalesce((f.employees) <= 5::numeric, false), 'value', to_jsonb(f.employees))),
       jsonb_build_object('numberOfEmployees', to_jsonb(f.employees))),
      ('0190a000-0000-7000-8000-000000000002'::uuid,
       coalesce((f.employees) >= 1000::numeric, false),
       jsonb_build_array(jsonb_build_object('path', '', 'condition', 'numberOfEmployees ≥ 1000', 'held', coalesce((f.employees) >= 1000::numeric, false), 'value', to_jsonb(f.employees))),
       jsonb_build_object('numberOfEmployees', to_jsonb(f.employees))),
      ('0190a000-0000-7000-8000-000000000003'::uuid,
       coalesce(f.key_rank <= (20::numeric / 100)::float8, false),
       jsonb_build_array(jsonb_build_object('path', '', 'condition', 'spendThisPeriod in the top 20 % among customers billed in the same currency',
                                            'held', coalesce(f.key_rank <= (20::numeric / 100)::float8, false), 'value', to_jsonb(f.spend))),
       jsonb_build_object('spendThisPeriod', to_jsonb(f.spend))),
      ('0190a000-0000-7000-8000-000000000004'::uuid,
       coalesce((coalesce((f.usage_share ->> 'iot')::numeric, 0)) >= 0.4::numeric, false),
       jsonb_build_array(jsonb_build_object('path', '', 'condition', 'usageShare.iot ≥ 0.4', 'held', coalesce((coalesce((f.usage_share ->> 'iot')::numeric, 0)) >= 0.4::numeric, false),
                                            'value', to_jsonb(coalesce((f.usage_share ->> 'iot')::numeric, 0)))),
       jsonb_build_object('usageShare.iot', to_jsonb(coalesce((f.usage_share ->> 'iot')::numeric, 0)))),
      ('0190a000-0000-7000-8000-000000000005'::uuid,
       (coalesce('mobile'::text = ANY((f.families)), false) AND coalesce((coalesce((f.usage_share ->> 'mobile')::numeric, 0)) >= 0.5::numeric, false)),
       jsonb_build_array(
         jsonb_build_object('path', '/all/0', 'condition', 'productFamilies contains "mobile"', 'held', coalesce('mobile'::text = ANY((f.families)), false), 'value', to_jsonb(f.families)),
         jsonb_build_object('path', '/all/1', 'condition', 'usageShare.mobile ≥ 0.5', 'held', coalesce((coalesce((f.usage_share ->> 'mobile')::numeric, 0)) >= 0.5::numeric, false),
                            'value', to_jsonb(coalesce((f.usage_share ->> 'mobile')::numeric, 0)))),
       jsonb_build_object('productFamilies', to_jsonb(f.families), 'usageShare.mobile', to_jsonb(coalesce((f.usage_share ->> 'mobile')::numeric, 0)))),
      ('0190a000-0000-7000-8000-000000000006'::uuid,
       coalesce((coalesce((f.usage_share ->> 'cloud')::numeric, 0)) >= 0.4::numeric, false),
       jsonb_build_array(jsonb_build_object('path', '', 'condition', 'usageShare.cloud ≥ 0.4', 'held', coalesce((coalesce((f.usage_share ->> 'cloud')::numeric, 0)) >= 0.4::numeric, false),
                                            'value', to_jsonb(coalesce((f.usage_share ->> 'cloud')::numeric, 0)))),
       jsonb_build_object('usageShare.cloud', to_jsonb(coalesce((f.usage_share ->> 'cloud')::numeric, 0)))),
      ('0190a000-0000-7000-8000-000000000007'::uuid,
       coalesce((f.periods_billed) < 3::numeric, false),
       jsonb_build_array(jsonb_build_object('path', '', 'condition', 'periodsBilled < 3', 'held', coalesce((f.periods_billed) < 3::numeric, false), 'value', to_jsonb(f.periods_billed))),
       jsonb_build_object('periodsBilled', to_jsonb(f.periods_billed))),
      ('0190a000-0000-7000-8000-000000000008'::uuid,
       coalesce((f.spend_trend3) < (-0.3)::numeric, false),
       jsonb_build_array(jsonb_build_object('path', '', 'condition', 'spendTrend3 < -0.3', 'held', coalesce((f.spend_trend3) < (-0.3)::numeric, false), 'value', to_jsonb(f.spend_trend3))),
       jsonb_build_object('spendTrend3', to_jsonb(f.spend_trend3)))
    ) AS s(segment_id, matched, conditions, features)
    JOIN market_segment m ON m.id = s.segment_id AND m.status = 'active'
), learned AS (
  SELECT l.id, l.version, l.doc -> 'learned' -> 'centroid' AS centroid,
         (SELECT sum(v::float8 ^ 2) FROM jsonb_each_text(l.doc -> 'learned' -> 'centroid') c(k, v)) AS c2
    FROM market_segment l WHERE l.kind = 'learned' AND l.status = 'active' AND l.doc -> 'learned' -> 'centroid' IS NOT NULL
), distance AS (
  SELECT f.customer_id, l.id, l.version, f.usage_share,
         sqrt(greatest(0, (SELECT sum(v::float8 ^ 2) FROM jsonb_each_text(f.usage_share) x(k, v))
            - 2 * (SELECT coalesce(sum((f.usage_share ->> k)::float8 * v::float8), 0) FROM jsonb_each_text(l.centroid) c(k, v))
            + l.c2)) AS d
    FROM evaluated f CROSS JOIN learned l
   WHERE f.usage_share <> '{}'
), learned_result AS (
  SELECT customer_id, id AS segment_id, version, nearest AS matched,
         jsonb_build_array(jsonb_build_object('path', '', 'condition', 'usage mix nearest to this learned segment’s centroid', 'held', nearest, 'value', round(d::numeric, 4))) AS conditions,
         (SELECT coalesce(jsonb_object_agg('usageShare.' || k, v), '{}') FROM jsonb_each(usage_share) x(k, v)) AS features
    FROM (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY d, id) = 1 AS nearest FROM distance) r
), result AS (
  SELECT * FROM rule_result UNION ALL SELECT * FROM learned_result
), exited AS (
  -- open memberships of these customers whose segment no longer matches end (none on a first run)
  UPDATE segment_membership m
     SET valid_to = greatest(:'bill_date'::timestamptz, m.valid_from), exit_bill_run_id = :'bill_run_id'::uuid, updated_at = now(),
         doc = m.doc || jsonb_build_object(
           'validFor', jsonb_build_object('startDateTime', m.doc -> 'validFor' -> 'startDateTime',
                                          'endDateTime', to_char(greatest(:'bill_date'::timestamptz, m.valid_from) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
           'exit', jsonb_build_object('date', to_char(:'bill_date'::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'segmentVersion', coalesce(r.version, s.version),
                                      'trigger', 'billRun', 'billRun', jsonb_build_object('id', :'bill_run_id'::uuid, 'href', :'href_bill_run' || :'bill_run_id'),
                                      'reason', jsonb_build_object('conditions', coalesce(r.conditions, '[]'), 'features', coalesce(r.features, '{}'))))
    FROM evaluated f
    JOIN segment_membership m2 ON m2.customer_id = f.customer_id AND m2.valid_to IS NULL
    JOIN market_segment s ON s.id = m2.market_segment_id
    LEFT JOIN result r ON r.customer_id = m2.customer_id AND r.segment_id = m2.market_segment_id
   WHERE m.id = m2.id AND r.matched IS NOT TRUE
  RETURNING 1
)
INSERT INTO segment_membership (id, customer_id, market_segment_id, segment_version, valid_from, entry_bill_run_id, doc)
SELECT gen_random_uuid(), r.customer_id, r.segment_id, r.version, :'bill_date'::timestamptz, :'bill_run_id'::uuid,
       jsonb_build_object('@type', 'SegmentMembership',
         'customer', jsonb_build_object('id', c.id, 'href', :'href_customer' || c.id, 'name', c.name),
         'marketSegment', jsonb_build_object('id', s.id, 'href', :'href_segment' || s.id, 'name', s.name, 'version', r.version),
         'validFor', jsonb_build_object('startDateTime', to_char(:'bill_date'::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         'entry', jsonb_build_object('date', to_char(:'bill_date'::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'segmentVersion', r.version,
                                     'trigger', 'billRun', 'billRun', jsonb_build_object('id', :'bill_run_id'::uuid, 'href', :'href_bill_run' || :'bill_run_id'),
                                     'reason', jsonb_build_object('conditions', r.conditions, 'features', r.features)))
  FROM result r
  JOIN customer c ON c.id = r.customer_id
  JOIN market_segment s ON s.id = r.segment_id
 WHERE r.matched
   AND NOT EXISTS (SELECT 1 FROM segment_membership m WHERE m.customer_id = r.customer_id AND m.market_segment_id = r.segment_id AND m.valid_to IS NULL)
ON CONFLICT (customer_id, market_segment_id) WHERE valid_to IS NULL DO NOTHING;

-- 3. the customers' marketSegment lists from their open memberships, and their change events
WITH wanted AS (
  SELECT f.customer_id AS id,
         coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'href', :'href_segment' || s.id, 'name', s.name, '@referredType', 'MarketSegment')
                            ORDER BY s.name, s.id) FILTER (WHERE s.id IS NOT NULL), '[]') AS refs
    FROM customer_feature_current f
    LEFT JOIN segment_membership m ON m.customer_id = f.customer_id AND m.valid_to IS NULL
    LEFT JOIN market_segment s ON s.id = m.market_segment_id
   WHERE f.bill_run_id = :'bill_run_id'::uuid
   GROUP BY f.customer_id
), changed AS (
  UPDATE customer c
     SET doc = CASE WHEN w.refs = '[]' THEN c.doc - 'marketSegment'
                    ELSE jsonb_set(c.doc, '{marketSegment}', w.refs) || CASE WHEN c.doc ? '@schemaLocation' THEN '{}' ELSE jsonb_build_object('@schemaLocation', :'customer_schema_location'::text) END
               END,
         updated_at = now()
    FROM wanted w
   WHERE c.id = w.id AND coalesce(c.doc -> 'marketSegment', '[]') IS DISTINCT FROM w.refs
  RETURNING c.id, c.doc
)
INSERT INTO outbox_event (event_id, api, event_type, resource_id, payload)
SELECT ch.event_id, 'TMF629', 'CustomerAttributeValueChangeEvent', ch.id,
       jsonb_build_object('eventId', ch.event_id, 'eventTime', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'eventType', 'CustomerAttributeValueChangeEvent',
                          'fieldPath', 'marketSegment',
                          'event', jsonb_build_object('customer', jsonb_build_object('id', ch.id, 'href', :'href_customer' || ch.id) || ch.doc))
  FROM (SELECT gen_random_uuid() AS event_id, c.* FROM changed c) ch
 WHERE EXISTS (SELECT 1 FROM hub_subscription s WHERE s.api = 'TMF629');

SELECT (SELECT count(*) FROM customer_feature WHERE bill_run_id = :'bill_run_id'::uuid) AS features,
       (SELECT count(*) FROM segment_membership WHERE entry_bill_run_id = :'bill_run_id'::uuid) AS memberships;

COMMIT;

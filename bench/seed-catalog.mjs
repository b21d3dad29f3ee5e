// Loads N synthetic TMF620 product offerings with one set-based statement, shaped like the documents the API
// itself stores: `doc` holds everything but id and href, the key columns (name, lifecycle_status, last_update)
// mirror it. About 60% are `Launched`, the rest `In design`, `Active` or `Retired`. The references inside the
// documents (specification, prices, categories, …) point to ids that do not exist: reads do not resolve them.

/** Where the stored references point; only their shape matters (the service stores hrefs as given). */
const CATALOG_BASE = 'http://localhost:3000/tmf-api/productCatalogManagement/v4';

const SEED_SQL = `
WITH categories AS (
  SELECT array_agg(jsonb_build_object('id', id, 'href', $2::text || '/category/' || id, 'name', name) ORDER BY i) AS refs
    FROM (SELECT i, gen_random_uuid() AS id, name
            FROM unnest(ARRAY['Mobile', 'Fixed broadband', 'Fibre', 'TV', 'Cloud', 'Security', 'IoT', 'Voice',
                              'Roaming', 'Devices', 'Accessories', 'Managed network', 'SD-WAN', 'Unified communications',
                              'Data centre', 'Connectivity', 'Wholesale', 'Professional services', 'Support', 'Add-ons'])
                 WITH ORDINALITY AS c(name, i)) c
), channels AS (
  SELECT array_agg(jsonb_build_object('id', id, 'name', name) ORDER BY i) AS refs
    FROM (SELECT i, gen_random_uuid() AS id, name
            FROM unnest(ARRAY['Web shop', 'Retail store', 'Call centre', 'Partner', 'Key account'])
                 WITH ORDINALITY AS c(name, i)) c
), segments AS (
  SELECT array_agg(jsonb_build_object('id', id, 'name', name) ORDER BY i) AS refs
    FROM (SELECT i, gen_random_uuid() AS id, name
            FROM unnest(ARRAY['Consumer', 'Small business', 'Medium business', 'Enterprise', 'Public sector', 'Wholesale'])
                 WITH ORDINALITY AS c(name, i)) c
), seed AS (
  SELECT g,
         gen_random_uuid() AS id,
         gen_random_uuid() AS spec_id,
         gen_random_uuid() AS recurring_price_id,
         gen_random_uuid() AS one_time_price_id,
         family || ' ' || tier || ' ' || lpad(g::text, 6, '0') AS name,
         family, tier,
         (ARRAY['Launched', 'Launched', 'Launched', 'Launched', 'Launched', 'Launched',
                'In design', 'Active', 'Active', 'Retired'])[1 + (g * 7) % 10] AS lifecycle_status,
         -- milliseconds, like the service's stamps: the column and doc.lastUpdate are the same instant
         date_trunc('milliseconds', now() - make_interval(secs => g * 37.123)) AS last_update,
         (ARRAY[0, 12, 24, 36])[1 + g % 4] AS commitment
    FROM generate_series(1, $1::int) AS g,
         LATERAL (SELECT (ARRAY['Fibre', 'Mobile', 'Business Internet', 'Cloud Backup', 'IPTV', 'SD-WAN', 'Voice', 'IoT Connect'])[1 + g % 8] AS family,
                         (ARRAY['Basic', 'Plus', 'Pro', 'Premium', 'Unlimited'])[1 + (g / 8) % 5] AS tier) f
)
INSERT INTO product_offering (id, name, lifecycle_status, last_update, doc, created_at, updated_at)
SELECT s.id, s.name, s.lifecycle_status, s.last_update,
       jsonb_build_object(
         'name', s.name,
         'description', s.family || ' ' || s.tier || ': ' || s.family || ' service for ' || lower(segments.refs[1 + s.g % 6]->>'name') ||
           ' customers, with installation, 24/7 support and online self-care. Includes the ' || s.tier ||
           ' feature set; options can be added at any time.',
         '@type', 'ProductOffering',
         'isSellable', true,
         'isBundle', false,
         'lifecycleStatus', s.lifecycle_status,
         'lastUpdate', to_char(s.last_update AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'version', '1.' || (s.g % 5),
         'validFor', jsonb_build_object('startDateTime', to_char((s.last_update - interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         'productSpecification', jsonb_build_object('id', s.spec_id, 'href', $2::text || '/productSpecification/' || s.spec_id,
           'name', s.family || ' ' || s.tier || ' specification'),
         'productOfferingPrice', jsonb_build_array(
           jsonb_build_object('id', s.recurring_price_id, 'href', $2::text || '/productOfferingPrice/' || s.recurring_price_id,
             'name', s.name || ' monthly fee'),
           jsonb_build_object('id', s.one_time_price_id, 'href', $2::text || '/productOfferingPrice/' || s.one_time_price_id,
             'name', s.name || ' activation fee')),
         'category', jsonb_build_array(categories.refs[1 + s.g % 20]),
         'channel', jsonb_build_array(channels.refs[1 + s.g % 5]),
         'marketSegment', jsonb_build_array(segments.refs[1 + s.g % 6], segments.refs[1 + (s.g + 1) % 6]),
         'productOfferingTerm', jsonb_build_array(jsonb_build_object(
           'name', CASE WHEN s.commitment = 0 THEN 'No commitment' ELSE s.commitment || ' months commitment' END,
           'duration', jsonb_build_object('amount', s.commitment, 'units', 'month')))),
       s.last_update, s.last_update
  FROM seed s, categories, channels, segments`;

/** Replaces the product offerings in the database behind `pool` with `count` fresh ones. */
export async function seedOfferings(pool, count) {
  await pool.query('TRUNCATE product_offering');
  await pool.query(SEED_SQL, [count, CATALOG_BASE]);
  const { rows } = await pool.query('SELECT count(*)::int AS offerings FROM product_offering');
  if (rows[0].offerings !== count) throw new Error(`seeding gave ${rows[0].offerings} product offerings, expected ${count}`);
  // planner statistics and hint bits / visibility map settled now rather than during the measured runs
  await pool.query('VACUUM (ANALYZE) product_offering');
}

/** Random existing ids to rotate over, and how many offerings are `Launched` (what the list scenario pages through). */
export async function sampleOfferingKeys(pool, { ids = 20000 } = {}) {
  const byId = await pool.query('SELECT id FROM product_offering ORDER BY random() LIMIT $1', [ids]);
  const { rows } = await pool.query(`SELECT count(*)::int AS launched FROM product_offering WHERE lifecycle_status = 'Launched'`);
  return { ids: byId.rows.map((r) => r.id), launched: rows[0].launched };
}

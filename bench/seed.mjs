// Loads N synthetic TMF629 customers (and their billing accounts) with one set-based statement, shaped like
// the documents the API itself stores: `doc` holds everything but id and href, the key columns mirror it.
// Each name is shared by ROWS_PER_NAME customers, so `name=Company 0001234` matches a handful of customers.

/** Customers that share each name (what a `?name=` search returns). */
export const ROWS_PER_NAME = 5;

/** A seeded customer's document, as the API stores it (columns g, name, status, industry, account_id). */
export const CUSTOMER_DOC_SQL = `jsonb_build_object(
  'name', name,
  'status', status,
  '@type', 'Customer',
  'engagedParty', jsonb_build_object('id', 'org-' || g, 'name', name, '@referredType', 'Organization'),
  'characteristic', jsonb_build_array(
    jsonb_build_object('name', 'numberOfEmployees', 'value', 5 + (g * 7919) % 20000, 'valueType', 'integer'),
    jsonb_build_object('name', 'industry', 'value', industry, 'valueType', 'string')),
  'contactMedium', jsonb_build_array(jsonb_build_object(
    'mediumType', 'email', 'preferred', true,
    'characteristic', jsonb_build_object('contactType', 'billing', 'emailAddress', 'billing@company' || g || '.example.com'))),
  'account', jsonb_build_array(jsonb_build_object('id', account_id, 'name', name || ' billing account', '@referredType', 'BillingAccount')))`;

const SEED_SQL = `
WITH seed AS (
  SELECT g,
         gen_random_uuid() AS id,
         gen_random_uuid() AS account_id,
         'Company ' || lpad((1 + (g - 1) % $2::int)::text, 7, '0') AS name,
         (ARRAY['Approved', 'Approved', 'Approved', 'Validated', 'Initialized', 'Closed'])[1 + g % 6] AS status,
         (ARRAY['manufacturing', 'retail', 'finance', 'telecom', 'logistics', 'public sector'])[1 + g % 6] AS industry,
         now() - make_interval(secs => g * 60) AS created
    FROM generate_series(1, $1::int) AS g
), customers AS (
  INSERT INTO customer (id, name, status, doc, created_at, updated_at)
  SELECT id, name, status,
         ${CUSTOMER_DOC_SQL},
         created, created
    FROM seed
)
INSERT INTO billing_account (id, customer_id, name, created_at)
SELECT account_id, id, name || ' billing account', created FROM seed`;

/** Replaces the customers (and their billing accounts) in the database behind `pool` with `count` fresh ones. */
export async function seedCustomers(pool, count) {
  await pool.query('TRUNCATE billing_account, customer CASCADE');
  await pool.query(SEED_SQL, [count, Math.max(1, Math.ceil(count / ROWS_PER_NAME))]);
  const { rows } = await pool.query('SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM billing_account)::int AS accounts');
  if (rows[0].customers !== count || rows[0].accounts !== count) {
    throw new Error(`seeding gave ${rows[0].customers} customers and ${rows[0].accounts} billing accounts, expected ${count} of each`);
  }
  // planner statistics and hint bits / visibility map settled now rather than during the measured runs
  await pool.query('VACUUM (ANALYZE) customer, billing_account');
}

/** Random existing ids and names to rotate over, so the runs do not hammer one cached row. */
export async function sampleKeys(pool, { ids = 20000, names = 5000 } = {}) {
  const byId = await pool.query('SELECT id FROM customer ORDER BY random() LIMIT $1', [ids]);
  const byName = await pool.query('SELECT name FROM (SELECT DISTINCT name FROM customer) n ORDER BY random() LIMIT $1', [names]);
  return { ids: byId.rows.map((r) => r.id), names: byName.rows.map((r) => r.name) };
}

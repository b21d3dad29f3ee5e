// The baseline for `npm run bench:api`: the least a Node server can do to answer the same requests —
// plain Fastify and a pg Pool of the service's size, no logging, no validation, no metrics, no paging headers
// (the product offering list does not count its matches, the service does for X-Total-Count).
// Routes sit under the service's base paths so both servers get byte-identical request lists.
// Env: PORT, DATABASE_URL, DATABASE_POOL_SIZE (default 20, as the service).
import Fastify from 'fastify';
import pg from 'pg';

const BASE_PATH = '/tmf-api/customerManagement/v4/customer';
const OFFERING_PATH = '/tmf-api/productCatalogManagement/v4/productOffering';
const port = Number(process.env.PORT ?? 3001);
const collectionUrl = `http://localhost:${port}${BASE_PATH}`;
const offeringUrl = `http://localhost:${port}${OFFERING_PATH}`;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
const app = Fastify({ logger: false });

const toResource = (row) => ({ id: row.id, href: `${collectionUrl}/${row.id}`, ...row.doc });

app.get(`${BASE_PATH}/:id`, async (req, reply) => {
  // named (prepared) like the service's findById, so both pay the same on the database side
  const { rows } = await pool.query({ name: 'customer_by_id', text: 'SELECT id, doc FROM customer WHERE id = $1', values: [req.params.id] });
  if (!rows.length) return reply.code(404).send({ code: '60', reason: 'Not found' });
  return toResource(rows[0]);
});

app.get(BASE_PATH, async (req) => {
  const limit = Math.min(Number(req.query.limit ?? 100), 1000);
  const { rows } = await pool.query('SELECT id, doc FROM customer WHERE name = $1 ORDER BY id LIMIT $2', [req.query.name, limit]);
  return rows.map(toResource);
});

const toOffering = (row) => ({ id: row.id, href: `${offeringUrl}/${row.id}`, ...row.doc });

app.get(`${OFFERING_PATH}/:id`, async (req, reply) => {
  const { rows } = await pool.query({ name: 'product_offering_by_id', text: 'SELECT id, doc FROM product_offering WHERE id = $1', values: [req.params.id] });
  if (!rows.length) return reply.code(404).send({ code: '60', reason: 'Not found' });
  return toOffering(rows[0]);
});

app.get(OFFERING_PATH, async (req) => {
  const limit = Math.min(Number(req.query.limit ?? 100), 1000);
  const offset = Number(req.query.offset ?? 0);
  const { rows } = await pool.query(
    'SELECT id, doc FROM product_offering WHERE lifecycle_status = $1 ORDER BY id LIMIT $2 OFFSET $3',
    [req.query.lifecycleStatus, limit, offset],
  );
  return rows.map(toOffering);
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);

await app.listen({ port, host: '127.0.0.1' });

import { Client } from 'pg';
import { adminUrl, TEST_DB_PREFIX, TEMPLATE_DB } from './databases';

/** Drops the template and every per-file database this run created. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [TEMPLATE_DB, `${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

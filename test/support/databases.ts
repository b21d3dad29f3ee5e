import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DB = 'bss_test_template';
export const TEST_DB_PREFIX = 'bss_test_';

function serverUrl(): URL {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
  return new URL(url);
}

export function databaseUrl(name: string): string {
  const u = serverUrl();
  u.pathname = `/${name}`;
  return u.toString();
}

export function adminUrl(): string {
  return databaseUrl('postgres');
}

/** A fresh, migrated database for one test file: a copy of the template. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  return { name, url: databaseUrl(name) };
}

/**
 * Drops a test database once its connections are gone: pools resolve end() before their clients have said
 * goodbye, and a client terminated mid-goodbye would surface as an unhandled error in the test file.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

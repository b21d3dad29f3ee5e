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

export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

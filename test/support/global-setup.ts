// Migrates a template database once per run; every test file then gets a fresh copy (CREATE DATABASE … TEMPLATE).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrl, databaseUrl, TEMPLATE_DB } from './databases';
import { SPECS_DIR } from './official-spec';

export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL) {
    throw new Error('TEST_DATABASE_URL and TEST_REDIS_URL are not set: run the suite with `npm test`, which starts PostgreSQL and Redis');
  }
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [TEMPLATE_DB]);
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}"`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const root = join(__dirname, '..', '..');
  if (!existsSync(SPECS_DIR)) {
    process.stderr.write(`\nSKIPPED in this run: the checks against the official TMF specs (${SPECS_DIR} is absent; it sits next to the project in the team's workspace)\n`);
  }
  execFileSync(process.execPath, [join(root, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js'), '-d', 'src/database/data-source.ts', 'migration:run'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(TEMPLATE_DB), TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Generated artefacts stay in step with the code: the OpenAPI documents and the migrations.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generatePluginMetadata, renderOpenApiDocuments } from '../../scripts/openapi-files';
import { createTestDatabase, dropTestDatabase } from '../support/databases';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

describe('generated artefacts', () => {
  it('src/metadata.ts and openapi/*.json match the code (regenerate with `npm run openapi`)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'openapi-check-'));
    const cwd = process.cwd();
    try {
      process.chdir(ROOT);
      expect(generatePluginMetadata(ROOT, tmp)).toBe(readFileSync(join(ROOT, 'src', 'metadata.ts'), 'utf8'));
      const documents = await renderOpenApiDocuments();
      expect(Object.keys(documents).length).toBeGreaterThan(0);
      for (const [key, text] of Object.entries(documents)) {
        expect(text).toBe(readFileSync(join(ROOT, 'openapi', `${key}.json`), 'utf8'));
      }
    } finally {
      process.chdir(cwd);
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120000);

  it('the migrations create exactly the schema the entities describe (no pending migration)', async () => {
    const db = await createTestDatabase(); // already migrated: a copy of the template
    try {
      const { stdout } = await run(
        process.execPath,
        [join(ROOT, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js'), '-d', 'src/database/data-source.ts', 'migration:generate', '--check', '--dryrun', 'migrations/Pending'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, TS_NODE_TRANSPILE_ONLY: 'true' } },
      ).catch((e: { stdout?: string; message: string }) => {
        throw new Error(`entities and migrations disagree:\n${e.stdout ?? e.message}`);
      });
      expect(stdout).toContain('No changes in database schema were found');
    } finally {
      await dropTestDatabase(db.name);
    }
  }, 120000);
});

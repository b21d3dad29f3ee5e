// Regenerates the Swagger plugin metadata (src/metadata.ts) and the committed OpenAPI documents (openapi/*.json).
//   npm run openapi            write them
//   npm run openapi -- --check  exit 1 when the committed files differ from what the code generates
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePluginMetadata, renderOpenApiDocuments } from './openapi-files';

const EMPTY_METADATA = `/* eslint-disable */\nexport default async () => ({ '@nestjs/swagger': { models: [], controllers: [] } });\n`;

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const root = join(__dirname, '..');
  process.chdir(root);
  const tmp = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const metadataFile = join(root, 'src', 'metadata.ts');
    // a stale metadata file may import what no longer exists and break the type check the plugin runs
    if (!check) writeFileSync(metadataFile, EMPTY_METADATA);
    const metadata = generatePluginMetadata(root, tmp);
    // the documents are built with the metadata on disk: write it first unless only checking
    if (!check) writeFileSync(metadataFile, metadata);
    const documents = await renderOpenApiDocuments();
    const files: [string, string][] = [[metadataFile, metadata], ...Object.entries(documents).map(([k, v]) => [join(root, 'openapi', `${k}.json`), v] as [string, string])];
    const stale = files.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text).map(([f]) => f);
    if (check) {
      if (stale.length) {
        console.error(`OpenAPI drift: regenerate with \`npm run openapi\`:\n  ${stale.join('\n  ')}`);
        process.exit(1);
      }
      console.log('OpenAPI documents are up to date');
      return;
    }
    for (const [file, text] of files) writeFileSync(file, text);
    console.log(`wrote ${files.length} files (${stale.length} changed)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });

// Generation of the committed API description files. Dev-only: uses the TypeScript compiler through @nestjs/cli.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { CUSTOMER_MARKET_SEGMENT_SCHEMA } from '../src/customer/customer-market-segment.schema';
import { loadConfig } from '../src/config/config';
import { buildOpenApiDocuments } from '../src/openapi';

export const PLUGIN_OPTIONS = {
  introspectComments: true,
  classValidatorShim: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

/** Runs the Swagger CLI plugin over src/ and returns the text of src/metadata.ts. */
export function generatePluginMetadata(root: string, outDir: string): string {
  const generator = new PluginMetadataGenerator();
  generator.generate({
    visitors: [new ReadonlyVisitor({ ...PLUGIN_OPTIONS, pathToSource: join(root, 'src') })],
    outputDir: outDir,
    filename: 'metadata.ts',
    tsconfigPath: 'tsconfig.build.json', // relative to the working directory, which must be the project root
    printDiagnostics: false,
  });
  return readFileSync(join(outDir, 'metadata.ts'), 'utf8');
}

/**
 * The OpenAPI documents and our extensions' JSON Schemas as the files under openapi/ hold them (keyed by path without
 * `.json`). Builds the module graph only (preview mode).
 */
export async function renderOpenApiDocuments(): Promise<Record<string, string>> {
  const config = loadConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused', REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_BASE_URL: 'http://localhost:3000' });
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    const documents: Record<string, unknown> = {
      ...(await buildOpenApiDocuments(app)),
      // the JSON Schemas of our extensions, which the documents' resources name in @schemaLocation
      'schemas/CustomerMarketSegment.schema': CUSTOMER_MARKET_SEGMENT_SCHEMA,
    };
    return Object.fromEntries(Object.entries(documents).map(([k, d]) => [k, `${JSON.stringify(d, null, 2)}\n`]));
  } finally {
    await app.close().catch(() => undefined);
  }
}

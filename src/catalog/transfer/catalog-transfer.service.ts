import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database.service';
import { TmfException } from '../../tmf/errors';
import { Json, StoredDocument } from '../../tmf/resource/document.repository';
import { ResourceDefinition } from '../../tmf/resource/resource-definition';
import { knownResource, ReferenceProblem } from '../../tmf/resource/reference-graph';
import { CatalogResourceServices } from '../catalog-resource.services';
import { CATALOG_RESOURCES, EXPORT_JOB, IMPORT_JOB } from '../catalog.resources';
import { parseCatalogFile, renderCatalogFile } from './catalog-file';
import { CatalogTransferRepository } from './catalog-transfer.repository';
import { exportScope, scopedCollections } from './export-scope';
import { fetchLimited, importSource } from './import-source';

/** Resources written per import transaction. */
export const IMPORT_BATCH_SIZE = 500;
/** Problems listed in an import's errorLog; the count says how many there were in all. */
const MAX_LOGGED_PROBLEMS = 100;

/** One problem per id that appears more than once (the first is imported). */
function duplicatesOf(docs: StoredDocument[]): ReferenceProblem[] {
  const seen = new Set<string>();
  return docs.filter((d) => seen.has(d.id) || !seen.add(d.id)).map((d) => ({ id: d.id, message: 'appears more than once in the file; the first was imported' }));
}

/** A failure that retrying will not cure: the job is marked Failed at once. */
class JobFailure extends Error {}

/**
 * Runs import and export jobs (in a worker). Each run re-reads the job and does nothing if it has finished;
 * an export rewrites its file and an import upserts by id, so a retried run ends in the same state.
 */
@Injectable()
export class CatalogTransferService {
  private readonly logger = new Logger(CatalogTransferService.name);

  constructor(
    private readonly jobs: CatalogTransferRepository,
    private readonly services: CatalogResourceServices,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  runExport(id: string, lastAttempt = true): Promise<void> {
    return this.run(EXPORT_JOB, id, lastAttempt, async (job) => {
      const scope = exportScope(job.path as string | undefined, job.query as string | undefined);
      const ids = await this.jobs.selectWithReferences(scope);
      const collections = new Map<ResourceDefinition, Json[]>();
      for (const def of CATALOG_RESOURCES) {
        const rows = await this.jobs.documents(def, ids.get(def.table.table) ?? []);
        collections.set(def, rows.map((row) => this.services.of(def).toResource(row)));
      }
      const content = renderCatalogFile({ path: job.path as string | undefined, query: job.query as string | undefined }, collections);
      return { status: 'Succeeded', content };
    });
  }

  runImport(id: string, lastAttempt = true): Promise<void> {
    return this.run(IMPORT_JOB, id, lastAttempt, async (job) => {
      const parsed = parseCatalogFile(await this.readSource(String(job.url)));
      if ('error' in parsed) throw new JobFailure(parsed.error);
      const wanted = scopedCollections(job.path as string | undefined);
      const problems: (ReferenceProblem & { type: string })[] = [];
      const report = (def: ResourceDefinition, found: ReferenceProblem[]) => problems.push(...found.map((p) => ({ ...p, type: def.type })));
      // 1. validate every resource, without the database
      const prepared = new Map<ResourceDefinition, StoredDocument[]>();
      let total = 0;
      for (const [def, items] of parsed.collections) {
        if (!wanted.includes(def)) continue;
        total += items.length;
        const { docs, problems: invalid } = await this.services.of(def).prepareImport(items);
        report(def, invalid);
        const seen = new Set<string>();
        prepared.set(def, docs.filter((d) => !seen.has(d.id) && seen.add(d.id)));
        if (seen.size < docs.length) report(def, duplicatesOf(docs));
      }
      // 2. references may point into the database or to the file's valid resources; whatever refers to a
      //    resource that is dropped is dropped too, until nothing more drops
      const known = new Set([...prepared].flatMap(([def, docs]) => docs.map((d) => knownResource(def, d.id))));
      for (let dropped = true; dropped; ) {
        dropped = false;
        for (const [def, docs] of prepared) {
          const { problems: dangling } = await this.db.transaction((client) => this.services.of(def).checkReferences(client, docs, known));
          if (!dangling.length) continue;
          dropped = true;
          report(def, dangling);
          const ids = new Set(dangling.map((p) => p.id));
          prepared.set(def, docs.filter((d) => !ids.has(d.id)));
          ids.forEach((id) => known.delete(knownResource(def, id)));
        }
      }
      // 3. write, in transactions of IMPORT_BATCH_SIZE
      let imported = 0;
      for (const [def, docs] of prepared) {
        for (let at = 0; at < docs.length; at += IMPORT_BATCH_SIZE) {
          const batch = docs.slice(at, at + IMPORT_BATCH_SIZE);
          const result = await this.db.transaction((client) => this.services.of(def).writeImport(client, batch, known));
          report(def, result.problems); // only when a referenced resource was deleted meanwhile
          imported += batch.length - new Set(result.problems.map((p) => p.id)).size;
        }
      }
      if (!problems.length) return { status: 'Succeeded' };
      const lines = problems.slice(0, MAX_LOGGED_PROBLEMS).map((p) => `${p.type} ${p.id}: ${p.message}`);
      if (problems.length > MAX_LOGGED_PROBLEMS) lines.push(`… and ${problems.length - MAX_LOGGED_PROBLEMS} more`);
      return { status: 'Failed', errorLog: `${imported} of ${total} resources imported; ${total - imported} not:\n${lines.join('\n')}` };
    });
  }

  private async readSource(url: string): Promise<string> {
    let source;
    try {
      source = importSource(url, this.config);
    } catch (e) {
      throw new JobFailure((e as Error).message);
    }
    if (source.kind === 'url') {
      try {
        return await fetchLimited(source.url, this.config.importMaxBytes);
      } catch (e) {
        // fetch reports 'fetch failed' and keeps the reason (a refused redirect, ECONNREFUSED…) in `cause`
        const cause = (e as { cause?: { message?: string; code?: string } }).cause;
        const reason = cause?.message ?? cause?.code;
        throw new JobFailure(`could not read ${source.url}: ${(e as Error).message}${reason ? ` (${reason})` : ''}`);
      }
    }
    const file = await this.jobs.exportContent(EXPORT_JOB.table.table, source.exportJobId);
    if (!file) throw new JobFailure(`export job '${source.exportJobId}' does not exist`);
    if (file.status !== 'Succeeded' || file.content === null) throw new JobFailure(`export job '${source.exportJobId}' has not succeeded (status ${file.status})`);
    return file.content;
  }

  /** Claims the job, runs `work` and records the outcome. Unexpected errors are retried until the last attempt. */
  private async run(
    def: ResourceDefinition,
    id: string,
    lastAttempt: boolean,
    work: (job: Json) => Promise<{ status: 'Succeeded' | 'Failed'; errorLog?: string; content?: string }>,
  ): Promise<void> {
    const job = await this.jobs.claim(def, id);
    if (!job) return;
    try {
      const outcome = await work(job);
      await this.jobs.finish(def, id, outcome.status, outcome.errorLog, outcome.content);
    } catch (e) {
      const final = e instanceof JobFailure || e instanceof TmfException || lastAttempt;
      this.logger.warn(`${def.type} ${id} ${final ? 'failed' : 'will be retried'}: ${(e as Error).message}`);
      if (!final) throw e;
      await this.jobs.finish(def, id, 'Failed', (e as Error).message);
    }
  }
}

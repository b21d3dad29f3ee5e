import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PoolClient } from 'pg';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database.service';
import { CatalogJobPayload, catalogJobId, JOB_OPTIONS, QUEUES } from '../jobs/queues';
import { badRequest, TmfException } from '../tmf/errors';
import { OutboxRepository } from '../tmf/hub/outbox.repository';
import { Json } from '../tmf/resource/document.repository';
import { ResourceDefinition } from '../tmf/resource/resource-definition';
import { TmfResourceService } from '../tmf/resource/resource.service';
import { EXPORT_JOB, IMPORT_JOB } from './catalog.resources';
import { CATALOG_FILE_TYPE } from './transfer/catalog-file';
import { CatalogTransferRepository } from './transfer/catalog-transfer.repository';
import { exportScope, scopedCollections } from './transfer/export-scope';
import { importSource } from './transfer/import-source';

/**
 * Import and export jobs: created `Not Started` with their request checked up front (a bad path, query or url
 * is a 400, not a failed job), then run by a worker from a BullMQ job that carries only the job's id.
 */
abstract class CatalogJobService extends TmfResourceService {
  constructor(
    def: ResourceDefinition,
    db: Database,
    outbox: OutboxRepository,
    config: AppConfig,
    private readonly queue: Queue<CatalogJobPayload>,
    private readonly kind: 'import' | 'export',
    private readonly jobs: CatalogTransferRepository,
  ) {
    super(def, db, outbox, config);
  }

  protected abstract checkRequest(doc: Json, id: string): void;

  protected override async beforeCreate(_client: PoolClient, doc: Json, id: string): Promise<void> {
    if (doc.contentType !== undefined && doc.contentType !== CATALOG_FILE_TYPE) {
      throw badRequest('invalidBody', `contentType must be ${CATALOG_FILE_TYPE} (the only format of catalog files)`);
    }
    this.checkRequest(doc, id);
    Object.assign(doc, { contentType: CATALOG_FILE_TYPE, status: 'Not Started', creationDate: new Date().toISOString() });
    delete doc.completionDate;
    delete doc.errorLog;
  }

  override async create(body: object): Promise<Json> {
    const job = await super.create(body);
    const id = String(job.id);
    const queueName = this.kind === 'import' ? QUEUES.catalogImport : QUEUES.catalogExport;
    try {
      await this.queue.add(this.kind, { jobId: id }, { ...JOB_OPTIONS[queueName], jobId: catalogJobId(this.kind, id) });
    } catch (e) {
      await this.jobs.finish(this.def, id, 'Failed', `The job could not be queued: ${(e as Error).message}`);
      throw new TmfException(HttpStatus.SERVICE_UNAVAILABLE, 'serviceUnavailable', 'Service Unavailable', 'The job queue (Redis) is unavailable; the job was recorded as Failed');
    }
    return job;
  }
}

@Injectable()
export class ExportJobService extends CatalogJobService {
  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectQueue(QUEUES.catalogExport) queue: Queue<CatalogJobPayload>,
    jobs: CatalogTransferRepository,
  ) {
    super(EXPORT_JOB, db, outbox, config, queue, 'export', jobs);
  }

  /** The export file is served by this service: the client's `url`, required by the schema, is replaced. */
  protected checkRequest(doc: Json, id: string): void {
    exportScope(doc.path as string | undefined, doc.query as string | undefined);
    doc.url = `${this.href(id)}/content`;
  }
}

@Injectable()
export class ImportJobService extends CatalogJobService {
  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectQueue(QUEUES.catalogImport) queue: Queue<CatalogJobPayload>,
    jobs: CatalogTransferRepository,
  ) {
    super(IMPORT_JOB, db, outbox, config, queue, 'import', jobs);
  }

  protected checkRequest(doc: Json): void {
    importSource(String(doc.url), this.config);
    scopedCollections(doc.path as string | undefined);
  }
}

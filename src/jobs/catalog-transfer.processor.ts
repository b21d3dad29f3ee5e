import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { CatalogTransferService } from '../catalog/transfer/catalog-transfer.service';
import { isLastAttempt } from './attempts';
import { CatalogJobPayload, QUEUES, WORKER_CONCURRENCY } from './queues';

/** Runs one TMF620 export job; the payload carries only its id. */
@Processor(QUEUES.catalogExport, { concurrency: WORKER_CONCURRENCY[QUEUES.catalogExport] })
export class CatalogExportProcessor extends WorkerHost {
  constructor(private readonly transfers: CatalogTransferService) {
    super();
  }

  process(job: Job<CatalogJobPayload>): Promise<void> {
    return this.transfers.runExport(job.data.jobId, isLastAttempt(job));
  }
}

/** Runs one TMF620 import job; the payload carries only its id. */
@Processor(QUEUES.catalogImport, { concurrency: WORKER_CONCURRENCY[QUEUES.catalogImport] })
export class CatalogImportProcessor extends WorkerHost {
  constructor(private readonly transfers: CatalogTransferService) {
    super();
  }

  process(job: Job<CatalogJobPayload>): Promise<void> {
    return this.transfers.runImport(job.data.jobId, isLastAttempt(job));
  }
}

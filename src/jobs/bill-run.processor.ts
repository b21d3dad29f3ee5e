import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { BillOnDemandService } from '../billing/bill/bill-on-demand.service';
import { BillRunService } from '../billing/bill-run/bill-run.service';
import { Database } from '../database/database.service';
import { SegmentEvaluatorService } from '../segmentation/evaluation/segment-evaluator.service';
import { isLastAttempt } from './attempts';
import { BILL_RUN_WORKER, BillOnDemandPayload, BillRunChunkPayload, BillRunPayload, QUEUES, SegmentCustomerPayload, WORKER_CONCURRENCY } from './queues';

/** Bills one chunk of a bill run (skipped when already done). */
@Processor(QUEUES.billRunChunk, { concurrency: WORKER_CONCURRENCY[QUEUES.billRunChunk], ...BILL_RUN_WORKER })
export class BillRunChunkProcessor extends WorkerHost {
  constructor(private readonly runs: BillRunService) {
    super();
  }

  process(job: Job<BillRunChunkPayload>): Promise<void> {
    return this.runs.billChunk(job.data.billRunId, job.data.chunkNo, isLastAttempt(job));
  }
}

/** Ends a bill run: BullMQ runs this parent job once every chunk job has completed. */
@Processor(QUEUES.billRun, { concurrency: WORKER_CONCURRENCY[QUEUES.billRun], ...BILL_RUN_WORKER })
export class BillRunProcessor extends WorkerHost {
  constructor(private readonly runs: BillRunService) {
    super();
  }

  process(job: Job<BillRunPayload>): Promise<void> {
    return this.runs.finish(job.data.billRunId);
  }
}

/** Bills one account for a TMF678 CustomerBillOnDemand request. */
@Processor(QUEUES.billOnDemand, { concurrency: WORKER_CONCURRENCY[QUEUES.billOnDemand] })
export class BillOnDemandProcessor extends WorkerHost {
  constructor(private readonly onDemand: BillOnDemandService) {
    super();
  }

  process(job: Job<BillOnDemandPayload>): Promise<void> {
    return this.onDemand.process(job.data.onDemandId);
  }
}

/** Re-evaluates one customer's features and segments (after a quote acceptance or a change to the customer). */
@Processor(QUEUES.segmentCustomer, { concurrency: WORKER_CONCURRENCY[QUEUES.segmentCustomer] })
export class SegmentCustomerProcessor extends WorkerHost {
  constructor(
    private readonly db: Database,
    private readonly evaluator: SegmentEvaluatorService,
  ) {
    super();
  }

  async process(job: Job<SegmentCustomerPayload>): Promise<void> {
    await this.db.transaction((client) => this.evaluator.evaluateCustomer(client, job.data.customerId, job.data.trigger, new Date()));
  }
}

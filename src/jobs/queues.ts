import { JobsOptions } from 'bullmq';

/**
 * Every BullMQ queue of the service, with its job options, in one place. Queue keys carry the configured
 * prefix, a Redis Cluster hash tag (`{bss}`), so one queue's keys share a slot.
 */
export const QUEUES = {
  /** Delivers one outbox event to one hub subscription (payload: ids only). */
  eventDelivery: 'tmf-event-delivery',
  /** Runs one TMF620 export job (payload: the job id). */
  catalogExport: 'tmf620-catalog-export',
  /** Runs one TMF620 import job (payload: the job id). */
  catalogImport: 'tmf620-catalog-import',
  /** Cancels expired quotes; a job scheduler adds one job a minute (no payload). */
  quoteExpiry: 'tmf648-quote-expiry',
  /** Bills one chunk of a bill run's accounts (payload: run id and chunk number); children of a billRun flow. */
  billRunChunk: 'bss-bill-run-chunk',
  /** Ends a bill run once all its chunks are done (payload: the run id); the parent of a flow. */
  billRun: 'bss-bill-run',
  /** Bills one account now for a TMF678 CustomerBillOnDemand (payload: the request id). */
  billOnDemand: 'tmf678-bill-on-demand',
  /** Re-evaluates one customer's features and segments after a quote acceptance or a customer change (payload: ids). */
  segmentCustomer: 'bss-segment-customer',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  // 1 s, 2 s, 4 s … about 68 minutes of retries in all; then the delivery is recorded as failed.
  [QUEUES.eventDelivery]: {
    attempts: 13,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // The job re-reads its state and writes idempotently, so a retry after a crash is harmless.
  [QUEUES.catalogExport]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
  [QUEUES.catalogImport]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
  // the next run a minute later retries anything a failed run left
  [QUEUES.quoteExpiry]: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
  // A chunk is one transaction and is skipped once done; after the last attempt its accounts are parked.
  [QUEUES.billRunChunk]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
  [QUEUES.billRun]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
  // the first attempts may run before the request's transaction commits: they retry until it is visible
  [QUEUES.billOnDemand]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
  // the job re-reads the customer and writes the ledger idempotently; a missed one is caught up by the next bill run
  [QUEUES.segmentCustomer]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } },
};

/**
 * Worker settings of bill-run jobs: a killed worker's chunk is noticed within seconds (the lock expires after 15 s,
 * checked every 5 s) and may stall a few times (each time a worker died) before BullMQ gives up on it.
 */
export const BILL_RUN_WORKER = { lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 5 } as const;

/** How often the quote expiry job runs. */
export const QUOTE_EXPIRY_EVERY_MS = 60_000;

export const WORKER_CONCURRENCY: Record<QueueName, number> = {
  [QUEUES.eventDelivery]: 16,
  [QUEUES.catalogExport]: 1,
  [QUEUES.catalogImport]: 1,
  [QUEUES.quoteExpiry]: 1,
  // PostgreSQL does the work of a chunk; two at a time keep two cores busy
  [QUEUES.billRunChunk]: 2,
  [QUEUES.billRun]: 1,
  [QUEUES.billOnDemand]: 4,
  [QUEUES.segmentCustomer]: 4,
};

/** One BullMQ job per catalog job resource: enqueueing it twice is a no-op. (BullMQ refuses ':' in most ids.) */
export const catalogJobId = (kind: 'import' | 'export', id: string) => `${kind}-${id}`;

export interface CatalogJobPayload {
  jobId: string;
}

/** Deterministic job ids make a re-relayed event a no-op for BullMQ. */
export const deliveryJobId = (outboxId: string, subscriptionId: string) => `delivery:${outboxId}:${subscriptionId}`;

export interface BillRunChunkPayload {
  billRunId: string;
  chunkNo: number;
}

export interface BillRunPayload {
  billRunId: string;
}

export interface BillOnDemandPayload {
  onDemandId: string;
}

/** One job per run, per chunk and per on-demand request: enqueueing twice is a no-op. */
export const billRunJobId = (runId: string) => `billrun-${runId}`;
export const billRunChunkJobId = (runId: string, chunkNo: number) => `billrun-${runId}-chunk-${chunkNo}`;
export const billOnDemandJobId = (id: string) => `ondemand-${id}`;

export interface SegmentCustomerPayload {
  customerId: string;
  trigger: 'quoteAccepted' | 'customerChanged';
}

/** One job per quote acceptance (a repeated PATCH of an accepted quote is a no-op) or per customer write. */
export const segmentCustomerJobId = (customerId: string, cause: string) => `segment-${customerId}-${cause}`;

/** The flow producer that adds a bill run's parent job with its chunk jobs. */
export const BILL_RUN_FLOW = 'bill-run-flow';

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EventDeliveryService } from '../tmf/hub/event-delivery.service';
import { QUEUES, WORKER_CONCURRENCY } from './queues';

export interface EventDeliveryJob {
  outboxId: string;
  subscriptionId: string;
}

/** Small and idempotent: re-reads the event and the subscription, POSTs, records the outcome. */
@Processor(QUEUES.eventDelivery, { concurrency: WORKER_CONCURRENCY[QUEUES.eventDelivery] })
export class EventDeliveryProcessor extends WorkerHost {
  constructor(private readonly delivery: EventDeliveryService) {
    super();
  }

  async process(job: Job<EventDeliveryJob>): Promise<void> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.delivery.deliver(job.data.outboxId, job.data.subscriptionId, lastAttempt);
  }
}

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QuoteExpiryService } from '../quote/quote-expiry.service';
import { JOB_OPTIONS, QUEUES, QUOTE_EXPIRY_EVERY_MS, WORKER_CONCURRENCY } from './queues';

/** Cancels expired quotes once a minute; the scheduler is upserted at boot, so every worker agrees on one. */
@Processor(QUEUES.quoteExpiry, { concurrency: WORKER_CONCURRENCY[QUEUES.quoteExpiry] })
export class QuoteExpiryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly expiry: QuoteExpiryService,
    @InjectQueue(QUEUES.quoteExpiry) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('quote-expiry', { every: QUOTE_EXPIRY_EVERY_MS }, { name: 'expire', opts: JOB_OPTIONS[QUEUES.quoteExpiry] });
  }

  async process(): Promise<void> {
    await this.expiry.expireDue();
  }
}

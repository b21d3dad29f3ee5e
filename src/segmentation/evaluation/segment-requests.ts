import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOB_OPTIONS, QUEUES, SegmentCustomerPayload, segmentCustomerJobId } from '../../jobs/queues';

/**
 * Asks the worker to re-evaluate one customer's segments, after the change that calls it has committed (the job
 * re-reads the customer). Not inline in the request: evaluation reads billing history and ranks percentiles.
 */
@Injectable()
export class SegmentRequests {
  private readonly logger = new Logger(SegmentRequests.name);

  constructor(@InjectQueue(QUEUES.segmentCustomer) private readonly queue: Queue<SegmentCustomerPayload>) {}

  async request(customerId: string, trigger: SegmentCustomerPayload['trigger'], cause: string): Promise<void> {
    try {
      await this.queue.add(trigger, { customerId, trigger }, { ...JOB_OPTIONS[QUEUES.segmentCustomer], jobId: segmentCustomerJobId(customerId, cause) });
    } catch (e) {
      // the change itself is committed; the customer's next bill run re-evaluates it anyway
      this.logger.warn(`segment re-evaluation of customer ${customerId} not queued (${trigger}): ${(e as Error).message}`);
    }
  }
}

import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { redisOptions } from '../config/redis';
import { CatalogModule } from '../catalog/catalog.module';
import { QuoteModule } from '../quote/quote.module';
import { EventDeliveryService } from '../tmf/hub/event-delivery.service';
import { OutboxRelayService } from '../tmf/hub/outbox-relay.service';
import { CatalogExportProcessor, CatalogImportProcessor } from './catalog-transfer.processor';
import { EventDeliveryProcessor } from './event-delivery.processor';
import { QuoteExpiryProcessor } from './quote-expiry.processor';
import { BillingModule } from '../billing/billing.module';
import { CustomerBillModule } from '../billing/bill/customer-bill.module';
import { SegmentEvaluationModule } from '../segmentation/evaluation/segment-evaluation.module';
import { BillOnDemandProcessor, BillRunChunkProcessor, BillRunProcessor, SegmentCustomerProcessor } from './bill-run.processor';
import { BILL_RUN_FLOW, QUEUES } from './queues';

// Producers fail fast while Redis is away (no offline queue): the outbox relay's transaction then rolls back
// and the events are relayed on a later pass. Workers keep the shared connection, which waits for Redis.
const queues = BullModule.registerQueueAsync(
  ...Object.values(QUEUES).map((name) => ({
    name,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({ connection: { ...redisOptions(config.redisUrl), enableOfflineQueue: false } }),
  })),
);
const flows = BullModule.registerFlowProducerAsync({
  name: BILL_RUN_FLOW,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({ connection: { ...redisOptions(config.redisUrl), enableOfflineQueue: false } }),
});

/**
 * Producers for every queue, global so feature modules can enqueue; with `processors`, also the workers and
 * the outbox relay (ROLE worker or all).
 */
@Module({})
export class JobsModule {
  static forRole(processors: boolean): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: processors ? [queues, flows, CatalogModule, QuoteModule, BillingModule, CustomerBillModule, SegmentEvaluationModule] : [queues, flows],
      providers: processors
        ? [
            EventDeliveryService,
            EventDeliveryProcessor,
            OutboxRelayService,
            CatalogExportProcessor,
            CatalogImportProcessor,
            QuoteExpiryProcessor,
            BillRunChunkProcessor,
            BillRunProcessor,
            BillOnDemandProcessor,
            SegmentCustomerProcessor,
          ]
        : [],
      exports: [queues, flows],
    };
  }
}

import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { BillingModule } from './billing/billing.module';
import { CustomerBillModule } from './billing/bill/customer-bill.module';
import { CatalogModule } from './catalog/catalog.module';
import { ConfigModule } from './config/config.module';
import { redisOptions } from './config/redis';
import { CustomerModule } from './customer/customer.module';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './jobs/jobs.module';
import { ObservabilityModule } from './observability/observability.module';
import { QuoteModule } from './quote/quote.module';
import { SegmentationModule } from './segmentation/segmentation.module';
import { TmfModule } from './tmf/tmf.module';

/** The API modules, one per TMF API; the OpenAPI documents are built per module. */
export const API_MODULES = {
  'tmf629-customer': CustomerModule,
  'tmf620-product-catalog': CatalogModule,
  'tmf648-quote': QuoteModule,
  'tmf678-customer-bill': CustomerBillModule,
  'bss-segmentation': SegmentationModule,
} as const;

@Module({})
export class AppModule {
  /** The whole service; `config.role` decides whether BullMQ processors and the outbox relay run here. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        BullModule.forRoot({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
        TmfModule,
        JobsModule.forRole(config.role !== 'api'),
        ObservabilityModule,
        BillingModule,
        ...Object.values(API_MODULES),
      ],
    };
  }
}

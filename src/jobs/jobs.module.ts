import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { EventDeliveryService } from '../tmf/hub/event-delivery.service';
import { OutboxRelayService } from '../tmf/hub/outbox-relay.service';
import { EventDeliveryProcessor } from './event-delivery.processor';
import { QUEUES } from './queues';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

/** Producers for every queue; with `processors`, also the workers and the outbox relay (ROLE worker or all). */
@Module({})
export class JobsModule {
  static forRole(processors: boolean): DynamicModule {
    return {
      module: JobsModule,
      imports: [queues],
      providers: processors ? [EventDeliveryService, EventDeliveryProcessor, OutboxRelayService] : [],
      exports: [queues],
    };
  }
}

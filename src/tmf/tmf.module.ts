import { Global, Module } from '@nestjs/common';
import { CallbackGuard } from './hub/callback-guard';
import { HubRepository } from './hub/hub.repository';
import { HubService } from './hub/hub.service';
import { OutboxRepository } from './hub/outbox.repository';

/** The TMF630 toolkit's shared services: hub registrations and the transactional outbox. */
@Global()
@Module({
  providers: [HubRepository, HubService, OutboxRepository, CallbackGuard],
  exports: [HubRepository, HubService, OutboxRepository, CallbackGuard],
})
export class TmfModule {}

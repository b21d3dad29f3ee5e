import { Global, Module } from '@nestjs/common';
import { HubRepository } from './hub/hub.repository';
import { HubService } from './hub/hub.service';
import { OutboxRepository } from './hub/outbox.repository';

/** The TMF630 toolkit's shared services: hub registrations and the transactional outbox. */
@Global()
@Module({
  providers: [HubRepository, HubService, OutboxRepository],
  exports: [HubRepository, HubService, OutboxRepository],
})
export class TmfModule {}

import { Module } from '@nestjs/common';
import { UsageController } from './usage/usage.controller';
import { UsageIntakeService } from './usage/usage-intake.service';
import { UsageRepository } from './usage/usage.repository';

/** Billing: usage intake now; bill runs and TMF678 follow. */
@Module({
  controllers: [UsageController],
  providers: [UsageIntakeService, UsageRepository],
})
export class BillingModule {}

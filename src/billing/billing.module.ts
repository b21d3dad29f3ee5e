import { Module } from '@nestjs/common';
import { ProductInventoryRepository } from '../quote/product-inventory.repository';
import { BillingAccountRepository } from './billing-account.repository';
import { UsageController } from './usage/usage.controller';
import { UsageIntakeService } from './usage/usage-intake.service';
import { UsageRepository } from './usage/usage.repository';

/** Billing: usage intake now; bill runs and TMF678 follow. */
@Module({
  controllers: [UsageController],
  providers: [UsageIntakeService, UsageRepository, BillingAccountRepository, ProductInventoryRepository],
})
export class BillingModule {}

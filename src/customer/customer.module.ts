import { Module } from '@nestjs/common';
import { BillingAccountRepository } from '../billing/billing-account.repository';
import { hubController } from '../tmf/hub/hub-controller.factory';
import { CustomerController } from './customer.controller';
import { CUSTOMER_API } from './customer.resource';
import { CustomerService } from './customer.service';

/** TMF629 Customer Management v4. */
@Module({
  controllers: [CustomerController, hubController(CUSTOMER_API, 'TMF629 Customer')],
  providers: [CustomerService, BillingAccountRepository],
  exports: [CustomerService],
})
export class CustomerModule {}

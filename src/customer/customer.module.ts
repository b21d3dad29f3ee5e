import { Module } from '@nestjs/common';
import { BillingAccountRepository } from '../billing/billing-account.repository';
import { ProductInventoryRepository } from '../quote/product-inventory.repository';
import { hubController } from '../tmf/hub/hub-controller.factory';
import { resourceController, resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { CUSTOMER, CUSTOMER_API } from './customer.resource';
import { CustomerService } from './customer.service';
import { CustomerCreateDto, CustomerDto, CustomerUpdateDto } from './dto/customer.dto';

const TAG = 'TMF629 Customer';

/** TMF629 Customer Management v4. */
@Module({
  controllers: [
    resourceController({ def: CUSTOMER, tag: TAG, dto: { create: CustomerCreateDto, update: CustomerUpdateDto, read: CustomerDto } }),
    hubController(CUSTOMER_API, TAG),
  ],
  providers: [CustomerService, { provide: resourceServiceToken(CUSTOMER), useExisting: CustomerService }, BillingAccountRepository, ProductInventoryRepository],
  exports: [CustomerService],
})
export class CustomerModule {}

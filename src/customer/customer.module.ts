import { Module } from '@nestjs/common';
import { BillingAccountRepository } from '../billing/billing-account.repository';
import { OpenApiSchemasController } from '../openapi-schemas.controller';
import { ProductInventoryRepository } from '../quote/product-inventory.repository';
import { SegmentEvaluationModule } from '../segmentation/evaluation/segment-evaluation.module';
import { hubController } from '../tmf/hub/hub-controller.factory';
import { resourceController, resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { CUSTOMER, CUSTOMER_API } from './customer.resource';
import { CustomerService } from './customer.service';
import { CustomerCreateDto, CustomerDto, CustomerUpdateDto } from './dto/customer.dto';

const TAG = 'TMF629 Customer';

/** TMF629 Customer Management v4, with the segmentation extension (`marketSegment`) and its JSON Schema. */
@Module({
  // SegmentRequests: every customer write asks for the customer's segments to be re-evaluated
  imports: [SegmentEvaluationModule],
  controllers: [
    resourceController({ def: CUSTOMER, tag: TAG, dto: { create: CustomerCreateDto, update: CustomerUpdateDto, read: CustomerDto } }),
    hubController(CUSTOMER_API, TAG),
    OpenApiSchemasController,
  ],
  providers: [CustomerService, { provide: resourceServiceToken(CUSTOMER), useExisting: CustomerService }, BillingAccountRepository, ProductInventoryRepository],
  exports: [CustomerService],
})
export class CustomerModule {}

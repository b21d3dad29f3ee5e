import { Module } from '@nestjs/common';
import { hubController } from '../../tmf/hub/hub-controller.factory';
import { resourceController, resourceServiceToken } from '../../tmf/resource/resource-controller.factory';
import { BillingAccountRepository } from '../billing-account.repository';
import { AppliedCustomerBillingRateDto } from '../dto/applied-customer-billing-rate.dto';
import { CustomerBillOnDemandCreateDto, CustomerBillOnDemandDto } from '../dto/customer-bill-on-demand.dto';
import { CustomerBillDto, CustomerBillUpdateDto } from '../dto/customer-bill.dto';
import { RatingRepository } from '../rating/rating.repository';
import { BillOnDemandService } from './bill-on-demand.service';
import { BillWriterRepository } from './bill-writer.repository';
import { BillingService } from './billing.service';
import { Clock } from './clock';
import { CustomerBillResourceServices, customerBillResourceProviders } from './customer-bill-resource.services';
import { APPLIED_CUSTOMER_BILLING_RATE, CUSTOMER_BILL, CUSTOMER_BILL_API, CUSTOMER_BILL_ON_DEMAND } from './customer-bill.resources';

const TAG = 'TMF678 Customer Bill';

/**
 * TMF678 Customer Bill Management v4: bills (read, state changes), their applied rates (read), on-demand bill
 * requests, the hub — and the billing transaction that bill runs and on-demand requests share.
 */
@Module({
  controllers: [
    resourceController({ def: CUSTOMER_BILL, tag: TAG, dto: { update: CustomerBillUpdateDto, read: CustomerBillDto }, operations: ['list', 'retrieve', 'patch'] }),
    resourceController({ def: APPLIED_CUSTOMER_BILLING_RATE, tag: TAG, dto: { read: AppliedCustomerBillingRateDto }, operations: ['list', 'retrieve'] }),
    resourceController({
      def: CUSTOMER_BILL_ON_DEMAND,
      tag: TAG,
      dto: { create: CustomerBillOnDemandCreateDto, read: CustomerBillOnDemandDto },
      operations: ['list', 'retrieve', 'create'],
    }),
    hubController(CUSTOMER_BILL_API, TAG),
  ],
  providers: [
    CustomerBillResourceServices,
    ...customerBillResourceProviders,
    BillOnDemandService,
    { provide: resourceServiceToken(CUSTOMER_BILL_ON_DEMAND), useExisting: BillOnDemandService },
    BillingAccountRepository,
    BillingService,
    RatingRepository,
    BillWriterRepository,
    Clock,
  ],
  exports: [BillingService, BillOnDemandService],
})
export class CustomerBillModule {}

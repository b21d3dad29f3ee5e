import { Module } from '@nestjs/common';
import { ProductInventoryRepository } from '../quote/product-inventory.repository';
import { SegmentEvaluationModule } from '../segmentation/evaluation/segment-evaluation.module';
import { resourceController, resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { BillDocumentController } from './bill/bill-document.controller';
import { BillDocumentRepository } from './bill/bill-document.repository';
import { CustomerBillModule } from './bill/customer-bill.module';
import { BillRunController } from './bill-run/bill-run.controller';
import { BILL_RUN } from './bill-run/bill-run.resource';
import { BillRunRepository } from './bill-run/bill-run.repository';
import { BillRunService } from './bill-run/bill-run.service';
import { BillingAccountRepository } from './billing-account.repository';
import { BillRunDto } from './dto/bill-run.dto';
import { UsageController } from './usage/usage.controller';
import { UsageIntakeService } from './usage/usage-intake.service';
import { UsageRepository } from './usage/usage.repository';

/** The billing pipeline's side (not a TMF API): usage intake, bill runs, rendered bill documents. */
@Module({
  imports: [CustomerBillModule, SegmentEvaluationModule],
  controllers: [
    UsageController,
    BillRunController,
    resourceController({ def: BILL_RUN, tag: 'Billing', dto: { read: BillRunDto }, operations: ['list', 'retrieve'] }),
    BillDocumentController,
  ],
  providers: [
    UsageIntakeService,
    UsageRepository,
    BillingAccountRepository,
    ProductInventoryRepository,
    BillRunRepository,
    BillRunService,
    { provide: resourceServiceToken(BILL_RUN), useExisting: BillRunService },
    BillDocumentRepository,
  ],
  exports: [BillRunService],
})
export class BillingModule {}

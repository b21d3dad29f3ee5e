import { Module } from '@nestjs/common';
import { BillingAccountRepository } from '../billing/billing-account.repository';
import { CatalogModule } from '../catalog/catalog.module';
import { SegmentEvaluationModule } from '../segmentation/evaluation/segment-evaluation.module';
import { hubController } from '../tmf/hub/hub-controller.factory';
import { resourceController, resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { QuoteCreateDto, QuoteDto, QuoteUpdateDto } from './dto/quote.dto';
import { PricingCatalogRepository } from './pricing/pricing-catalog.repository';
import { ProductInventoryRepository } from './product-inventory.repository';
import { QuoteExpiryService } from './quote-expiry.service';
import { QUOTE, QUOTE_API } from './quote.resource';
import { QuoteRepository } from './quote.repository';
import { QuoteService } from './quote.service';

const TAG = 'TMF648 Quote';

/** TMF648 Quote Management v4: priced quotes from the catalog, their life cycle, acceptance into products. */
@Module({
  // SegmentRequests: an acceptance asks for the customer's segments to be re-evaluated
  imports: [CatalogModule, SegmentEvaluationModule],
  controllers: [resourceController({ def: QUOTE, tag: TAG, dto: { create: QuoteCreateDto, update: QuoteUpdateDto, read: QuoteDto } }), hubController(QUOTE_API, TAG)],
  providers: [
    QuoteService,
    { provide: resourceServiceToken(QUOTE), useExisting: QuoteService },
    BillingAccountRepository,
    PricingCatalogRepository,
    ProductInventoryRepository,
    QuoteExpiryService,
    QuoteRepository,
  ],
  exports: [QuoteService, QuoteExpiryService, ProductInventoryRepository],
})
export class QuoteModule {}

import { Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database.service';
import { hubController } from '../tmf/hub/hub-controller.factory';
import { OutboxRepository } from '../tmf/hub/outbox.repository';
import { resourceController, resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { TmfResourceService } from '../tmf/resource/resource.service';
import { MarketSegmentCreateDto, MarketSegmentDto, MarketSegmentUpdateDto } from './dto/market-segment.dto';
import { SegmentMembershipDto } from './dto/segment-membership.dto';
import { SegmentEvaluationModule } from './evaluation/segment-evaluation.module';
import { FeatureController } from './features/feature.controller';
import { SEGMENT_MEMBERSHIP } from './membership/membership.resource';
import { MarketSegmentController, SEGMENTATION_TAG } from './segment/market-segment.controller';
import { MARKET_SEGMENT, SEGMENTATION_API } from './segment/market-segment.resource';
import { MarketSegmentService } from './segment/market-segment.service';

/**
 * Customer segmentation (this service's own API, not a TMF one): segment definitions with their preview, the
 * membership ledger, the feature catalog, and the hub for segment events.
 */
@Module({
  // the product families and the preview come from the evaluation side, which bill runs share
  imports: [SegmentEvaluationModule],
  controllers: [
    resourceController({ def: MARKET_SEGMENT, tag: SEGMENTATION_TAG, dto: { create: MarketSegmentCreateDto, update: MarketSegmentUpdateDto, read: MarketSegmentDto } }),
    MarketSegmentController,
    resourceController({ def: SEGMENT_MEMBERSHIP, tag: SEGMENTATION_TAG, dto: { read: SegmentMembershipDto }, operations: ['list', 'retrieve'] }),
    FeatureController,
    hubController(SEGMENTATION_API, SEGMENTATION_TAG),
  ],
  providers: [
    MarketSegmentService,
    { provide: resourceServiceToken(MARKET_SEGMENT), useExisting: MarketSegmentService },
    {
      // the ledger is a plain toolkit resource: what it may do is declared in its definition
      provide: resourceServiceToken(SEGMENT_MEMBERSHIP),
      inject: [Database, OutboxRepository, APP_CONFIG],
      useFactory: (db: Database, outbox: OutboxRepository, config: AppConfig) => new TmfResourceService(SEGMENT_MEMBERSHIP, db, outbox, config),
    },
  ],
  exports: [MarketSegmentService],
})
export class SegmentationModule {}

import { Module } from '@nestjs/common';
import { FeatureSnapshotRepository } from '../features/feature-snapshot.repository';
import { ProductFamiliesRepository } from '../features/product-families.repository';
import { LearnedSegmentService } from '../learned/learned-segment.service';
import { SegmentEvaluationRepository } from './segment-evaluation.repository';
import { SegmentEvaluatorService } from './segment-evaluator.service';
import { SegmentPreviewService } from './segment-preview';
import { SegmentRequests } from './segment-requests';
import { SegmentRunService } from './segment-run.service';

/**
 * Segment evaluation without HTTP: what bill-run chunks, the bill-run close, the one-customer job and the segment API
 * (preview) share. Billing imports it; it imports nothing of billing.
 */
@Module({
  providers: [
    FeatureSnapshotRepository,
    ProductFamiliesRepository,
    SegmentEvaluationRepository,
    SegmentEvaluatorService,
    SegmentPreviewService,
    SegmentRequests,
    SegmentRunService,
    LearnedSegmentService,
  ],
  exports: [ProductFamiliesRepository, SegmentEvaluatorService, SegmentPreviewService, SegmentRequests, SegmentRunService, LearnedSegmentService],
})
export class SegmentEvaluationModule {}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database.service';
import { resourceHref } from '../../tmf/resource/resource-definition';
import { LearnedSegmentService } from '../learned/learned-segment.service';
import { MARKET_SEGMENT } from '../segment/market-segment.resource';
import { SegmentEvaluatorService } from './segment-evaluator.service';

/** Customers re-assessed per transaction at the close (percentile and learned segments). */
const CLOSE_BATCH = 5000;

export interface SegmentDrift {
  marketSegment: { id: string; href: string; name: string; version: number };
  kind: string;
  entries: number;
  exits: number;
  size: number;
  lowerSize?: number;
  upperSize?: number;
  alert?: string;
}

/**
 * The segmentation steps of a bill run's close, after every chunk evaluated its customers: the learned segments are
 * re-fitted on the run's features; then, in batches, the run's customers are re-assigned to the nearest centroid and
 * ranked again for percentile rules, now among every customer's fresh features (a chunk ranks among those known
 * when it ran); then the drift report counts each segment's entries, exits and size and flags sizes outside the
 * segment's bounds.
 */
@Injectable()
export class SegmentRunService {
  private readonly logger = new Logger(SegmentRunService.name);

  constructor(
    private readonly db: Database,
    private readonly evaluator: SegmentEvaluatorService,
    private readonly learned: LearnedSegmentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async close(runId: string, billDate: Date): Promise<Record<string, unknown>> {
    const fit = await this.db.transaction((client) => this.learned.refit(client, runId, billDate));
    // the drift report counts the ledger afterwards, so the batches' own counts are not needed
    let after: string | null = null;
    do {
      const from: string | null = after;
      const batch: { last: string | null } = await this.db.transaction((client) => this.evaluator.reassessAtClose(client, runId, from, CLOSE_BATCH, billDate));
      after = batch.last;
    } while (after);
    const drift = await this.drift(runId);
    for (const d of drift.filter((x) => x.alert)) this.logger.warn(`bill run ${runId}: segment ${d.marketSegment.name}: ${d.alert}`);
    const customers = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM customer_feature WHERE bill_run_id = $1`, [runId]);
    return {
      customersEvaluated: Number(customers[0].n),
      learnedSegmentation: fit ? { clusters: fit.k, silhouette: Math.round(fit.silhouette * 1000) / 1000 } : undefined,
      segmentDrift: drift,
    };
  }

  /** Entries and exits the run recorded per segment, and each segment's size now. */
  async drift(runId: string): Promise<SegmentDrift[]> {
    const rows = await this.db.query<{ id: string; name: string; version: number; kind: string; lower: number | null; upper: number | null; entries: string; exits: string; size: string }>(
      `SELECT s.id, s.name, s.version, s.kind, (s.doc ->> 'lowerSize')::int AS lower, (s.doc ->> 'upperSize')::int AS upper,
              (SELECT count(*) FROM segment_membership m WHERE m.entry_bill_run_id = $1 AND m.market_segment_id = s.id) AS entries,
              (SELECT count(*) FROM segment_membership m WHERE m.exit_bill_run_id = $1 AND m.market_segment_id = s.id) AS exits,
              (SELECT count(*) FROM segment_membership m WHERE m.market_segment_id = s.id AND m.valid_to IS NULL) AS size
         FROM market_segment s
        WHERE s.status = 'active'
           OR EXISTS (SELECT 1 FROM segment_membership m WHERE m.market_segment_id = s.id AND (m.entry_bill_run_id = $1 OR m.exit_bill_run_id = $1))
        ORDER BY s.name, s.id`,
      [runId],
    );
    return rows.map((r) => {
      const size = Number(r.size);
      const alert =
        r.lower !== null && size < r.lower ? `size ${size} is below lowerSize ${r.lower}` : r.upper !== null && size > r.upper ? `size ${size} is above upperSize ${r.upper}` : undefined;
      return {
        marketSegment: { id: r.id, href: resourceHref(this.config.publicBaseUrl, MARKET_SEGMENT, r.id), name: r.name, version: r.version },
        kind: r.kind,
        entries: Number(r.entries),
        exits: Number(r.exits),
        size,
        ...(r.lower !== null ? { lowerSize: r.lower } : {}),
        ...(r.upper !== null ? { upperSize: r.upper } : {}),
        ...(alert ? { alert } : {}),
      };
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { BILL_RUN } from '../../billing/bill-run/bill-run.resource';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CUSTOMER_SEGMENT_SCHEMA_PATH } from '../../customer/customer-market-segment.schema';
import { CUSTOMER } from '../../customer/customer.resource';
import { SqlParams } from '../../tmf/query/sql-params';
import { collectionHref } from '../../tmf/resource/resource-definition';
import { FeatureCatalog } from '../features/feature-catalog';
import { FeatureSnapshotRepository, FeatureTrigger } from '../features/feature-snapshot.repository';
import { ProductFamiliesRepository } from '../features/product-families.repository';
import { compileSegmentRule } from '../rule/rule-compiler';
import { LeafRule, parseSegmentRule, SegmentRule } from '../rule/segment-rule';
import { MARKET_SEGMENT } from '../segment/market-segment.resource';
import { CompiledSegment, LedgerContext, LedgerScope, SegmentEvaluationRepository, SegmentRow } from './segment-evaluation.repository';

export interface EvaluationOutcome {
  customers: number;
  entries: number;
  exits: number;
}

/** An active rule segment with its stored rule parsed against today's catalog. */
interface ParsedSegment {
  segment: SegmentRow;
  rule: SegmentRule;
}

/**
 * Features → segments → ledger for a set of customers, inside the caller's transaction: a bill-run chunk (its
 * billed customers) or one customer after an event. Each active rule is compiled once per evaluation and all of
 * them run in one statement; never a query per customer or per segment.
 */
@Injectable()
export class SegmentEvaluatorService {
  constructor(
    private readonly snapshots: FeatureSnapshotRepository,
    private readonly evaluation: SegmentEvaluationRepository,
    private readonly families: ProductFamiliesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After billing in a bill-run chunk: the customers of the chunk's accounts (`bill_account`), as of the bill date. */
  async evaluateBilledCustomers(client: PoolClient, run: { id: string; periodEnd: Date; billDate: Date }): Promise<EvaluationOutcome> {
    const customers = await this.snapshots.selectBilledCustomers(client, run.periodEnd);
    return this.evaluateSelected(client, customers, { trigger: 'billRun', billRunId: run.id, asOf: run.billDate });
  }

  /** One customer now, after a quote acceptance or a change to the customer. */
  async evaluateCustomer(client: PoolClient, customerId: string, trigger: FeatureTrigger, at: Date): Promise<EvaluationOutcome> {
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    // serialises with a bill-run chunk evaluating the same customer (which holds its account locks)
    await client.query(`SELECT 1 FROM billing_account WHERE customer_id = $1 ORDER BY id FOR UPDATE`, [customerId]);
    const customers = await this.snapshots.selectCustomer(client, customerId);
    return this.evaluateSelected(client, customers, { trigger, billRunId: null, asOf: at });
  }

  /**
   * At a bill run's close, for the next batch of the run's customers: the segments whose membership depends on the
   * whole population are decided again now that every customer of the run has fresh features — percentile rules
   * (chunks ranked among the customers known so far) and learned segments (re-fitted). Only their memberships
   * change. Returns the last customer of the batch, null when there was none.
   */
  async reassessAtClose(client: PoolClient, runId: string, after: string | null, limit: number, at: Date): Promise<{ last: string | null; entries: number; exits: number }> {
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    const last = await this.snapshots.selectRunCustomers(client, runId, after, limit);
    if (!last) return { last: null, entries: 0, exits: 0 };
    const segments = await this.evaluation.activeSegments(client, at);
    const catalog = await this.families.catalog(client);
    const ranked = parsed(segments, catalog).filter((p) => leaves(p.rule).some((l) => 'topPercent' in l || 'bottomPercent' in l));
    const scope = { kinds: ['learned'], ids: ranked.map((p) => p.segment.id) };
    return { last, ...(await this.decide(client, catalog, ranked, learnedOf(segments), this.ledgerContext(at, runId, 'billRun'), scope)) };
  }

  private async evaluateSelected(client: PoolClient, customers: number, ctx: { trigger: FeatureTrigger; billRunId: string | null; asOf: Date }): Promise<EvaluationOutcome> {
    if (!customers) return { customers: 0, entries: 0, exits: 0 };
    await this.snapshots.snapshot(client, ctx);
    const segments = await this.evaluation.activeSegments(client, ctx.asOf);
    const catalog = await this.families.catalog(client);
    return { customers, ...(await this.decide(client, catalog, parsed(segments, catalog), learnedOf(segments), this.ledgerContext(ctx.asOf, ctx.billRunId, ctx.trigger))) };
  }

  /** Evaluates the segments for the selected customers in one statement, then writes the ledger and the customers. */
  private async decide(
    client: PoolClient,
    catalog: FeatureCatalog,
    rules: ParsedSegment[],
    learned: SegmentRow[],
    ledger: LedgerContext,
    scope?: LedgerScope,
  ): Promise<{ entries: number; exits: number }> {
    const params = new SqlParams();
    const compiled = rules.map((p, i) => this.compile(p, catalog, params, i));
    await this.evaluation.evaluate(client, compiled, learned, params);
    const { entries, exits } = await this.evaluation.writeLedger(client, ledger, scope);
    if (entries || exits) await this.evaluation.refreshCustomers(client, ledger);
    return { entries, exits };
  }

  private compile({ segment, rule }: ParsedSegment, catalog: FeatureCatalog, params: SqlParams, index: number): CompiledSegment {
    const compiled = compileSegmentRule(rule, catalog, params, `s${index}w`);
    const features = new Map(leaves(rule).map((leaf) => [leaf.feature, (catalog.get(leaf.feature) as { sql: string }).sql]));
    return { segment, compiled, features };
  }

  ledgerContext(at: Date, billRunId: string | null, trigger: string): LedgerContext {
    const base = this.config.publicBaseUrl;
    return {
      at,
      billRunId,
      trigger,
      customerHref: `${collectionHref(base, CUSTOMER)}/`,
      segmentHref: `${collectionHref(base, MARKET_SEGMENT)}/`,
      billRunHref: `${collectionHref(base, BILL_RUN)}/`,
      customerSchemaLocation: `${base}${CUSTOMER_SEGMENT_SCHEMA_PATH}`,
    };
  }
}

/**
 * The active rule segments whose stored rule parses against today's catalog. A rule that no longer does (a category
 * it names was removed) is left out, so its members leave rather than the whole evaluation failing.
 */
function parsed(segments: SegmentRow[], catalog: FeatureCatalog): ParsedSegment[] {
  return segments
    .filter((s) => s.kind !== 'learned')
    .flatMap((segment) => {
      const result = parseSegmentRule(segment.rule, catalog);
      return 'rule' in result ? [{ segment, rule: result.rule }] : [];
    });
}

/** Learned segments that have a centroid to assign customers to. */
function learnedOf(segments: SegmentRow[]): SegmentRow[] {
  return segments.filter((s) => s.kind === 'learned' && s.centroid);
}

function leaves(rule: SegmentRule): LeafRule[] {
  if ('all' in rule) return rule.all.flatMap(leaves);
  if ('any' in rule) return rule.any.flatMap(leaves);
  if ('not' in rule) return leaves(rule.not);
  return [rule];
}

import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Queryable } from '../../database/database.service';
import { SqlParams } from '../../tmf/query/sql-params';
import { FeatureCatalog, featureCatalog } from '../features/feature-catalog';
import { FeatureSnapshotRepository, FeatureTrigger } from '../features/feature-snapshot.repository';
import { ProductFamiliesRepository } from '../features/product-families.repository';
import { compileSegmentRule } from '../rule/rule-compiler';
import { LeafRule, parseSegmentRule, SegmentRule } from '../rule/segment-rule';
import { CompiledSegment, LedgerContext, SegmentEvaluationRepository, SegmentRow } from './segment-evaluation.repository';

/** Where the customer `marketSegment` extension's JSON Schema is served. */
export const CUSTOMER_SEGMENT_SCHEMA_PATH = '/openapi/schemas/CustomerMarketSegment.schema.json';

export interface EvaluationOutcome {
  customers: number;
  entries: number;
  exits: number;
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
    const catalog = await this.catalog(client);
    const params = new SqlParams();
    const ranked = segments.filter((s) => s.kind !== 'learned' && ranksPopulation(s.rule));
    const rules = ranked.flatMap((s, i) => this.compile(s, catalog, params, i));
    const learned = segments.filter((s) => s.kind === 'learned' && s.centroid);
    await this.evaluation.evaluate(client, rules, learned, params);
    const ledger = this.ledgerContext(at, runId, 'billRun');
    const scope = [...rules.map((r) => r.segment.id), ...segments.filter((s) => s.kind === 'learned').map((s) => s.id)];
    const { entries, exits } = await this.evaluation.writeLedger(client, ledger, { kinds: ['learned'], ids: scope });
    if (entries || exits) await this.evaluation.refreshCustomers(client, ledger);
    return { last, entries, exits };
  }

  private async evaluateSelected(client: PoolClient, customers: number, ctx: { trigger: FeatureTrigger; billRunId: string | null; asOf: Date }): Promise<EvaluationOutcome> {
    if (!customers) return { customers: 0, entries: 0, exits: 0 };
    await this.snapshots.snapshot(client, ctx);
    const segments = await this.evaluation.activeSegments(client, ctx.asOf);
    const catalog = await this.catalog(client);
    const params = new SqlParams();
    const rules = segments.filter((s) => s.kind !== 'learned').flatMap((s, i) => this.compile(s, catalog, params, i));
    const learned = segments.filter((s) => s.kind === 'learned' && s.centroid);
    await this.evaluation.evaluate(client, rules, learned, params);
    const ledger = this.ledgerContext(ctx.asOf, ctx.billRunId, ctx.trigger);
    const { entries, exits } = await this.evaluation.writeLedger(client, ledger);
    if (entries || exits) await this.evaluation.refreshCustomers(client, ledger);
    return { customers, entries, exits };
  }

  async catalog(client?: Queryable): Promise<FeatureCatalog> {
    return featureCatalog(await this.families.families(client));
  }

  /**
   * A stored rule compiled against today's catalog. A rule that no longer parses (a category it names was removed)
   * is skipped, so its members exit rather than the whole evaluation failing.
   */
  private compile(segment: SegmentRow, catalog: FeatureCatalog, params: SqlParams, index: number): CompiledSegment[] {
    const parsed = parseSegmentRule(segment.rule, catalog);
    if (!('rule' in parsed)) return [];
    const compiled = compileSegmentRule(parsed.rule, catalog, params, `s${index}w`);
    const features = new Map<string, string>();
    for (const leaf of leaves(parsed.rule)) features.set(leaf.feature, (catalog.get(leaf.feature) as { sql: string }).sql);
    return [{ segment, compiled, features }];
  }

  ledgerContext(at: Date, billRunId: string | null, trigger: string): LedgerContext {
    const base = this.config.publicBaseUrl;
    return {
      at,
      billRunId,
      trigger,
      customerHref: `${base}/tmf-api/customerManagement/v4/customer/`,
      segmentHref: `${base}/bss/segmentation/v1/marketSegment/`,
      billRunHref: `${base}/bss/billing/v1/billRun/`,
      customerSchemaLocation: `${base}${CUSTOMER_SEGMENT_SCHEMA_PATH}`,
    };
  }
}

/** Whether a stored rule has a percentile condition (its members depend on the whole population). */
function ranksPopulation(rule: unknown): boolean {
  const walk = (node: unknown): boolean =>
    node !== null && typeof node === 'object' && (Object.hasOwn(node, 'topPercent') || Object.hasOwn(node, 'bottomPercent') || Object.values(node).some(walk));
  return walk(rule);
}

function leaves(rule: SegmentRule): LeafRule[] {
  if ('all' in rule) return rule.all.flatMap(leaves);
  if ('any' in rule) return rule.any.flatMap(leaves);
  if ('not' in rule) return leaves(rule.not);
  return [rule];
}

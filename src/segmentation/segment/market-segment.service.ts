import { Inject, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { PoolClient } from 'pg';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CUSTOMER } from '../../customer/customer.resource';
import { Database, Queryable } from '../../database/database.service';
import { badRequest, conflict } from '../../tmf/errors';
import { newEvent, OutboxRepository } from '../../tmf/hub/outbox.repository';
import { Json } from '../../tmf/resource/document.repository';
import { eventType, resourceHref } from '../../tmf/resource/resource-definition';
import { TmfResourceService } from '../../tmf/resource/resource.service';
import { SegmentPreviewService } from '../evaluation/segment-preview';
import { FeatureCatalog } from '../features/feature-catalog';
import { ProductFamiliesRepository } from '../features/product-families.repository';
import { parseSegmentRule, SegmentRule } from '../rule/segment-rule';
import { MARKET_SEGMENT } from './market-segment.resource';

/** What a PATCH may change on a learned segment: its rule and centroid belong to the clustering. */
const LEARNED_EDITABLE = new Set(['status', 'description', 'lowerSize', 'upperSize', 'lastUpdate']);
const PREVIEW_SAMPLE = 10;

/**
 * Segment definitions on the toolkit, with their rules: every rule checked against the feature catalog of the
 * current product families, the version bumped by every rule change, learned segments left to the clustering,
 * a retirement closing the segment's memberships, and only drafts deleted (a used segment keeps its history).
 */
@Injectable()
export class MarketSegmentService extends TmfResourceService {
  constructor(
    db: Database,
    private readonly outboxEvents: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly families: ProductFamiliesRepository,
    private readonly previews: SegmentPreviewService,
  ) {
    super(MARKET_SEGMENT, db, outboxEvents, config);
  }

  override async create(body: object): Promise<Json> {
    if ((body as Json).kind === 'learned') {
      throw badRequest('invalidBody', `kind 'learned' cannot be created: learned segments are published by the clustering at bill-run close`);
    }
    return super.create(body);
  }

  /** Document rules: a learned segment has no rule, any other needs one; lowerSize ≤ upperSize. */
  protected override checkDocument(doc: Json): void {
    if (doc.kind === 'learned' && doc.rule !== undefined) {
      throw badRequest('invalidBody', `rule: a learned segment has no rule (its members are the customers nearest its centroid)`);
    }
    if (doc.kind !== 'learned' && doc.rule === undefined) throw badRequest('invalidBody', `rule: a ${String(doc.kind)} segment needs a rule`);
    const { lowerSize, upperSize } = doc as { lowerSize?: number; upperSize?: number };
    if (lowerSize !== undefined && upperSize !== undefined && lowerSize > upperSize) {
      throw badRequest('invalidBody', `lowerSize (${lowerSize}) must not exceed upperSize (${upperSize})`);
    }
  }

  protected override async beforeCreate(client: PoolClient, doc: Json): Promise<void> {
    if (doc.status === 'retired') throw badRequest('invalidBody', `status: a segment is created draft or active, not retired`);
    doc.rule = await this.checkedRule(client, doc.rule);
    doc.version = 1;
  }

  protected override async beforeUpdate(client: PoolClient, doc: Json, previous: Json, id: string): Promise<void> {
    if ((doc.kind === 'learned') !== (previous.kind === 'learned')) {
      throw badRequest('invalidBody', `kind: a segment cannot become learned or stop being learned (it is ${String(previous.kind)})`);
    }
    const ruleChanged = !isDeepStrictEqual(doc.rule, previous.rule);
    if (previous.kind === 'learned') {
      const changed = Object.keys({ ...doc, ...previous }).filter((k) => !LEARNED_EDITABLE.has(k) && !isDeepStrictEqual(doc[k], previous[k]));
      if (changed.length) {
        throw badRequest('invalidBody', `${changed.join(', ')}: a learned segment is the clustering's; only status, description, lowerSize and upperSize may change`);
      }
    } else if (ruleChanged || (doc.status === 'active' && previous.status !== 'active')) {
      // an activation checks the rule again: a feature may have gone with its product family since the rule was written
      doc.rule = await this.checkedRule(client, doc.rule);
    }
    doc.version = (Number(previous.version) || 1) + (ruleChanged ? 1 : 0);
    if (doc.status === 'retired' && previous.status !== 'retired') await this.closeMemberships(client, id, Number(previous.version) || 1);
  }

  /** A segment in use has a membership history (and hub listeners know it): it is retired, not deleted. */
  protected override async beforeDelete(_client: PoolClient, doc: Json, id: string): Promise<void> {
    if (doc.status !== 'draft') {
      throw conflict('segmentInUse', `marketSegment '${id}' is ${String(doc.status)}: only a draft can be deleted; retire it instead; its history is kept`);
    }
  }

  /**
   * How many customers would enter and leave if `rule` (default: the stored one) were activated now, with a sample
   * of each; nothing is written.
   */
  async preview(id: string, rule: unknown): Promise<Json> {
    const segment = await this.retrieve(id);
    if (segment.kind === 'learned') {
      throw badRequest('invalidBody', `a learned segment has no rule to preview: its members are the customers nearest its centroid`);
    }
    const catalog = await this.families.catalog();
    const checked = this.parseRule(rule ?? segment.rule, catalog);
    const evaluatedAt = new Date().toISOString();
    const result = await this.previews.preview({ id: segment.id as string }, checked, catalog, PREVIEW_SAMPLE);
    return {
      marketSegment: { id: segment.id, href: segment.href, name: segment.name, version: segment.version },
      rule: checked,
      evaluatedAt,
      ...result,
    };
  }

  private async checkedRule(client: Queryable, rule: unknown): Promise<SegmentRule> {
    return this.parseRule(rule, await this.families.catalog(client));
  }

  /** The rule checked against the catalog; every problem at once, each with its JSON Pointer from the resource. */
  private parseRule(rule: unknown, catalog: FeatureCatalog): SegmentRule {
    const parsed = parseSegmentRule(rule, catalog);
    if ('rule' in parsed) return parsed.rule;
    throw badRequest('invalidRule', parsed.problems.map((p) => `rule${p.path}: ${p.reason}`).join('; '));
  }

  /**
   * A retirement ends every open stay in the segment now (never before it began), with the exit recorded as the
   * ledger records any exit, and takes the segment off its customers' `marketSegment` lists (with their events).
   */
  private async closeMemberships(client: PoolClient, segmentId: string, version: number): Promise<void> {
    const now = new Date().toISOString();
    await client.query(
      `WITH ended AS (
         SELECT id, greatest($2::timestamptz, valid_from) AS valid_to,
                CASE WHEN valid_from > $2::timestamptz THEN doc -> 'validFor' -> 'startDateTime' ELSE to_jsonb($4::text) END AS at
           FROM segment_membership WHERE market_segment_id = $1 AND valid_to IS NULL FOR UPDATE)
       UPDATE segment_membership m
          SET valid_to = e.valid_to, updated_at = now(),
              doc = m.doc || jsonb_build_object(
                'validFor', coalesce(m.doc -> 'validFor', '{}'::jsonb) || jsonb_build_object('endDateTime', e.at),
                'exit', jsonb_build_object('date', e.at, 'segmentVersion', $3::int, 'trigger', 'segmentRetired',
                                           'reason', jsonb_build_object('conditions', '[]'::jsonb, 'features', '{}'::jsonb)))
         FROM ended e WHERE m.id = e.id`,
      // the instant twice: a parameter has one type, and the document wants the ISO text as written
      [segmentId, now, version, now],
    );
    const { rows } = await client.query<{ id: string; doc: Json }>(
      `UPDATE customer c
          SET doc = CASE WHEN kept.list IS NULL THEN c.doc - 'marketSegment' ELSE jsonb_set(c.doc, '{marketSegment}', kept.list) END,
              updated_at = now()
         FROM (SELECT id, (SELECT jsonb_agg(s) FROM jsonb_array_elements(doc -> 'marketSegment') s WHERE s ->> 'id' <> $1) AS list
                 FROM customer WHERE doc @> jsonb_build_object('marketSegment', jsonb_build_array(jsonb_build_object('id', $1::text)))) kept
        WHERE c.id = kept.id
        RETURNING c.id, c.doc`,
      [segmentId],
    );
    const type = eventType(CUSTOMER, 'AttributeValueChange');
    await this.outboxEvents.addMany(
      client,
      CUSTOMER.api,
      rows.map((r) => ({
        resourceId: r.id,
        event: newEvent(type, { fieldPath: 'marketSegment', event: { customer: { id: r.id, href: resourceHref(this.config.publicBaseUrl, CUSTOMER, r.id), ...r.doc } } }),
      })),
    );
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database.service';
import { CUSTOMER } from '../../customer/customer.resource';
import { SqlParams } from '../../tmf/query/sql-params';
import { collectionHref } from '../../tmf/resource/resource-definition';
import { FeatureCatalog } from '../features/feature-catalog';
import { compileSegmentRule } from '../rule/rule-compiler';
import { SegmentRule } from '../rule/segment-rule';

export interface CustomerSample {
  id: string;
  href: string;
  name: string;
}

export interface SegmentPreview {
  population: number;
  wouldBeMembers: number;
  entering: number;
  leaving: number;
  staying: number;
  sampleEntering: CustomerSample[];
  sampleLeaving: CustomerSample[];
}

/**
 * What activating a rule now would do: the rule evaluated over every customer's latest features (the population
 * bill runs rank percentiles in), compared with the segment's current members. Read-only: one statement, no writes.
 */
@Injectable()
export class SegmentPreviewService {
  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(segment: { id: string }, rule: SegmentRule, catalog: FeatureCatalog, sampleSize = 10): Promise<SegmentPreview> {
    const params = new SqlParams();
    const compiled = compileSegmentRule(rule, catalog, params);
    const windows = compiled.windows.map((w) => `, ${w.sql} AS ${w.alias}`).join('');
    const segmentId = params.add(segment.id, 'uuid');
    const limit = params.add(sampleSize, 'int');
    const href = params.add(`${collectionHref(this.config.publicBaseUrl, CUSTOMER)}/`, 'text');
    const sample = (filter: string) =>
      `coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'href', ${href} || c.id, 'name', c.name) ORDER BY c.id)
                   FROM (SELECT customer_id FROM compared WHERE ${filter} ORDER BY customer_id LIMIT ${limit}) x JOIN customer c ON c.id = x.customer_id), '[]')`;
    const { rows } = await this.db.pool.query<{ population: string; would: string; entering: string; leaving: string; staying: string; sample_entering: CustomerSample[]; sample_leaving: CustomerSample[] }>(
      `WITH evaluated AS (
         SELECT f.customer_id, ${compiled.predicate} AS matched FROM (SELECT f.*${windows} FROM customer_feature_current f) f),
       members AS (SELECT customer_id FROM segment_membership WHERE market_segment_id = ${segmentId} AND valid_to IS NULL),
       compared AS (
         SELECT coalesce(e.customer_id, m.customer_id) AS customer_id, coalesce(e.matched, false) AS matched, m.customer_id IS NOT NULL AS member,
                e.customer_id IS NOT NULL AS evaluated
           FROM evaluated e FULL JOIN members m ON m.customer_id = e.customer_id)
       SELECT count(*) FILTER (WHERE evaluated) AS population,
              count(*) FILTER (WHERE matched) AS would,
              count(*) FILTER (WHERE matched AND NOT member) AS entering,
              count(*) FILTER (WHERE member AND NOT matched) AS leaving,
              count(*) FILTER (WHERE member AND matched) AS staying,
              ${sample('matched AND NOT member')} AS sample_entering,
              ${sample('member AND NOT matched')} AS sample_leaving
         FROM compared`,
      params.values,
    );
    const r = rows[0];
    return {
      population: Number(r.population),
      wouldBeMembers: Number(r.would),
      entering: Number(r.entering),
      leaving: Number(r.leaving),
      staying: Number(r.staying),
      sampleEntering: r.sample_entering,
      sampleLeaving: r.sample_leaving,
    };
  }
}

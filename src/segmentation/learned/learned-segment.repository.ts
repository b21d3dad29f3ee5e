import { Injectable } from '@nestjs/common';
import { Queryable } from '../../database/database.service';

/** A learned segment as stored: the key columns and the whole document. */
export interface LearnedSegmentRow {
  id: string;
  version: number;
  doc: LearnedSegmentDoc;
}

/** The part of a learned segment's document this module writes (an operator may have added bounds, validFor…). */
export interface LearnedSegmentDoc extends Record<string, unknown> {
  '@type': 'MarketSegment';
  name: string;
  description: string;
  kind: 'learned';
  status: 'active' | 'retired';
  version: number;
  lastUpdate: string;
  learned: {
    centroid: Record<string, number>;
    dominantFeatures: { feature: string; value: number; populationMean: number }[];
    fittedAt: string;
    billRun: { id: string };
    k: number;
    silhouette: number;
    size: number;
  };
}

/** Identifies the refit's advisory lock: two bill runs finishing together must not both create the same clusters. */
const REFIT_LOCK = 'segmentation:learned-refit';

/**
 * The SQL of learned segments: the usage mixes of a bill run's customers, and the market_segment rows of kind
 * `learned`. Every write derives the key columns (name, kind, status, version) from the document it stores, so the
 * two never disagree.
 */
@Injectable()
export class LearnedSegmentRepository {
  /** Serialises refits until the end of the caller's transaction. */
  async lock(client: Queryable): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REFIT_LOCK]);
  }

  /** Each customer's usage share per family in the run's snapshot; customers without usage are left out. */
  async usageShares(client: Queryable, billRunId: string): Promise<{ customerId: string; usageShare: Record<string, number> }[]> {
    const { rows } = await client.query<{ customerId: string; usageShare: Record<string, number> }>(
      `SELECT customer_id AS "customerId", usage_share AS "usageShare" FROM customer_feature
        WHERE bill_run_id = $1 AND usage_share <> '{}'::jsonb ORDER BY customer_id`,
      [billRunId],
    );
    return rows;
  }

  /** The active learned segments, locked for the refit's transaction, oldest first. */
  async activeLearned(client: Queryable): Promise<LearnedSegmentRow[]> {
    const { rows } = await client.query<LearnedSegmentRow>(
      `SELECT id, version, doc FROM market_segment WHERE kind = 'learned' AND status = 'active' ORDER BY created_at, id FOR UPDATE`,
    );
    return rows;
  }

  async insert(client: Queryable, id: string, doc: LearnedSegmentDoc, at: Date): Promise<void> {
    await client.query(
      `INSERT INTO market_segment (id, name, kind, status, version, doc, created_at, updated_at)
       SELECT $1, d ->> 'name', d ->> 'kind', d ->> 'status', (d ->> 'version')::int, d, $3, $3 FROM (SELECT $2::jsonb AS d) x`,
      [id, JSON.stringify(doc), at],
    );
  }

  async update(client: Queryable, id: string, doc: LearnedSegmentDoc, at: Date): Promise<void> {
    await client.query(
      `UPDATE market_segment SET name = d ->> 'name', kind = d ->> 'kind', status = d ->> 'status', version = (d ->> 'version')::int, doc = d, updated_at = $3
         FROM (SELECT $2::jsonb AS d) x WHERE id = $1`,
      [id, JSON.stringify(doc), at],
    );
  }

  /** Retires segments no cluster matched any more (their members' stays are closed by the evaluator). */
  async retire(client: Queryable, ids: string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await client.query(
      `UPDATE market_segment SET status = 'retired', updated_at = $2,
              doc = doc || jsonb_build_object('status', 'retired', 'lastUpdate', $3::text)
        WHERE id = ANY($1::uuid[])`,
      [ids, at, at.toISOString()],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { Queryable } from '../../database/database.service';
import { sqlInstant } from '../../database/sql-instant';
import { OUTBOX_CHANNEL } from '../../tmf/hub/outbox.repository';
import { SqlParams } from '../../tmf/query/sql-params';
import { CompiledSegmentRule } from '../rule/rule-compiler';

/** An active segment definition as evaluation needs it. */
export interface SegmentRow {
  id: string;
  name: string;
  kind: string;
  version: number;
  rule: unknown;
  /** A learned segment's centroid: usage share per product family. */
  centroid: Record<string, number> | null;
}

/** A rule segment compiled for one evaluation statement. */
export interface CompiledSegment {
  segment: SegmentRow;
  compiled: CompiledSegmentRule;
  /** The features the rule reads: name → SQL over `f`. */
  features: Map<string, string>;
}

/** Which memberships an evaluation decided: those of these segments (by id or kind); absent, all of them. */
export interface LedgerScope {
  kinds: string[];
  ids: string[];
}

/** What triggered an evaluation, recorded on the ledger entries and exits it writes. */
export interface LedgerContext {
  at: Date;
  billRunId: string | null;
  trigger: string;
  customerHref: string;
  segmentHref: string;
  billRunHref: string;
  /** The JSON Schema of the customer's `marketSegment` extension, set as `@schemaLocation` where none is. */
  customerSchemaLocation: string;
}

/**
 * Segment evaluation in SQL for the customers of the temporary table `seg_customer`, whose rows of
 * `customer_feature_current` are fresh: every active segment is evaluated in one statement into `seg_result`
 * (which segments each customer matches, and why), then the membership ledger, the customers' `marketSegment`
 * lists and their events follow from it in a few set-based statements.
 */
@Injectable()
export class SegmentEvaluationRepository {
  /** Active segments whose validity covers the instant; learned ones with their centroid. */
  async activeSegments(client: Queryable, at: Date): Promise<SegmentRow[]> {
    const { rows } = await client.query<SegmentRow>(
      `SELECT id, name, kind, version, doc -> 'rule' AS rule, doc -> 'learned' -> 'centroid' AS centroid
         FROM market_segment
        WHERE status = 'active'
          AND coalesce((doc -> 'validFor' ->> 'startDateTime')::timestamptz, '-infinity') <= $1
          AND coalesce((doc -> 'validFor' ->> 'endDateTime')::timestamptz, 'infinity') > $1
        ORDER BY id`,
      [at],
    );
    return rows;
  }

  private async createResultTable(client: Queryable): Promise<void> {
    await client.query(
      `CREATE TEMP TABLE IF NOT EXISTS seg_result (customer_id uuid NOT NULL, segment_id uuid NOT NULL, version int NOT NULL,
         matched boolean NOT NULL, conditions jsonb NOT NULL, features jsonb NOT NULL, PRIMARY KEY (customer_id, segment_id)) ON COMMIT DROP`,
    );
    await client.query(`TRUNCATE seg_result`);
  }

  /**
   * Evaluates the rule segments and the learned segments for the `seg_customer` customers into `seg_result`:
   * a row per customer and segment that matched, or that did not match while the customer is a member (its exit).
   */
  async evaluate(client: Queryable, rules: CompiledSegment[], learned: SegmentRow[], params: SqlParams): Promise<void> {
    await this.createResultTable(client);
    if (rules.length) await client.query(this.ruleStatement(rules, params), params.values);
    if (learned.length) await this.evaluateLearned(client, learned);
  }

  private ruleStatement(rules: CompiledSegment[], params: SqlParams): string {
    const windows = rules.flatMap((r) => r.compiled.windows.map((w) => `${w.sql} AS ${w.alias}`));
    // percentiles rank the customer among every customer's latest features, so the window runs over all of them
    const population = windows.length
      ? `(SELECT f.*, ${windows.join(', ')} FROM customer_feature_current f)`
      : `(SELECT f.* FROM customer_feature_current f WHERE f.customer_id IN (SELECT id FROM seg_customer))`;
    const values = rules.map(({ segment, compiled, features }) => {
      const conditions = compiled.conditions.map(
        (c) => `jsonb_build_object('path', ${params.add(c.path, 'text')}, 'condition', ${params.add(c.description, 'text')}, 'held', ${c.truth}, 'value', to_jsonb(${c.value}))`,
      );
      const seen = [...features].map(([name, sql]) => `${params.add(name, 'text')}, to_jsonb(${sql})`);
      return `(${params.add(segment.id, 'uuid')}, ${params.add(segment.version, 'int')}, ${compiled.predicate},
               jsonb_build_array(${conditions.join(', ')}), jsonb_build_object(${seen.join(', ')}))`;
    });
    return `INSERT INTO seg_result (customer_id, segment_id, version, matched, conditions, features)
            SELECT f.customer_id, s.segment_id, s.version, s.matched, s.conditions, s.features
              FROM ${population} f
              JOIN seg_customer sc ON sc.id = f.customer_id
              CROSS JOIN LATERAL (VALUES ${values.join(',\n')}) AS s(segment_id, version, matched, conditions, features)
             WHERE s.matched OR EXISTS (SELECT 1 FROM segment_membership m
                                         WHERE m.customer_id = f.customer_id AND m.market_segment_id = s.segment_id AND m.valid_to IS NULL)`;
  }

  /** Learned segments: each customer with usage belongs to the one whose centroid is nearest to its usage mix. */
  private async evaluateLearned(client: Queryable, learned: SegmentRow[]): Promise<void> {
    await client.query(
      `WITH learned AS (
         SELECT l.id, l.version, l.centroid, (SELECT sum(v::float8 ^ 2) FROM jsonb_each_text(l.centroid) c(k, v)) AS c2
           FROM jsonb_to_recordset($1::jsonb) AS l(id uuid, version int, centroid jsonb)),
       distance AS (
         SELECT f.customer_id, l.id, l.version, f.usage_share,
                sqrt(greatest(0, (SELECT sum(v::float8 ^ 2) FROM jsonb_each_text(f.usage_share) x(k, v))
                   - 2 * (SELECT coalesce(sum((f.usage_share ->> k)::float8 * v::float8), 0) FROM jsonb_each_text(l.centroid) c(k, v))
                   + l.c2)) AS d
           FROM customer_feature_current f JOIN seg_customer sc ON sc.id = f.customer_id CROSS JOIN learned l
          WHERE f.usage_share <> '{}'),
       ranked AS (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY d, id) = 1 AS nearest FROM distance)
       INSERT INTO seg_result (customer_id, segment_id, version, matched, conditions, features)
       SELECT customer_id, id, version, nearest,
              jsonb_build_array(jsonb_build_object('path', '', 'condition', 'usage mix nearest to this learned segment’s centroid',
                                                   'held', nearest, 'value', round(d::numeric, 4))),
              (SELECT coalesce(jsonb_object_agg('usageShare.' || k, v), '{}') FROM jsonb_each(usage_share) x(k, v))
         FROM ranked r
        WHERE nearest OR EXISTS (SELECT 1 FROM segment_membership m WHERE m.customer_id = r.customer_id AND m.market_segment_id = r.id AND m.valid_to IS NULL)`,
      [JSON.stringify(learned.map((l) => ({ id: l.id, version: l.version, centroid: l.centroid ?? {} })))],
    );
  }

  /**
   * Writes the ledger from `seg_result`: open memberships of the customers that no longer match (or whose segment
   * is no longer evaluated) end, and matches without an open membership begin; with `scope`, only memberships of
   * those segments (by id, or of those kinds) may end — the others were not evaluated. A stay that would end at the
   * instant it began, in the same run (entered by a chunk, left at the run's close), never held: it is removed
   * rather than closed. Returns the counts.
   */
  async writeLedger(client: Queryable, ctx: LedgerContext, scope?: LedgerScope): Promise<{ entries: number; exits: number }> {
    // an exit is never dated before its entry (a stay that begins later, e.g. after a back-dated run): then it ends as it begins
    const change = (version: string, date: string) =>
      `jsonb_strip_nulls(jsonb_build_object('date', ${sqlInstant(date)}, 'segmentVersion', ${version}, 'trigger', $3::text,
         'billRun', CASE WHEN $2::uuid IS NOT NULL THEN jsonb_build_object('id', $2::uuid, 'href', $4::text || $2::uuid) END))`;
    const inScope = (kinds: string, ids: string) => `(${kinds}::text[] IS NULL OR s.kind = ANY(${kinds}::text[]) OR s.id = ANY(${ids}::uuid[]))`;
    const leaving = `SELECT m2.id, r.version, r.conditions, r.features
                 FROM seg_customer sc
                 JOIN segment_membership m2 ON m2.customer_id = sc.id AND m2.valid_to IS NULL
                 LEFT JOIN seg_result r ON r.customer_id = m2.customer_id AND r.segment_id = m2.market_segment_id
                WHERE r.matched IS NOT TRUE`;
    const scopeValues = [scope?.kinds ?? null, scope?.ids ?? null];
    const vanished = await client.query(
      `DELETE FROM segment_membership m USING (${leaving}) x, market_segment s
        WHERE m.id = x.id AND s.id = m.market_segment_id AND ${inScope('$3', '$4')}
          AND m.valid_from = $1::timestamptz AND m.entry_bill_run_id = $2::uuid`,
      [ctx.at, ctx.billRunId, ...scopeValues],
    );
    const exits = await client.query(
      `UPDATE segment_membership m
          SET valid_to = greatest($1::timestamptz, m.valid_from), exit_bill_run_id = $2, updated_at = now(),
              doc = m.doc || jsonb_build_object(
                'validFor', jsonb_build_object('startDateTime', m.doc -> 'validFor' -> 'startDateTime', 'endDateTime', ${sqlInstant('greatest($1::timestamptz, m.valid_from)')}),
                'exit', ${change('coalesce(x.version, s.version)', 'greatest($1::timestamptz, m.valid_from)')} || jsonb_build_object('reason',
                  jsonb_build_object('conditions', coalesce(x.conditions, '[]'), 'features', coalesce(x.features, '{}'))))
         FROM (${leaving}) x, market_segment s
        WHERE m.id = x.id AND s.id = m.market_segment_id AND ${inScope('$5', '$6')}`,
      [ctx.at, ctx.billRunId, ctx.trigger, ctx.billRunHref, ...scopeValues],
    );
    const entries = await client.query(
      `INSERT INTO segment_membership (id, customer_id, market_segment_id, segment_version, valid_from, entry_bill_run_id, doc)
       SELECT gen_random_uuid(), r.customer_id, r.segment_id, r.version, $1, $2,
              jsonb_build_object('@type', 'SegmentMembership',
                'customer', jsonb_build_object('id', c.id, 'href', $5::text || c.id, 'name', c.name),
                'marketSegment', jsonb_build_object('id', s.id, 'href', $6::text || s.id, 'name', s.name, 'version', r.version),
                'validFor', jsonb_build_object('startDateTime', ${sqlInstant('$1')}),
                'entry', ${change('r.version', '$1')} || jsonb_build_object('reason', jsonb_build_object('conditions', r.conditions, 'features', r.features)))
         FROM seg_result r
         JOIN customer c ON c.id = r.customer_id
         JOIN market_segment s ON s.id = r.segment_id
        WHERE r.matched
          AND NOT EXISTS (SELECT 1 FROM segment_membership m WHERE m.customer_id = r.customer_id AND m.market_segment_id = r.segment_id AND m.valid_to IS NULL)
        ORDER BY r.customer_id, r.segment_id
       ON CONFLICT (customer_id, market_segment_id) WHERE valid_to IS NULL DO NOTHING`,
      [ctx.at, ctx.billRunId, ctx.trigger, ctx.billRunHref, ctx.customerHref, ctx.segmentHref],
    );
    // a removed stay is not an exit in the ledger, but its customer's segment list changes like one
    return { entries: entries.rowCount ?? 0, exits: (exits.rowCount ?? 0) + (vanished.rowCount ?? 0) };
  }

  /**
   * Brings each `seg_customer` customer's `marketSegment` list (TMF629 extension) in line with its open memberships
   * and, for those that changed, queues a CustomerAttributeValueChangeEvent (only when a TMF629 hub listens).
   * Returns how many customers changed.
   */
  async refreshCustomers(client: Queryable, ctx: LedgerContext): Promise<number> {
    const { rowCount } = await client.query(
      `WITH wanted AS (
         SELECT sc.id,
                coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'href', $1::text || s.id, 'name', s.name, '@referredType', 'MarketSegment')
                                   ORDER BY s.name, s.id) FILTER (WHERE s.id IS NOT NULL), '[]') AS refs
           FROM seg_customer sc
           LEFT JOIN segment_membership m ON m.customer_id = sc.id AND m.valid_to IS NULL
           LEFT JOIN market_segment s ON s.id = m.market_segment_id
          GROUP BY sc.id),
       changed AS (
         UPDATE customer c
            SET doc = CASE WHEN w.refs = '[]' THEN c.doc - 'marketSegment'
                           ELSE jsonb_set(c.doc, '{marketSegment}', w.refs) || CASE WHEN c.doc ? '@schemaLocation' THEN '{}' ELSE jsonb_build_object('@schemaLocation', $2::text) END
                      END,
                updated_at = now()
           FROM wanted w
          WHERE c.id = w.id AND coalesce(c.doc -> 'marketSegment', '[]') IS DISTINCT FROM w.refs
         RETURNING c.id, c.doc)
       INSERT INTO outbox_event (event_id, api, event_type, resource_id, payload)
       SELECT ch.event_id, 'TMF629', 'CustomerAttributeValueChangeEvent', ch.id,
              jsonb_build_object('eventId', ch.event_id, 'eventTime', ${sqlInstant('now()')}, 'eventType', 'CustomerAttributeValueChangeEvent',
                                 'fieldPath', 'marketSegment',
                                 'event', jsonb_build_object('customer', jsonb_build_object('id', ch.id, 'href', $3::text || ch.id) || ch.doc))
         -- one event id per row: a volatile call in the select list (an uncorrelated LATERAL would run once)
         FROM (SELECT gen_random_uuid() AS event_id, c.* FROM changed c) ch
        WHERE EXISTS (SELECT 1 FROM hub_subscription s WHERE s.api = 'TMF629')`,
      [ctx.segmentHref, ctx.customerSchemaLocation, ctx.customerHref],
    );
    if (rowCount) await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rowCount ?? 0;
  }
}

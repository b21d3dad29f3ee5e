import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database, Queryable } from '../../database/database.service';
import { sqlInstant } from '../../database/sql-instant';
import { BillingOutcome } from '../bill/billing.service';
import { billingAccountHref } from '../billing-account.repository';

/** Which accounts a run bills: one cycle (or every account when both are null), existing when it was requested. */
export interface RunSelection {
  billCycle: string | null;
  billDay: number | null;
  createdBefore: Date;
}

export interface ChunkRow {
  chunkNo: number;
  firstAccountId: string;
  lastAccountId: string;
  state: string;
}

/** How many parked accounts a bill run's document lists (the counter counts them all). */
export const PARKED_LISTED = 1000;

/** The SQL of bill runs: planning chunks, recording what each did, and keeping the run's document current. */
@Injectable()
export class BillRunRepository {
  /** Where billing accounts are served (the parked accounts' hrefs), followed by the id. */
  private readonly accountHrefPrefix: string;

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.accountHrefPrefix = billingAccountHref(config.publicBaseUrl, '');
  }

  /**
   * Splits the selected accounts into chunks of `size` consecutive ids (one pass over the primary key) and
   * records them; returns the number of chunks and of accounts.
   */
  async planChunks(client: Queryable, runId: string, selection: RunSelection, size: number): Promise<{ chunks: number; accounts: number }> {
    const { rows } = await client.query<{ chunks: string; accounts: string | null }>(
      `WITH numbered AS (
         SELECT id, (row_number() OVER (ORDER BY id) - 1) / $2 AS chunk_no FROM billing_account
          WHERE created_at <= $3 AND ($4::text IS NULL OR bill_cycle = $4) AND ($5::int IS NULL OR bill_day = $5)
       ), planned AS (
         INSERT INTO bill_run_chunk (bill_run_id, chunk_no, first_account_id, last_account_id, accounts)
         SELECT $1, chunk_no, min(id::text)::uuid, max(id::text)::uuid, count(*) FROM numbered GROUP BY chunk_no
         RETURNING accounts
       )
       SELECT count(*) AS chunks, sum(accounts) AS accounts FROM planned`,
      [runId, size, selection.createdBefore, selection.billCycle, selection.billDay],
    );
    return { chunks: Number(rows[0].chunks), accounts: Number(rows[0].accounts ?? 0) };
  }

  /** Locks a chunk for its billing transaction (a duplicate delivery of the same job waits, then sees it done). */
  async lockChunk(client: Queryable, runId: string, chunkNo: number): Promise<ChunkRow | undefined> {
    const { rows } = await client.query<ChunkRow>(
      `SELECT chunk_no AS "chunkNo", first_account_id AS "firstAccountId", last_account_id AS "lastAccountId", state
         FROM bill_run_chunk WHERE bill_run_id = $1 AND chunk_no = $2 FOR UPDATE`,
      [runId, chunkNo],
    );
    return rows[0];
  }

  async recordChunk(client: Queryable, runId: string, chunkNo: number, outcome: BillingOutcome, startedAt: Date): Promise<void> {
    await client.query(
      `UPDATE bill_run_chunk SET state = 'done', accounts_billed = $3, accounts_parked = $4, accounts_already_billed = $5,
              accounts_without_charges = $6, bills_created = $7, rates_created = $8, amounts = $9, started_at = $10, finished_at = clock_timestamp(), error = NULL
        WHERE bill_run_id = $1 AND chunk_no = $2`,
      [runId, chunkNo, outcome.bills, outcome.parked.length, outcome.alreadyBilled, outcome.withoutCharges, outcome.bills, outcome.rates, outcome.amounts, startedAt],
    );
    await this.park(client, runId, outcome.parked);
  }

  async park(client: Queryable, runId: string, accounts: { id: string; reason: string }[]): Promise<void> {
    if (!accounts.length) return;
    await client.query(
      `INSERT INTO bill_run_parked_account (bill_run_id, billing_account_id, reason)
       SELECT $1, a.id, a.reason FROM unnest($2::uuid[], $3::text[]) AS a(id, reason)
       ON CONFLICT (bill_run_id, billing_account_id) DO UPDATE SET reason = EXCLUDED.reason`,
      [runId, accounts.map((a) => a.id), accounts.map((a) => a.reason)],
    );
  }

  /** A chunk that failed for good: every account of its range is parked with the error, none is lost silently. */
  async failChunk(client: Queryable, runId: string, chunk: ChunkRow, selection: RunSelection, error: string): Promise<void> {
    const reason = `the chunk billing this account failed: ${error}`;
    const { rowCount } = await client.query(
      `INSERT INTO bill_run_parked_account (bill_run_id, billing_account_id, reason)
       SELECT $1, id, $2 FROM billing_account
        WHERE id BETWEEN $3 AND $4 AND created_at <= $5 AND ($6::text IS NULL OR bill_cycle = $6) AND ($7::int IS NULL OR bill_day = $7)
       ON CONFLICT (bill_run_id, billing_account_id) DO UPDATE SET reason = EXCLUDED.reason`,
      [runId, reason, chunk.firstAccountId, chunk.lastAccountId, selection.createdBefore, selection.billCycle, selection.billDay],
    );
    await client.query(
      `UPDATE bill_run_chunk SET state = 'failed', accounts_parked = $3, error = $4, finished_at = clock_timestamp() WHERE bill_run_id = $1 AND chunk_no = $2`,
      [runId, chunk.chunkNo, rowCount ?? 0, error],
    );
  }

  /** Moves an acknowledged run to inProgress, stamping its start (no-op once started). */
  async markStarted(client: Queryable, runId: string): Promise<void> {
    await client.query(
      `UPDATE bill_run SET state = 'inProgress', updated_at = now(),
              doc = doc || jsonb_build_object('state', 'inProgress', 'startDateTime', ${sqlInstant('clock_timestamp()')})
        WHERE id = $1 AND state = 'acknowledged'`,
      [runId],
    );
  }

  /**
   * Rewrites the run's counters, throughput, estimated end and parked accounts from its chunks — in the chunk's
   * transaction, so the document never counts work that was rolled back. With `state`, also ends the run.
   */
  async refresh(client: Queryable, runId: string, state?: string, extra: Record<string, unknown> = {}): Promise<void> {
    // Lock first, count after: the counting statement then sees every chunk committed before the lock was granted
    // (one UPDATE would count with the snapshot taken before it waited, and overwrite newer counts).
    await client.query(`SELECT 1 FROM bill_run WHERE id = $1 FOR UPDATE`, [runId]);
    await client.query(
      `WITH c AS (
         SELECT count(*) AS chunks_total, count(*) FILTER (WHERE state <> 'pending') AS chunks_done,
                coalesce(sum(accounts), 0) AS accounts_total, coalesce(sum(accounts) FILTER (WHERE state <> 'pending'), 0) AS accounts_done,
                coalesce(sum(accounts_billed), 0) AS billed, coalesce(sum(accounts_parked), 0) AS parked,
                coalesce(sum(accounts_already_billed), 0) AS already, coalesce(sum(accounts_without_charges), 0) AS without_charges,
                coalesce(sum(bills_created), 0) AS bills, coalesce(sum(rates_created), 0) AS rates
           FROM bill_run_chunk WHERE bill_run_id = $1
       ), amounts AS (
         SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'taxExcludedAmount', jsonb_build_object('unit', currency, 'value', excl),
                  'taxIncludedAmount', jsonb_build_object('unit', currency, 'value', incl)) ORDER BY currency), '[]') AS list
           FROM (SELECT a.key AS currency, sum((a.value ->> 'taxExcluded')::numeric) AS excl, sum((a.value ->> 'taxIncluded')::numeric) AS incl
                   FROM bill_run_chunk ch CROSS JOIN LATERAL jsonb_each(ch.amounts) a WHERE ch.bill_run_id = $1 GROUP BY a.key) t
       ), parked AS (
         SELECT coalesce(jsonb_agg(jsonb_build_object('billingAccount', jsonb_build_object('id', billing_account_id, 'href', $4 || billing_account_id,
                                                                                         '@referredType', 'BillingAccount'), 'reason', reason)), '[]') AS list
           FROM (SELECT billing_account_id, reason FROM bill_run_parked_account WHERE bill_run_id = $1 ORDER BY billing_account_id LIMIT ${PARKED_LISTED}) p
       ), timing AS (
         SELECT r.id, extract(epoch FROM clock_timestamp() - (r.doc ->> 'startDateTime')::timestamptz) AS elapsed FROM bill_run r WHERE r.id = $1
       )
       UPDATE bill_run r SET state = coalesce($2, r.state), updated_at = now(),
              doc = jsonb_strip_nulls(r.doc || $3::jsonb || jsonb_build_object(
                'state', coalesce($2, r.state),
                'counters', jsonb_build_object('accountsTotal', c.accounts_total, 'accountsBilled', c.billed, 'accountsParked', c.parked,
                                               'accountsAlreadyBilled', c.already, 'accountsWithoutCharges', c.without_charges,
                                               'billsCreated', c.bills, 'ratesCreated', c.rates, 'chunksTotal', c.chunks_total, 'chunksDone', c.chunks_done,
                                               'amountBilled', amounts.list),
                'throughput', CASE WHEN t.elapsed > 0 THEN jsonb_build_object('accountsPerSecond', round(c.accounts_done / t.elapsed::numeric, 1)) END,
                'estimatedCompletionDateTime', CASE
                    WHEN $2 IS NOT NULL THEN NULL
                    WHEN c.accounts_done > 0 AND t.elapsed > 0
                      THEN ${sqlInstant('clock_timestamp() + make_interval(secs => (c.accounts_total - c.accounts_done) * t.elapsed / c.accounts_done)')} END,
                'completionDateTime', CASE WHEN $2 IS NOT NULL THEN ${sqlInstant('clock_timestamp()')} END,
                'parkedAccount', parked.list))
         FROM c, amounts, parked, timing t
        WHERE r.id = $1 AND t.id = r.id`,
      [runId, state ?? null, JSON.stringify(extra), this.accountHrefPrefix],
    );
  }

  /** The counters of the last completed real run (for a dry run's comparison), with its id and period. */
  async lastRealRun(selection: RunSelection, before: Date): Promise<{ id: string; doc: Record<string, unknown> } | undefined> {
    const rows = await this.db.query<{ id: string; doc: Record<string, unknown> }>(
      `SELECT id, doc FROM bill_run WHERE dry_run = false AND state IN ('completed', 'completedWithErrors') AND created_at < $1
          AND (doc ->> 'billCycle') IS NOT DISTINCT FROM $2 AND (doc ->> 'billDay')::int IS NOT DISTINCT FROM $3
        ORDER BY created_at DESC LIMIT 1`,
      [before, selection.billCycle, selection.billDay],
    );
    return rows[0];
  }
}

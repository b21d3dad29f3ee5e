import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database.service';
import { whereClause } from '../../tmf/query/sql-filter';
import { ident, SqlParams } from '../../tmf/query/sql-params';
import { Json, StoredDocument } from '../../tmf/resource/document.repository';
import { ResourceDefinition } from '../../tmf/resource/resource-definition';
import { TransferScope } from './export-scope';

export type JobState = 'Not Started' | 'Running' | 'Succeeded' | 'Failed';

/** SQL of import and export jobs: job state, the export file, and the selection of what to export. */
@Injectable()
export class CatalogTransferRepository {
  constructor(private readonly db: Database) {}

  /**
   * Marks a job Running and returns its document, unless it has finished (a retried or duplicate BullMQ job
   * then does nothing). A job found Running is taken again: its worker died, and the work is idempotent.
   */
  async claim(def: ResourceDefinition, id: string): Promise<Json | undefined> {
    const rows = await this.db.query<{ doc: Json }>(
      `UPDATE ${ident(def.table.table)} SET status = 'Running', doc = doc || '{"status":"Running"}', updated_at = now()
        WHERE id = $1 AND status IN ('Not Started', 'Running') RETURNING doc`,
      [id],
    );
    return rows[0]?.doc;
  }

  /** Records the outcome; for an export, the file too. */
  async finish(def: ResourceDefinition, id: string, status: JobState, errorLog: string | undefined, content?: string): Promise<void> {
    const outcome: Json = { status, completionDate: new Date().toISOString() };
    if (errorLog) outcome.errorLog = errorLog;
    const params = new SqlParams();
    const sets = [`status = ${params.add(status)}`, `doc = (doc - 'errorLog') || ${params.add(outcome, 'jsonb')}`, 'updated_at = now()'];
    if (content !== undefined) sets.push(`content = ${params.add(content)}`);
    await this.db.query(`UPDATE ${ident(def.table.table)} SET ${sets.join(', ')} WHERE id = ${params.add(id)}`, params.values);
  }

  /** The file of a succeeded export, with the job's status (undefined when there is no such job). */
  async exportContent(exportTable: string, id: string): Promise<{ status: string; content: string | null } | undefined> {
    const rows = await this.db.query<{ status: string; content: string | null }>(`SELECT status, content FROM ${ident(exportTable)} WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * The ids an export covers: what the scope's filters select, plus everything that refers to, transitively
   * (an offering brings its specification, prices and categories), so the file imports on its own.
   */
  async selectWithReferences(scope: TransferScope): Promise<Map<string, string[]>> {
    const params = new SqlParams();
    const seeds = scope.parts.map(
      ({ def, filters }) => `SELECT ${params.add(def.table.table)}::text AS tbl, id FROM ${ident(def.table.table)} WHERE ${whereClause(filters, def.table, params)}`,
    );
    const rows = await this.db.query<{ tbl: string; id: string }>(
      `WITH RECURSIVE picked(tbl, id) AS (
         ${seeds.join('\n UNION ')}
         UNION
         SELECT r.target_table, r.target_id FROM resource_reference r JOIN picked p ON r.source_table = p.tbl AND r.source_id = p.id
       ) SELECT tbl, id FROM picked`,
      params.values,
    );
    const byTable = new Map<string, string[]>();
    for (const r of rows) byTable.set(r.tbl, [...(byTable.get(r.tbl) ?? []), r.id]);
    return byTable;
  }

  async documents(def: ResourceDefinition, ids: string[]): Promise<StoredDocument[]> {
    if (!ids.length) return [];
    return this.db.query<StoredDocument>(`SELECT id, doc FROM ${ident(def.table.table)} WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids]);
  }
}

import { Queryable } from '../../database/database.service';
import { ident } from '../query/sql-params';
import { isUuid } from './document.repository';

export interface ReferenceRow {
  sourceTable: string;
  sourceId: string;
  targetTable: string;
  targetId: string;
  path: string;
}

/** SQL for `resource_reference`: the graph of references between resources of this service. */
export class ReferenceRepository {
  /**
   * The ids among `ids` that exist in `table`. The rows are locked FOR KEY SHARE until the transaction ends,
   * so a concurrent delete of a target waits and then sees the new reference.
   */
  async existing(client: Queryable, table: string, ids: string[]): Promise<Set<string>> {
    const uuids = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (!uuids.length) return new Set();
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM ${ident(table)} WHERE id = ANY($1::uuid[]) FOR KEY SHARE`,
      [uuids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Replaces the references held by the given sources with `rows` (set-based: one delete, one insert). */
  async replace(client: Queryable, sourceTable: string, sourceIds: string[], rows: ReferenceRow[]): Promise<void> {
    await client.query(`DELETE FROM resource_reference WHERE source_table = $1 AND source_id = ANY($2::uuid[])`, [sourceTable, sourceIds]);
    if (!rows.length) return;
    await client.query(
      `INSERT INTO resource_reference (source_table, source_id, target_table, target_id, path)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::text[])
       ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.sourceTable), rows.map((r) => r.sourceId), rows.map((r) => r.targetTable), rows.map((r) => r.targetId), rows.map((r) => r.path)],
    );
  }

  /** One resource that still refers to the target, if any. */
  async firstReferrer(client: Queryable, targetTable: string, targetId: string): Promise<ReferenceRow | undefined> {
    const { rows } = await client.query<ReferenceRow>(
      `SELECT source_table AS "sourceTable", source_id AS "sourceId", target_table AS "targetTable", target_id AS "targetId", path
         FROM resource_reference WHERE target_table = $1 AND target_id = $2
        ORDER BY source_table, source_id LIMIT 1`,
      [targetTable, targetId],
    );
    return rows[0];
  }
}

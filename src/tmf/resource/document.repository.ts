import { Database, Queryable } from '../../database/database.service';
import { ListQuery } from '../query/filter';
import { orderByClause, whereClause } from '../query/sql-filter';
import { ident, SqlParams } from '../query/sql-params';
import { badRequest } from '../errors';
import { ResourceDefinition } from './resource-definition';

export type Json = Record<string, unknown>;
export interface StoredDocument {
  id: string;
  doc: Json;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/** The value at a path of a document (`bill.id`), undefined when absent. */
function valueAt(doc: Json, path: string[]): unknown {
  let value: unknown = doc;
  for (const step of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json)[step] : undefined;
  return value;
}

/** SQL for one resource table: `id`, `doc` and the key columns that mirror top-level attributes. */
export class DocumentRepository {
  private readonly table: string;
  /** Key and derived columns: quoted name, SQL type, and how the value is read from a document. */
  private readonly columns: { column: string; type: string; value: (doc: Json) => unknown }[];

  constructor(
    private readonly db: Database,
    private readonly def: ResourceDefinition,
  ) {
    this.table = ident(def.table.table);
    this.columns = [
      ...Object.entries(def.table.keyColumns)
        .filter(([attr]) => attr !== 'id')
        .map(([attr, k]) => ({ column: ident(k.column), type: k.type, value: (doc: Json) => valueAt(doc, attr.split('.')) })),
      ...(def.table.derivedColumns ?? []).map((d) => ({ column: ident(d.column), type: d.type, value: d.value })),
    ];
  }

  /** The values of the key and derived columns, in `columns` order. */
  private keyValues(doc: Json): unknown[] {
    return this.columns.map(({ value }) => {
      const v = value(doc);
      return v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : v;
    });
  }

  async findById(id: string, client: Queryable = this.db.pool): Promise<StoredDocument | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await client.query<StoredDocument>(
      // a named (prepared) statement: the hottest query of every API
      { name: `${this.def.table.table}_by_id`, text: `SELECT id, doc FROM ${this.table} WHERE id = $1`, values: [id] },
    );
    return rows[0];
  }

  async lock(client: Queryable, id: string): Promise<StoredDocument | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await client.query<StoredDocument>(`SELECT id, doc FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /**
   * One page and the total count in one statement (the count is an uncorrelated sub-select, evaluated once).
   * Only a page past the end needs a count of its own.
   */
  async list(query: ListQuery): Promise<{ rows: StoredDocument[]; total: number }> {
    const params = new SqlParams();
    const where = whereClause(query.filters, this.def.table, params, query.parameters);
    const whereParams = params.values.length; // the ORDER BY and paging parameters come after these
    const count = `SELECT count(*) AS total FROM ${this.table} WHERE ${where}`;
    try {
      if (query.limit > 0) {
        const order = orderByClause(query.sort, this.def.table, params);
        // A deferred join: the page is chosen on ids (and sort keys) alone, and only its rows' documents are
        // read, so a deep page does not sort whole documents (which spilled to disk at 10,000 offerings).
        // The outer ORDER BY repeats the inner one: only `id` is shared (USING), the rest is read from `t`.
        const page = `SELECT id FROM ${this.table} WHERE ${where} ORDER BY ${order} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
        const rows = await this.db.query<StoredDocument & { total: string }>(
          `SELECT id, t.doc, (${count}) AS total FROM (${page}) page JOIN ${this.table} t USING (id) ORDER BY ${order}`,
          params.values,
        );
        if (rows.length) return { rows, total: Number(rows[0].total) };
        if (query.offset === 0) return { rows, total: 0 };
      }
      const [{ total }] = await this.db.query<{ total: string }>(count, params.values.slice(0, whereParams));
      return { rows: [], total: Number(total) };
    } catch (e) {
      // the one bad-input error only the database can see: a regular expression it cannot compile
      if ((e as { code?: string }).code === '2201B') throw badRequest('invalidQuery', `Invalid regular expression: ${(e as Error).message}`);
      throw e;
    }
  }

  async insert(client: Queryable, id: string, doc: Json): Promise<void> {
    const cols = ['"id"', '"doc"', ...this.columns.map((c) => c.column)];
    const values = [id, doc, ...this.keyValues(doc)];
    await client.query(`INSERT INTO ${this.table} (${cols.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  }

  async update(client: Queryable, id: string, doc: Json): Promise<void> {
    const sets = ['"doc" = $2', '"updated_at" = now()', ...this.columns.map((c, i) => `${c.column} = $${i + 3}`)];
    await client.query(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = $1`, [id, doc, ...this.keyValues(doc)]);
  }

  /**
   * Creates or replaces many documents in one statement (an import). Returns the rows that were written, with
   * the document each replaced (undefined for a new row); rows whose document is unchanged are left alone.
   */
  async upsertMany(client: Queryable, items: StoredDocument[]): Promise<{ id: string; previous?: Json }[]> {
    if (!items.length) return [];
    const cols = ['"id"', '"doc"', ...this.columns.map((c) => c.column)];
    const keyValues = items.map((i) => this.keyValues(i.doc));
    const columns = [items.map((i) => i.id), items.map((i) => JSON.stringify(i.doc)), ...this.columns.map((_, k) => keyValues.map((v) => v[k]))];
    const casts = ['uuid[]', 'jsonb[]', ...this.columns.map((c) => `${c.type}[]`)];
    const unnest = `unnest(${casts.map((c, i) => `$${i + 1}::${c}`).join(', ')}) AS input(${cols.join(', ')})`;
    const updates = ['"doc" = EXCLUDED."doc"', '"updated_at" = now()', ...this.columns.map((c) => `${c.column} = EXCLUDED.${c.column}`)];
    // lock and read what is replaced first: within one statement, a CTE's FOR UPDATE would not see the rows
    // its own INSERT … ON CONFLICT changes
    const { rows: old } = await client.query<StoredDocument>(`SELECT id, doc FROM ${this.table} WHERE id = ANY($1::uuid[]) FOR UPDATE`, [columns[0]]);
    const previous = new Map(old.map((r) => [r.id, r.doc]));
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO ${this.table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${unnest}
       ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')} WHERE ${this.table}."doc" IS DISTINCT FROM EXCLUDED."doc"
       RETURNING id`,
      columns,
    );
    return rows.map((r) => ({ id: r.id, previous: previous.get(r.id) }));
  }

  async delete(client: Queryable, id: string): Promise<void> {
    await client.query(`DELETE FROM ${this.table} WHERE id = $1`, [id]);
  }
}

import { equalityOperands, FilterCondition, FilterValue, orderingOperand, ParameterCondition, SortKey } from './filter';
import { ident, SqlParams } from './sql-params';

/** A resource attribute held in its own indexed column (used for filters and sorting on it). */
export interface KeyColumn {
  column: string;
  type: 'uuid' | 'text' | 'timestamptz' | 'numeric' | 'boolean';
}

/**
 * A query parameter that is not an attribute but a condition of its own, e.g. a ledger's `asOf` (the rows in force
 * at an instant): only `=` with one value, typed like a key column, its condition written with the bound value's
 * placeholder (which it may use more than once).
 */
export interface QueryParameter {
  type: KeyColumn['type'];
  condition: (placeholder: string) => string;
  /** For the OpenAPI list operation. */
  description: string;
}

export interface TableMapping {
  table: string;
  /** Attributes with a column of their own, by path (`state`, or `bill.id` for an attribute of a reference). */
  keyColumns: Record<string, KeyColumn>;
  /** Columns computed from the document on every write (for other modules' queries, e.g. a quote's expiry). */
  derivedColumns?: { column: string; type: KeyColumn['type']; value: (doc: Record<string, unknown>) => unknown }[];
  /** Named query parameters that are not attributes, by name (recognised before attribute names). */
  queryParameters?: Record<string, QueryParameter>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const JSONPATH_OP: Record<string, string> = { eq: '==', ne: '==', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const SQL_OP: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** `$."a"."b"`: in lax mode each step also walks into arrays, so `relatedParty.id` matches any party. */
export function jsonPath(path: string[]): string {
  return `$${path.map((s) => `."${s}"`).join('')}`;
}

/** A jsonpath literal: JSON's string and number syntax is valid jsonpath syntax. */
function literal(value: FilterValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function docCondition(c: FilterCondition, params: SqlParams): string {
  const path = jsonPath(c.path);
  let expr: string;
  if (c.op === 'regex') {
    expr = c.values.map((v) => `${path} like_regex ${literal(String(v))}`).join(' || ');
  } else {
    const op = JSONPATH_OP[c.op];
    const ordering = c.op !== 'eq' && c.op !== 'ne';
    expr = c.values
      .flatMap((v) => (ordering ? [orderingOperand(c, v)] : equalityOperands(c, v)))
      .map((v) => `${path} ${op} ${literal(v)}`)
      .join(' || ');
  }
  // `@@` is unknown (NULL) on a type mismatch; `IS NOT TRUE` keeps `ne` true for those and for absent attributes.
  return c.op === 'ne' ? `(doc @@ ${params.add(expr, 'jsonpath')}) IS NOT TRUE` : `doc @@ ${params.add(expr, 'jsonpath')}`;
}

function columnCondition(c: FilterCondition, key: KeyColumn, params: SqlParams): string {
  const col = ident(key.column);
  let values: unknown[] = c.values;
  if (key.type === 'uuid') {
    if (c.op === 'regex') return `${col}::text ~ ANY(${params.add(values.map(String), 'text[]')})`;
    values = values.filter((v) => typeof v === 'string' && UUID.test(v));
    if (!values.length) return c.op === 'ne' ? 'TRUE' : 'FALSE';
  }
  const arrayCast = `${key.type}[]`;
  switch (c.op) {
    case 'eq':
      return values.length === 1 ? `${col} = ${params.add(values[0], key.type)}` : `${col} = ANY(${params.add(values, arrayCast)})`;
    case 'ne':
      // NULL (attribute absent) counts as "not equal", as it does for attributes in the document
      return `(${col} <> ALL(${params.add(values, arrayCast)})) IS NOT FALSE`;
    case 'regex':
      return `${col} ~ ANY(${params.add(values.map(String), 'text[]')})`;
    default:
      return `(${values.map((v) => `${col} ${SQL_OP[c.op]} ${params.add(v, key.type)}`).join(' OR ')})`;
  }
}

function parameterCondition(p: ParameterCondition, mapping: TableMapping, params: SqlParams): string {
  const parameter = mapping.queryParameters?.[p.name];
  if (!parameter) throw new Error(`'${p.name}' is not a query parameter of ${mapping.table}`);
  return `(${parameter.condition(params.add(p.value, parameter.type))})`;
}

/** The WHERE clause (without the keyword) for the conditions and named query parameters, or TRUE. */
export function whereClause(filters: FilterCondition[], mapping: TableMapping, params: SqlParams, parameters: ParameterCondition[] = []): string {
  const conditions = [
    ...filters.map((c) => {
      const key = mapping.keyColumns[c.path.join('.')];
      return key ? columnCondition(c, key, params) : docCondition(c, params);
    }),
    ...parameters.map((p) => parameterCondition(p, mapping, params)),
  ];
  return conditions.length ? conditions.join(' AND ') : 'TRUE';
}

/** ORDER BY terms, always ending with the id so pages are stable. */
export function orderByClause(sort: SortKey[], mapping: TableMapping, params: SqlParams): string {
  const terms = sort.map((s) => {
    const key = mapping.keyColumns[s.path.join('.')];
    const expr = key ? ident(key.column) : `jsonb_path_query_first(doc, ${params.add(jsonPath(s.path), 'jsonpath')})`;
    return `${expr} ${s.descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}`;
  });
  return [...terms, '"id" ASC'].join(', ');
}

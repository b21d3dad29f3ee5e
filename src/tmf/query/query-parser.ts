import { badRequest } from '../errors';
import { isDateTime, toUtcInstant } from '../schema/date-time';
import { AttributeNode, AttributeTree, resolvePath } from '../schema/attribute-tree';
import { FILTER_OPERATORS, FilterCondition, FilterOperator, FilterValue, ListQuery, ParameterCondition, SortKey } from './filter';
import type { QueryParameter } from './sql-filter';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const MAX_CONDITIONS = 50;
const MAX_VALUES = 100;
const MAX_DEPTH = 8;
const RESERVED = new Set(['fields', 'offset', 'limit', 'sort']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The named query parameters a list accepts besides attributes: only their types matter to the parser. */
export type QueryParameterTypes = Readonly<Record<string, Pick<QueryParameter, 'type'>>>;
const SEGMENT = /^@?[A-Za-z_$][A-Za-z0-9_$-]*$/;
// `attr>=v`, `attr<=v`, `attr>v`, `attr<v` arrive as key/value pairs split at the first '=' (or not at all).
const SYMBOL_OPS: [string, FilterOperator][] = [['>=', 'gte'], ['<=', 'lte'], ['>', 'gt'], ['<', 'lt']];

function decode(part: string, what: string): string {
  let text: string;
  try {
    text = decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw badRequest('invalidQuery', `The ${what} '${part}' is not valid percent-encoding`);
  }
  if (text.includes('\0')) throw badRequest('invalidQuery', `The ${what} '${part}' contains a NUL character`);
  return text;
}

interface RawParam {
  key: string;
  /** Decoded value pieces: the raw value is split on ',' before decoding, so `%2C` stays a literal comma. */
  values: string[];
  symbolOp?: FilterOperator;
}

function splitParams(rawQuery: string): RawParam[] {
  const params: RawParam[] = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq >= 0) {
      // `a>=v` and `a<=v` arrive split at their '=': key `a>` or `a<`
      let key = decode(part.slice(0, eq), 'parameter name');
      const symbolOp = key.endsWith('>') ? 'gte' : key.endsWith('<') ? 'lte' : undefined;
      if (symbolOp) key = key.slice(0, -1);
      params.push({ key, symbolOp, values: part.slice(eq + 1).split(',').map((v) => decode(v, `value of '${key}'`)) });
      continue;
    }
    // no '=': `a>v`, `a<v`, or an operator written percent-encoded (`a%3E%3Dv`); found in the raw text so
    // the value is still split on raw commas before decoding
    const m = /^(.+?)(>|<|%3[Ee]|%3[Cc])(%3[Dd])?(.*)$/s.exec(part);
    if (m) {
      const symbol = `${decode(m[2], 'operator')}${m[3] ? '=' : ''}`;
      const symbolOp = SYMBOL_OPS.find(([s]) => s === symbol)?.[1];
      const key = decode(m[1], 'parameter name');
      params.push({ key, symbolOp, values: m[4].split(',').map((v) => decode(v, `value of '${key}'`)) });
    } else {
      params.push({ key: decode(part, 'parameter'), values: [''] });
    }
  }
  return params;
}

function parseNonNegativeInt(name: string, raw: string, max?: number): number {
  if (!/^\d{1,9}$/.test(raw)) throw badRequest('invalidQuery', `'${name}' must be a non-negative integer, got '${raw}'`);
  const n = Number(raw);
  if (max !== undefined && n > max) throw badRequest('invalidQuery', `'${name}' must not exceed ${max}, got ${n}`);
  return n;
}

function splitPath(dotted: string, what: string): string[] {
  const path = dotted.split('.');
  if (path.length > MAX_DEPTH || path.some((s) => !SEGMENT.test(s))) {
    throw badRequest('invalidQuery', `'${dotted}' is not a valid ${what}`);
  }
  return path;
}

function resolveAttribute(tree: AttributeTree, path: string[], what: string): AttributeNode {
  const node = resolvePath(tree, path);
  if (!node) throw badRequest('invalidQuery', `'${path.join('.')}' is not an attribute of this resource (${what})`);
  return node;
}

function typedValue(attribute: AttributeNode, path: string[], op: FilterOperator, raw: string): FilterValue {
  const name = path.join('.');
  if (op === 'regex') {
    try {
      new RegExp(raw);
    } catch {
      throw badRequest('invalidQuery', `'${raw}' is not a valid regular expression for '${name}'`);
    }
    if (attribute.type !== 'string' && attribute.type !== 'any' && attribute.type !== 'dateTime') {
      throw badRequest('invalidQuery', `'.regex' applies to text attributes; '${name}' is ${attribute.type}`);
    }
    return raw;
  }
  switch (attribute.type) {
    case 'number':
    case 'integer': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw badRequest('invalidQuery', `'${name}' is a number; '${raw}' is not`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw badRequest('invalidQuery', `'${name}' is true or false; '${raw}' is neither`);
      return raw === 'true';
    case 'dateTime':
      // a raw '+' offset arrives as a space (form decoding): `…T01:00:00 01:00` means `…T01:00:00+01:00`
      raw = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
      if (!isDateTime(raw)) throw badRequest('invalidQuery', `'${name}' is a date-time; '${raw}' is not RFC 3339 (e.g. 2024-05-01T00:00:00Z)`);
      return toUtcInstant(raw);
    case 'object':
      throw badRequest('invalidQuery', `'${name}' is an object; filter on one of its attributes (e.g. '${name}.id')`);
    default:
      return raw;
  }
}

function parseFilter(tree: AttributeTree, p: RawParam): FilterCondition {
  let path = splitPath(p.key, 'attribute name');
  let op: FilterOperator = p.symbolOp ?? 'eq';
  const last = path[path.length - 1];
  if (!p.symbolOp && path.length > 1 && !resolvePath(tree, path)) {
    // `attr.op=value`: the last segment is an operator when the rest is an attribute
    const parent = resolvePath(tree, path.slice(0, -1));
    if (parent) {
      if (!(FILTER_OPERATORS as readonly string[]).includes(last)) {
        throw badRequest('invalidQuery', `Unknown filter operator '.${last}' on '${path.slice(0, -1).join('.')}'; use one of ${FILTER_OPERATORS.map((o) => `.${o}`).join(' ')}`);
      }
      op = last as FilterOperator;
      path = path.slice(0, -1);
    }
  }
  const attribute = resolveAttribute(tree, path, 'filter');
  if (p.values.length > MAX_VALUES) throw badRequest('invalidQuery', `At most ${MAX_VALUES} values per filter`);
  const values = p.values.map((v) => typedValue(attribute, path, op, v));
  return { path, attribute, op, values };
}

/** The typed value of a named query parameter: a key-column type, `now` allowed for an instant. */
function parameterValue(name: string, type: QueryParameter['type'], raw: string): FilterValue {
  switch (type) {
    case 'timestamptz':
      if (raw === 'now') return new Date().toISOString();
      // a raw '+' offset arrives as a space (form decoding), as for date-time filters
      raw = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
      if (!isDateTime(raw)) throw badRequest('invalidQuery', `'${name}' is an instant: 'now' or RFC 3339 (e.g. 2024-05-01T00:00:00Z); '${raw}' is neither`);
      return toUtcInstant(raw);
    case 'uuid':
      if (!UUID.test(raw)) throw badRequest('invalidQuery', `'${name}' is a UUID; '${raw}' is not`);
      return raw.toLowerCase();
    case 'numeric': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw badRequest('invalidQuery', `'${name}' is a number; '${raw}' is not`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw badRequest('invalidQuery', `'${name}' is true or false; '${raw}' is neither`);
      return raw === 'true';
    default:
      return raw;
  }
}

/**
 * The named query parameter `p` sets, or undefined when it names none. A parameter is a condition of its own,
 * not an attribute: operators (`asOf.gte=`, `asOf>=`), lists of values and repeats are refused.
 */
function parseParameter(p: RawParam, parameters: QueryParameterTypes, seen: ParameterCondition[]): ParameterCondition | undefined {
  const dot = p.key.lastIndexOf('.');
  const withOperator = dot > 0 && (FILTER_OPERATORS as readonly string[]).includes(p.key.slice(dot + 1)) ? p.key.slice(0, dot) : undefined;
  const name = Object.hasOwn(parameters, p.key) ? p.key : withOperator !== undefined && Object.hasOwn(parameters, withOperator) ? withOperator : undefined;
  if (name === undefined) return undefined;
  if (name !== p.key || p.symbolOp || p.values.length !== 1) {
    throw badRequest('invalidQuery', `'${name}' is a query parameter, not an attribute: it takes '=' and one value`);
  }
  if (seen.some((s) => s.name === name)) throw badRequest('invalidQuery', `'${name}' is given more than once`);
  return { name, value: parameterValue(name, parameters[name].type, p.values[0]) };
}

/**
 * Parses a TMF630 list query (the raw query string, so repeated keys and `>=` forms survive) against the
 * attribute tree of the resource, and the named query parameters it accepts besides attributes.
 */
export function parseListQuery(rawQuery: string, tree: AttributeTree, parameters: QueryParameterTypes = {}): ListQuery {
  const query: ListQuery = { filters: [], sort: [], offset: 0, limit: DEFAULT_LIMIT };
  for (const p of splitParams(rawQuery)) {
    const value = () => p.values.join(',');
    if (RESERVED.has(p.key) && !p.symbolOp) {
      if (p.key === 'offset') query.offset = parseNonNegativeInt('offset', value());
      else if (p.key === 'limit') query.limit = parseNonNegativeInt('limit', value(), MAX_LIMIT);
      else if (p.key === 'fields') query.fields = parseFields(tree, value());
      else query.sort = parseSort(tree, value());
      continue;
    }
    const parameter = parseParameter(p, parameters, query.parameters ?? []);
    if (parameter) {
      (query.parameters ??= []).push(parameter); // only when given: a query without parameters stays as it was
      continue;
    }
    query.filters.push(parseFilter(tree, p));
    if (query.filters.length > MAX_CONDITIONS) throw badRequest('invalidQuery', `At most ${MAX_CONDITIONS} filter conditions`);
  }
  return query;
}

/** Parses only filter conditions (e.g. a hub subscription's `query`), relative to `tree`. */
export function parseFilters(rawQuery: string, tree: AttributeTree): FilterCondition[] {
  const q = parseListQuery(rawQuery, tree);
  return q.filters;
}

export function parseFields(tree: AttributeTree, raw: string): string[][] | undefined {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length || names.includes('*')) return undefined;
  return names.map((n) => {
    const path = splitPath(n, 'field');
    resolveAttribute(tree, path, 'fields');
    return path;
  });
}

function parseSort(tree: AttributeTree, raw: string): SortKey[] {
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const descending = s.startsWith('-');
    const path = splitPath(descending || s.startsWith('+') ? s.slice(1) : s, 'sort key');
    const attribute = resolveAttribute(tree, path, 'sort');
    if (attribute.type === 'object') throw badRequest('invalidQuery', `Cannot sort on object '${path.join('.')}'`);
    return { path, attribute, descending };
  });
}

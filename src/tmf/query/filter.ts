import { AttributeNode } from '../schema/attribute-tree';

export const FILTER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'regex'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type FilterValue = string | number | boolean;

/** One attribute condition; several values mean OR (for `ne`: none of them). Conditions are ANDed. */
export interface FilterCondition {
  path: string[];
  attribute: AttributeNode;
  op: FilterOperator;
  values: FilterValue[];
}

export interface SortKey {
  path: string[];
  attribute: AttributeNode;
  descending: boolean;
}

/** A named query parameter that is not an attribute (e.g. a ledger's `asOf`), with its typed value; ANDed with the filters. */
export interface ParameterCondition {
  name: string;
  value: FilterValue;
}

export interface ListQuery {
  filters: FilterCondition[];
  /** Named query parameters of the resource's table mapping (see TableMapping.queryParameters). */
  parameters?: ParameterCondition[];
  /** Projection paths; undefined means the whole resource. */
  fields?: string[][];
  sort: SortKey[];
  offset: number;
  limit: number;
}

/**
 * Values an equality compares with. An untyped (`Any`) attribute may hold "5" as a string or a number, and
 * "true" as a string or a boolean: the query text matches either. Shared by the SQL compiler and the matcher.
 */
export function equalityOperands(c: FilterCondition, value: FilterValue): FilterValue[] {
  if (c.attribute.type !== 'any' || typeof value !== 'string') return [value];
  const out: FilterValue[] = [value];
  if (value.trim() !== '' && Number.isFinite(Number(value))) out.push(Number(value));
  if (value === 'true' || value === 'false') out.push(value === 'true');
  return out;
}

/** The one value an ordering operator compares with: for an untyped attribute, the number when the text is one. */
export function orderingOperand(c: FilterCondition, value: FilterValue): FilterValue {
  const operands = equalityOperands(c, value);
  return operands.find((v) => typeof v === 'number') ?? operands[0];
}

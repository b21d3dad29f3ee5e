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

export interface ListQuery {
  filters: FilterCondition[];
  /** Projection paths; undefined means the whole resource. */
  fields?: string[][];
  sort: SortKey[];
  offset: number;
  limit: number;
}

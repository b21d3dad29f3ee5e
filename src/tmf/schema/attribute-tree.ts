import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { IS_TMF_DATE_TIME } from './date-time';

export type LeafType = 'string' | 'number' | 'integer' | 'boolean' | 'dateTime' | 'any';

/** What the toolkit knows about one attribute of a resource: its type and, for objects, its attributes. */
export interface AttributeNode {
  name: string;
  type: LeafType | 'object';
  isArray: boolean;
  children?: AttributeTree;
}
export type AttributeTree = Map<string, AttributeNode>;

type Ctor = new (...args: never[]) => unknown;
const cache = new Map<Ctor, AttributeTree>();

const LEAF_BY_VALIDATOR: Record<string, LeafType> = {
  isString: 'string',
  isNumber: 'number',
  isNumberString: 'string',
  isInt: 'integer',
  isBoolean: 'boolean',
  isUrl: 'string',
  isUuid: 'string',
  isEmail: 'string',
  isIn: 'string',
  isEnum: 'string',
  matches: 'string',
  [IS_TMF_DATE_TIME]: 'dateTime',
};

/**
 * The attribute tree of a DTO class, read from its class-validator and class-transformer metadata, so the DTO
 * stays the one description of a resource: filters, sorting, projection and date normalisation all use it.
 */
export function attributeTree(dto: Ctor): AttributeTree {
  const cached = cache.get(dto);
  if (cached) return cached;
  const tree: AttributeTree = new Map();
  cache.set(dto, tree); // set before recursing: DTOs may refer to themselves
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, typeof metas>();
  for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  for (const [name, list] of byProperty) {
    let type: AttributeNode['type'] = 'any';
    let isArray = false;
    let children: AttributeTree | undefined;
    for (const m of list) {
      if (m.each) isArray = true;
      if (m.type === ValidationTypes.NESTED_VALIDATION) {
        const nested = defaultMetadataStorage.findTypeMetadata(dto, name);
        const cls = nested?.typeFunction() as Ctor | undefined;
        if (cls) {
          type = 'object';
          children = attributeTree(cls);
        }
      } else if (m.name === 'isArray') {
        isArray = true;
      } else if (m.name && LEAF_BY_VALIDATOR[m.name] && type === 'any') {
        type = LEAF_BY_VALIDATOR[m.name];
      }
    }
    tree.set(name, { name, type, isArray, children });
  }
  return tree;
}

/** The tree of a stored resource: the DTO's attributes plus the server-owned `id` and `href`. */
export function resourceTree(dto: Ctor): AttributeTree {
  const tree = new Map(attributeTree(dto));
  tree.set('id', { name: 'id', type: 'string', isArray: false });
  tree.set('href', { name: 'href', type: 'string', isArray: false });
  return tree;
}

/** Follows a dotted path; undefined when some step is not an attribute. */
export function resolvePath(tree: AttributeTree, path: string[]): AttributeNode | undefined {
  let node: AttributeNode | undefined;
  let level: AttributeTree | undefined = tree;
  for (const step of path) {
    node = level?.get(step);
    if (!node) return undefined;
    level = node.children;
  }
  return node;
}

/** Rewrites every date-time attribute of `doc` (in place) to its UTC instant. */
export function normaliseDateTimes(doc: unknown, tree: AttributeTree, toInstant: (v: string) => string): void {
  if (!doc || typeof doc !== 'object') return;
  const obj = doc as Record<string, unknown>;
  for (const [key, node] of tree) {
    const value = obj[key];
    if (value === undefined || value === null) continue;
    if (node.type === 'dateTime') {
      if (typeof value === 'string') obj[key] = toInstant(value);
      else if (Array.isArray(value)) obj[key] = value.map((v) => (typeof v === 'string' ? toInstant(v) : v));
    } else if (node.children) {
      for (const item of Array.isArray(value) ? value : [value]) normaliseDateTimes(item, node.children, toInstant);
    }
  }
}

/**
 * Removes (in place) attributes whose value is `null`: TMF schemas have no nulls, and an optional attribute sent
 * as null means "absent", as it does in a merge patch. Values of untyped (`Any`) attributes are kept as sent.
 */
export function dropNulls(doc: unknown, tree: AttributeTree): void {
  if (!doc || typeof doc !== 'object') return;
  const obj = doc as Record<string, unknown>;
  for (const [key, node] of tree) {
    const value = obj[key];
    if (value === undefined || node.type === 'any') continue;
    if (value === null) delete obj[key];
    else if (node.children) for (const item of Array.isArray(value) ? value : [value]) dropNulls(item, node.children);
  }
}

/**
 * The path of the first list given where the schema has a single object (class-validator's ValidateNested
 * validates each element of an array and lets the array through), or undefined.
 */
export function listInPlaceOfObject(doc: unknown, tree: AttributeTree, prefix = ''): string | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const obj = doc as Record<string, unknown>;
  for (const [key, node] of tree) {
    const value = obj[key];
    if (value === undefined || value === null || !node.children) continue;
    const at = prefix ? `${prefix}.${key}` : key;
    if (!node.isArray && Array.isArray(value)) return at;
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const found = listInPlaceOfObject(items[i], node.children, node.isArray ? `${at}[${i}]` : at);
      if (found) return found;
    }
  }
  return undefined;
}

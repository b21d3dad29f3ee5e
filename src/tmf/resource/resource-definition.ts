import { AttributeTree, resourceTree } from '../schema/attribute-tree';
import { TableMapping } from '../query/sql-filter';

export type DtoClass = new () => object;

/** Everything the toolkit needs to serve one TMF resource. */
export interface ResourceDefinition {
  /** Path segment and event stem, e.g. `customer`. */
  name: string;
  /** Default `@type`, e.g. `Customer`. */
  type: string;
  /** API base path without trailing slash, e.g. `/tmf-api/customerManagement/v4`. */
  basePath: string;
  /** API name used for hub subscriptions, e.g. `TMF629`. */
  api: string;
  /** DTO that a stored document must satisfy (the create schema). */
  schema: DtoClass;
  /** Table with `id uuid`, `doc jsonb`, `created_at`, `updated_at` and the key columns. */
  table: TableMapping;
  /** Attributes only the server sets, besides `id` and `href`. */
  readOnly?: string[];
  /** The attribute whose change raises a StateChangeEvent, e.g. `status`. */
  stateAttribute?: string;
}

/** Event names follow TMF: `<Type>CreateEvent`, `<Type>AttributeValueChangeEvent`, … */
export type EventKind = 'Create' | 'AttributeValueChange' | 'StateChange' | 'Delete';

export function eventType(def: ResourceDefinition, kind: EventKind): string {
  return `${def.type}${kind}Event`;
}

const registry = new Map<string, ResourceDefinition>();

/** Declares a resource; the hub relay finds it again by API and event type. */
export function defineResource(def: ResourceDefinition): ResourceDefinition {
  registry.set(`${def.api}/${def.type}`, def);
  return def;
}

export function resourcesOf(api: string): ResourceDefinition[] {
  return [...registry.values()].filter((d) => d.api === api);
}

/** The resource an event type belongs to, e.g. TMF629 + CustomerStateChangeEvent → customer. */
export function resourceOfEvent(api: string, type: string): ResourceDefinition | undefined {
  return resourcesOf(api).find((d) => type.startsWith(d.type) && /^[A-Z]\w*Event$/.test(type.slice(d.type.length)));
}

const trees = new WeakMap<ResourceDefinition, AttributeTree>();

export function treeOf(def: ResourceDefinition): AttributeTree {
  let tree = trees.get(def);
  if (!tree) {
    tree = resourceTree(def.schema as never);
    trees.set(def, tree);
  }
  return tree;
}

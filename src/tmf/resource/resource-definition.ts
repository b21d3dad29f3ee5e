import { AttributeTree, resourceTree } from '../schema/attribute-tree';
import { TableMapping } from '../query/sql-filter';
import { Lifecycle } from './lifecycle';
import { ReferenceRule } from './references';

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
  /** The allowed values and moves of `stateAttribute`, with its value on create. */
  lifecycle?: Lifecycle;
  /** A server-set attribute stamped with the time of every write, e.g. `lastUpdate`. */
  lastUpdateAttribute?: string;
  /** Server bookkeeping that changes with other changes and raises no AttributeValueChangeEvent by itself (e.g. a quote's `version`). */
  bookkeepingAttributes?: string[];
  /** References to other resources of this service that must exist (and keep what refers to them alive). */
  references?: ReferenceRule[];
  /** False for resources without TMF events (e.g. import and export jobs). */
  events?: boolean;
  /** Event types besides the standard four, e.g. `QuoteInformationRequiredEvent` (hub queries see them too). */
  domainEvents?: string[];
}

export function collectionHref(publicBaseUrl: string, def: ResourceDefinition): string {
  return `${publicBaseUrl}${def.basePath}/${def.name}`;
}

/** Where a resource is served: `{publicBaseUrl}{basePath}/{name}/{id}` (the id URL-encoded). */
export function resourceHref(publicBaseUrl: string, def: ResourceDefinition, id: string): string {
  return `${collectionHref(publicBaseUrl, def)}/${encodeURIComponent(id)}`;
}

/** Event names follow TMF: `<Type>CreateEvent`, `<Type>AttributeValueChangeEvent`, … */
export const EVENT_KINDS = ['Create', 'AttributeValueChange', 'StateChange', 'Delete'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

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
  // exact names: ProductOffering is a prefix of ProductOfferingPriceCreateEvent
  return resourcesOf(api).find((d) => EVENT_KINDS.some((kind) => type === eventType(d, kind)) || d.domainEvents?.includes(type));
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

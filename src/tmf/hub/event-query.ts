import { AttributeNode, AttributeTree } from '../schema/attribute-tree';
import { FilterCondition } from '../query/filter';
import { parseFilters } from '../query/query-parser';
import { ResourceDefinition, treeOf } from '../resource/resource-definition';

const leaf = (name: string, type: AttributeNode['type']): [string, AttributeNode] => [name, { name, type, isArray: false }];
const ENVELOPE = ['eventId', 'eventTime', 'eventType', 'fieldPath', 'correlationId', 'domain', 'title', 'description', 'priority', 'timeOcurred', 'event'];

/** Attributes a hub `query` may name: the event envelope, `event.<resource>.…`, or the resource's own attributes. */
function eventTree(def: ResourceDefinition): AttributeTree {
  const resource = treeOf(def);
  const payload: AttributeTree = new Map([[def.name, { name: def.name, type: 'object', isArray: false, children: resource }]]);
  return new Map<string, AttributeNode>([
    ...resource,
    leaf('eventId', 'string'),
    leaf('eventTime', 'dateTime'),
    leaf('timeOcurred', 'dateTime'),
    leaf('eventType', 'string'),
    leaf('fieldPath', 'string'),
    leaf('correlationId', 'string'),
    leaf('domain', 'string'),
    leaf('title', 'string'),
    leaf('description', 'string'),
    leaf('priority', 'string'),
    ['event', { name: 'event', type: 'object', isArray: false, children: payload }],
  ]);
}

/**
 * Parses a hub subscription's `query` (TMF630 filter syntax, e.g.
 * `eventType=CustomerStateChangeEvent&status=Approved`) into conditions on the event; resource attributes
 * are read from `event.<resource>`. Throws a 400 TmfException when the query is not valid.
 */
export function parseEventQuery(def: ResourceDefinition, query: string | null | undefined): FilterCondition[] {
  if (!query) return [];
  const raw = query.startsWith('?') ? query.slice(1) : query;
  return parseFilters(raw, eventTree(def)).map((c) => (ENVELOPE.includes(c.path[0]) ? c : { ...c, path: ['event', def.name, ...c.path] }));
}

import type { Json } from './document.repository';
import type { ResourceDefinition } from './resource-definition';

/** One kind of reference a resource holds to another resource of this service. */
export interface ReferenceRule {
  /** Dotted path to the reference objects; arrays on the way are walked, e.g. `prodSpecCharValueUse.productSpecification`. */
  path: string;
  /** The resource referred to (a function, since definitions refer to one another and to themselves). */
  target: () => ResourceDefinition;
  /** The path ends at an id string rather than at a reference object (e.g. a category's `parentId`). */
  idOnly?: boolean;
  /** A reference object without an id is an error (otherwise it is an embedded value, e.g. a price given inline). */
  idRequired?: boolean;
}

/** A reference found in a document; `holder` is the reference object, whose `href` the server fills in. */
export interface FoundReference {
  rule: ReferenceRule;
  /** Where it was found, e.g. `bundledProductOffering[1]`. */
  at: string;
  id: string;
  holder?: Json;
}

/** Every reference a document holds, per its definition's rules; reference objects missing a required id are returned in `missingIds`. */
export function collectReferences(def: ResourceDefinition, doc: Json): { found: FoundReference[]; missingIds: string[] } {
  const found: FoundReference[] = [];
  const missingIds: string[] = [];
  for (const rule of def.references ?? []) {
    walk(doc, rule.path.split('.'), '', (value, at) => {
      if (rule.idOnly) {
        if (typeof value === 'string') found.push({ rule, at, id: value });
        return;
      }
      if (!value || typeof value !== 'object') return;
      const holder = value as Json;
      if (typeof holder.id === 'string') found.push({ rule, at, id: holder.id, holder });
      else if (rule.idRequired) missingIds.push(at);
    });
  }
  return { found, missingIds };
}

function walk(value: unknown, path: string[], at: string, visit: (value: unknown, at: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, path, `${at}[${i}]`, visit));
    return;
  }
  if (!path.length) {
    visit(value, at);
    return;
  }
  if (value && typeof value === 'object') {
    const [head, ...rest] = path;
    walk((value as Json)[head], rest, at ? `${at}.${head}` : head, visit);
  }
}

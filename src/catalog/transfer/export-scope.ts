import { badRequest } from '../../tmf/errors';
import { FilterCondition } from '../../tmf/query/filter';
import { parseListQuery } from '../../tmf/query/query-parser';
import { ResourceDefinition, treeOf } from '../../tmf/resource/resource-definition';
import { CATALOG_API, CATALOG_RESOURCES } from '../catalog.resources';

/** What an export (or an import) covers: some catalog collections, each with TMF630 filters. */
export interface TransferScope {
  parts: { def: ResourceDefinition; filters: FilterCondition[] }[];
}

/**
 * The collection a job's `path` names: `productOffering`, `/productOffering`, the full API path or URL of the
 * collection; undefined or empty for the whole catalog.
 */
export function scopedCollections(path: string | undefined): ResourceDefinition[] {
  if (path === undefined || path.trim() === '') return CATALOG_RESOURCES;
  let name = path.trim();
  try {
    if (/^https?:\/\//i.test(name)) name = new URL(name).pathname;
  } catch {
    throw badRequest('invalidBody', `path '${path}' is not a valid URL`);
  }
  name = name.replace(/\/+$/, '');
  if (name.startsWith(`${CATALOG_API.basePath}/`)) name = name.slice(CATALOG_API.basePath.length + 1);
  name = name.replace(/^\/+/, '');
  const def = CATALOG_RESOURCES.find((d) => d.name === name);
  if (!def) {
    throw badRequest('invalidBody', `path must name one catalog collection (${CATALOG_RESOURCES.map((d) => d.name).join(', ')}) or be omitted for all; got '${path}'`);
  }
  return [def];
}

/**
 * The scope of an export: the collections of `path`, filtered by `query` (TMF630 filter syntax, e.g.
 * `lifecycleStatus=Launched&marketSegment.id=smb`). Without a path the filters apply to every collection, so
 * they must name attributes all of them have. Paging, sorting and projection do not apply to an export.
 */
export function exportScope(path: string | undefined, query: string | undefined): TransferScope {
  const raw = (query ?? '').trim().replace(/^\?/, '');
  for (const part of raw.split('&')) {
    const key = decodeURIComponentSafe(part.split(/[=<>]/)[0]);
    if (['fields', 'limit', 'offset', 'sort'].includes(key)) {
      throw badRequest('invalidBody', `query: '${key}' does not apply to an export, which always carries whole resources; use filters only`);
    }
  }
  return {
    parts: scopedCollections(path).map((def) => {
      try {
        return { def, filters: parseListQuery(raw, treeOf(def)).filters };
      } catch (e) {
        throw badRequest('invalidBody', `query for ${def.name}: ${(e as Error).message}`);
      }
    }),
  };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

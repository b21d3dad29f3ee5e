import { Json } from '../../tmf/resource/document.repository';
import { ResourceDefinition } from '../../tmf/resource/resource-definition';
import { CATALOG_RESOURCES } from '../catalog.resources';

/** The media type of an export file (and the only one an import reads). */
export const CATALOG_FILE_TYPE = 'application/json';
export const CATALOG_FILE_FORMAT = 'tmf620-catalog-export/1';

/**
 * An export file: one JSON object with a list per collection, each resource as the API returns it. The lists
 * come in dependency order (specifications, prices, categories, offerings, catalogs).
 */
export interface CatalogFile {
  format: typeof CATALOG_FILE_FORMAT;
  exportedAt: string;
  path?: string;
  query?: string;
  [collection: string]: unknown;
}

export function renderCatalogFile(meta: { path?: string; query?: string }, collections: Map<ResourceDefinition, Json[]>): string {
  const file: CatalogFile = { format: CATALOG_FILE_FORMAT, exportedAt: new Date().toISOString(), ...meta };
  for (const def of CATALOG_RESOURCES) file[def.name] = collections.get(def) ?? [];
  return JSON.stringify(file);
}

/** The resources of a file, per collection, or a message saying why it is not a catalog file. */
export function parseCatalogFile(text: string): { collections: Map<ResourceDefinition, Json[]> } | { error: string } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (e) {
    return { error: `the file is not valid JSON: ${(e as Error).message}` };
  }
  if (!file || typeof file !== 'object' || Array.isArray(file)) return { error: 'the file must be a JSON object with a list per catalog collection' };
  const collections = new Map<ResourceDefinition, Json[]>();
  for (const def of CATALOG_RESOURCES) {
    const list = (file as Json)[def.name];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((item) => !item || typeof item !== 'object' || Array.isArray(item))) {
      return { error: `'${def.name}' must be a list of ${def.type} objects` };
    }
    collections.set(def, list as Json[]);
  }
  if (!collections.size) return { error: `the file holds none of ${CATALOG_RESOURCES.map((d) => d.name).join(', ')}` };
  return { collections };
}

import { PoolClient } from 'pg';
import { conflict } from '../errors';
import { StoredDocument } from './document.repository';
import { ReferenceRepository, ReferenceRow } from './reference.repository';
import { collectReferences } from './references';
import { collectionHref, ResourceDefinition, resourceHref, resourcesOf } from './resource-definition';

/** The key of a resource in a `known` set (a resource of a given type with a given id). */
export const knownResource = (def: ResourceDefinition, id: string) => `${def.table.table}/${id.toLowerCase()}`;

/** A reference that does not resolve, as a 400 would report it. */
export interface ReferenceProblem {
  id: string;
  message: string;
  href?: string;
}

/**
 * The references one resource type holds to others of this service (its definition's rules): checked on every
 * write, recorded in `resource_reference`, and consulted before a delete.
 */
export class ReferenceGraph {
  private readonly repository = new ReferenceRepository();

  constructor(
    private readonly def: ResourceDefinition,
    private readonly publicBaseUrl: string,
  ) {}

  /**
   * Checks that the references the documents hold exist, locking the targets FOR KEY SHARE until the transaction
   * ends (a concurrent delete waits, then sees the reference), and fills in the `href` of reference objects that
   * lack one. Resources in `known` (keys from knownResource) count as existing, e.g. the rest of an import.
   * Returns the rows to record and every problem.
   */
  async check(client: PoolClient, docs: StoredDocument[], known: Set<string> = new Set()): Promise<{ rows: ReferenceRow[]; problems: ReferenceProblem[] }> {
    const rows: ReferenceRow[] = [];
    const problems: ReferenceProblem[] = [];
    const found = docs.map(({ id, doc }) => ({ id, ...collectReferences(this.def, doc) }));
    const idsByTable = new Map<string, string[]>();
    for (const f of found.flatMap((d) => d.found)) {
      const table = f.rule.target().table.table;
      idsByTable.set(table, [...(idsByTable.get(table) ?? []), f.id]);
    }
    const existing = new Map<string, Set<string>>();
    for (const [table, ids] of idsByTable) existing.set(table, await this.repository.existing(client, table, ids));
    for (const { id, found: refs, missingIds } of found) {
      for (const at of missingIds) problems.push({ id, message: `${at}.id is required: it must name an existing resource` });
      for (const ref of refs) {
        const target = ref.rule.target();
        const targetId = ref.id.toLowerCase();
        const href = resourceHref(this.publicBaseUrl, target, ref.id);
        if (target === this.def && targetId === id) {
          // a category that is its own parent, an offering that bundles itself: a loop, never a meaning
          problems.push({ id, message: `${ref.at} refers to the ${this.def.type} itself`, href });
          continue;
        }
        if (!existing.get(target.table.table)?.has(targetId) && !known.has(knownResource(target, targetId))) {
          problems.push({ id, message: `${ref.at} refers to ${target.type} '${ref.id}', which does not exist`, href });
          continue;
        }
        if (ref.holder && (ref.holder.href === undefined || this.pointsElsewhere(ref.holder.href, target, href))) ref.holder.href = href;
        rows.push({ sourceTable: this.def.table.table, sourceId: id, targetTable: target.table.table, targetId, path: ref.rule.path });
      }
    }
    return { rows, problems };
  }

  /**
   * An href into this service's collection of the target that names another id: one the server filled in before
   * a merge patch changed only the reference's id. It is corrected rather than left pointing at the old target.
   */
  private pointsElsewhere(given: unknown, target: ResourceDefinition, href: string): boolean {
    return typeof given === 'string' && given !== href && given.startsWith(`${collectionHref(this.publicBaseUrl, target)}/`);
  }

  /** Replaces the references the given resources hold with `rows`. */
  async record(client: PoolClient, ids: string[], rows: ReferenceRow[]): Promise<void> {
    if (this.def.references?.length || rows.length) await this.repository.replace(client, this.def.table.table, ids, rows);
  }

  /** 409 while another resource of this service still refers to this one. */
  async assertUnreferenced(client: PoolClient, id: string): Promise<void> {
    const referrer = await this.repository.firstReferrer(client, this.def.table.table, id);
    if (!referrer) return;
    const source = resourcesOf(this.def.api).find((d) => d.table.table === referrer.sourceTable);
    const name = source?.type ?? referrer.sourceTable;
    throw conflict(
      'resourceInUse',
      `${this.def.type} '${id}' is still referenced by ${name} '${referrer.sourceId}' (${referrer.path}); remove that reference first`,
      source ? resourceHref(this.publicBaseUrl, source, referrer.sourceId) : undefined,
    );
  }
}

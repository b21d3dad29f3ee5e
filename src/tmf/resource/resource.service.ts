import { isDeepStrictEqual } from 'node:util';
import { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../../config/config';
import { Database } from '../../database/database.service';
import { badRequest, notFound } from '../errors';
import { newEvent, OutboxRepository, TmfEvent } from '../hub/outbox.repository';
import { assertNoPrototypeKeys } from '../json-body';
import { applyPatchBody } from '../patch';
import { project } from '../projection';
import { FilterCondition, ListQuery } from '../query/filter';
import { parseFields, parseListQuery } from '../query/query-parser';
import { dropNulls, listInPlaceOfObject, normaliseDateTimes } from '../schema/attribute-tree';
import { toUtcInstant } from '../schema/date-time';
import { validateDocument } from '../validation';
import { DocumentRepository, isUuid, Json, StoredDocument } from './document.repository';
import { ReferenceGraph, ReferenceProblem } from './reference-graph';
import { ReferenceRow } from './reference.repository';
import { collectionHref, eventType, EventKind, ResourceDefinition, resourceHref, treeOf } from './resource-definition';

export interface ListResult {
  items: Json[];
  total: number;
  query: ListQuery;
}

/**
 * TMF630 behaviour for one resource: list with filters / fields / sort / paging, create, retrieve, patch
 * (merge and JSON Patch) and delete — each write with its TMF event in the outbox, in the same transaction.
 */
export class TmfResourceService {
  readonly repository: DocumentRepository;
  private readonly references: ReferenceGraph;

  constructor(
    readonly def: ResourceDefinition,
    protected readonly db: Database,
    private readonly outbox: OutboxRepository,
    protected readonly config: AppConfig,
  ) {
    this.repository = new DocumentRepository(db, def);
    this.references = new ReferenceGraph(def, config.publicBaseUrl);
  }

  // Resource-specific rules, run inside the write transaction; subclasses override them.
  protected async beforeCreate(_client: PoolClient, _doc: Json, _id: string): Promise<void> {}
  protected async beforeUpdate(_client: PoolClient, _doc: Json, _previous: Json, _id: string): Promise<void> {}
  protected async beforeDelete(_client: PoolClient, _doc: Json, _id: string): Promise<void> {}
  /** Rules on the document alone (no database), for creates, updates and imports alike; throws a 400. */
  protected checkDocument(_doc: Json): void {}
  /** Event types a change raises besides the standard four (e.g. QuoteInformationRequiredEvent). */
  protected domainEvents(_resource: Json, _previous: Json): string[] {
    return [];
  }

  /** Collection URL, e.g. `https://api.example.com/tmf-api/customerManagement/v4/customer`. */
  get collectionUrl(): string {
    return collectionHref(this.config.publicBaseUrl, this.def);
  }

  href(id: string): string {
    return resourceHref(this.config.publicBaseUrl, this.def, id);
  }

  toResource(row: StoredDocument): Json {
    return { id: row.id, href: this.href(row.id), ...row.doc };
  }

  async list(rawQuery: string): Promise<ListResult> {
    const query = parseListQuery(rawQuery, treeOf(this.def), this.def.table.queryParameters);
    query.filters = query.filters.map((c) => this.hrefAsId(c));
    const { rows, total } = await this.repository.list(query);
    return { items: rows.map((r) => project(this.toResource(r), query.fields)), total, query };
  }

  /** `href` is not stored (it follows PUBLIC_BASE_URL): a filter on it is a filter on the id it ends with. */
  private hrefAsId(c: FilterCondition): FilterCondition {
    if (c.path.length !== 1 || c.path[0] !== 'href') return c;
    if (c.op !== 'eq' && c.op !== 'ne') throw badRequest('invalidQuery', `'href' can only be compared with = or .ne`);
    return { ...c, path: ['id'], values: c.values.map((v) => String(v).slice(String(v).lastIndexOf('/') + 1)) };
  }

  async retrieve(id: string, fields?: string): Promise<Json> {
    const projection = fields === undefined ? undefined : parseFields(treeOf(this.def), fields);
    const row = await this.repository.findById(id);
    if (!row) throw notFound(this.def.type, id, this.href(id));
    return project(this.toResource(row), projection);
  }

  async create(body: object): Promise<Json> {
    const doc = this.newDocument(body);
    this.stampLastUpdate(doc);
    const id = uuidv7();
    return this.db.transaction(async (client) => {
      await this.beforeCreate(client, doc, id);
      const references = await this.resolveReferences(client, [{ id, doc }]);
      await this.repository.insert(client, id, doc);
      await this.references.record(client, [id], references);
      const resource = this.toResource({ id, doc });
      await this.emit(client, 'Create', resource);
      return resource;
    });
  }

  async patch(id: string, body: unknown, contentType: string | undefined): Promise<Json> {
    return this.db.transaction(async (client) => {
      const row = await this.repository.lock(client, id);
      if (!row) throw notFound(this.def.type, id, this.href(id));
      const current = this.toResource(row);
      const patched = applyPatchBody(current, body, contentType);
      for (const attr of ['id', 'href', ...(this.def.readOnly ?? []), ...(this.def.lastUpdateAttribute ? [this.def.lastUpdateAttribute] : [])]) {
        if (!isDeepStrictEqual(patched[attr], current[attr])) {
          throw badRequest('readOnlyAttribute', `'${attr}' is set by the server and cannot be changed`);
        }
      }
      const { id: _id, href: _href, ...rest } = patched;
      assertNoPrototypeKeys(rest); // a JSON Patch path may name `/toString`; class-validator would not notice
      await validateDocument(this.def.schema, rest);
      const doc = this.toDocument(rest);
      this.checkPolymorphism(doc);
      this.checkDocument(doc);
      // before the no-op check: filling in the hrefs a client left out of its references is not a change
      const references = await this.resolveReferences(client, [{ id, doc }]);
      if (isDeepStrictEqual(doc, row.doc)) return current;
      return this.writeChange(client, id, row.doc, doc, async () => {
        await this.beforeUpdate(client, doc, row.doc, id);
        await this.references.record(client, [id], references);
      });
    });
  }

  /**
   * A change the server makes itself (a job moving a request's state): the document locked, changed, stamped and
   * written with its events, inside the caller's transaction. Read-only attributes do not apply; the life cycle does.
   * Returns the resource, or undefined when it does not exist.
   */
  async changeAsServer(client: PoolClient, id: string, change: (doc: Json) => void): Promise<Json | undefined> {
    const row = await this.repository.lock(client, id);
    if (!row) return undefined;
    const doc = JSON.parse(JSON.stringify(row.doc)) as Json;
    change(doc);
    if (isDeepStrictEqual(doc, row.doc)) return this.toResource(row);
    return this.writeChange(client, id, row.doc, doc);
  }

  /**
   * Writes a changed document (patch and server changes alike): the life-cycle move checked, the last update
   * stamped, `beforeWrite` run (resource rules, references), the row updated and the change's events recorded.
   */
  private async writeChange(client: PoolClient, id: string, previous: Json, doc: Json, beforeWrite?: () => Promise<void>): Promise<Json> {
    const lifecycle = this.def.lifecycle;
    if (lifecycle) lifecycle.assertMove(previous[lifecycle.attribute], doc[lifecycle.attribute]);
    this.stampLastUpdate(doc);
    await beforeWrite?.();
    await this.repository.update(client, id, doc);
    const resource = this.toResource({ id, doc });
    if (this.def.events !== false) {
      for (const event of this.changeEvents(resource, previous)) await this.outbox.add(client, this.def.api, id, event);
    }
    return resource;
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction(async (client) => {
      const row = await this.repository.lock(client, id);
      if (!row) throw notFound(this.def.type, id, this.href(id));
      await this.beforeDelete(client, row.doc, id);
      await this.references.assertUnreferenced(client, id);
      await this.repository.delete(client, id);
      await this.references.record(client, [id], []);
      await this.emit(client, 'Delete', this.toResource(row));
    });
  }

  /**
   * An import's first step, without the database: each item validated like a create (schema, polymorphism,
   * life-cycle state, checkDocument). The state is taken as given (an import restores, it does not move a life
   * cycle), and so is the last-update time when present. Items that fail are reported, not thrown.
   */
  async prepareImport(items: Json[]): Promise<{ docs: StoredDocument[]; problems: ReferenceProblem[] }> {
    const docs: StoredDocument[] = [];
    const problems: ReferenceProblem[] = [];
    for (const item of items) {
      const id = String(item.id ?? '').toLowerCase();
      try {
        if (!isUuid(id)) throw badRequest('invalidBody', `id must be a UUID (got '${String(item.id)}')`);
        const { id: _id, href: _href, ...rest } = item;
        assertNoPrototypeKeys(rest);
        await validateDocument(this.def.schema, rest);
        const doc = this.newDocument(rest);
        if (this.def.lastUpdateAttribute && doc[this.def.lastUpdateAttribute] === undefined) this.stampLastUpdate(doc);
        docs.push({ id, doc });
      } catch (e) {
        problems.push({ id, message: e instanceof Error ? e.message : String(e) });
      }
    }
    return { docs, problems };
  }

  /**
   * Writes prepared documents with the ids they come with (create or replace), set-based, inside the caller's
   * transaction; references may also point to ids in `known` (the rest of the import). Documents whose
   * references do not resolve are skipped and reported. Events are raised for what changed.
   */
  async writeImport(client: PoolClient, docs: StoredDocument[], known: Set<string>): Promise<{ written: number; problems: ReferenceProblem[] }> {
    const checked = await this.references.check(client, docs, known);
    const bad = new Set(checked.problems.map((p) => p.id));
    const good = docs.filter((d) => !bad.has(d.id));
    const written = await this.repository.upsertMany(client, good);
    await this.references.record(client, good.map((d) => d.id), checked.rows.filter((r) => !bad.has(r.sourceId)));
    if (this.def.events !== false) {
      const byId = new Map(good.map((d) => [d.id, d.doc]));
      const events = written.flatMap(({ id, previous }) =>
        this.changeEvents(this.toResource({ id, doc: byId.get(id) as Json }), previous).map((event) => ({ resourceId: id, event })),
      );
      await this.outbox.addMany(client, this.def.api, events);
    }
    return { written: written.length, problems: checked.problems };
  }

  /**
   * A new resource's document, as create and import both make it: the validated body as JSON, polymorphism
   * checked, `@type` and the life-cycle state defaulted (a given state must be one of the cycle), the document rules.
   */
  private newDocument(body: object): Json {
    const doc = this.toDocument(body);
    this.checkPolymorphism(doc);
    doc['@type'] ??= this.def.type;
    const lifecycle = this.def.lifecycle;
    if (lifecycle) doc[lifecycle.attribute] = lifecycle.onCreate(doc[lifecycle.attribute]);
    this.checkDocument(doc);
    return doc;
  }

  /** Sets the definition's last-update attribute to now (UTC, milliseconds). */
  private stampLastUpdate(doc: Json): void {
    if (this.def.lastUpdateAttribute) doc[this.def.lastUpdateAttribute] = new Date().toISOString();
  }

  /** Checks references and fills in their hrefs (see ReferenceGraph.resolve); throws 400 on the first that fails. */
  private async resolveReferences(client: PoolClient, docs: StoredDocument[]): Promise<ReferenceRow[]> {
    const { rows, problems } = await this.references.check(client, docs);
    if (problems.length) throw badRequest('invalidReference', problems[0].message, problems[0].href);
    return rows;
  }

  /** For imports: every reference problem of the documents, with `known` resources counting as existing. */
  checkReferences(client: PoolClient, docs: StoredDocument[], known: Set<string>): Promise<{ rows: ReferenceRow[]; problems: ReferenceProblem[] }> {
    return this.references.check(client, docs, known);
  }

  /**
   * TMF630 polymorphism, as the conformance profiles state it: a sub-class (`@type` other than the resource's
   * own) comes with `@baseType` and `@schemaLocation`; and those two only with an `@type`.
   */
  private checkPolymorphism(doc: Json): void {
    const type = doc['@type'];
    if (type === undefined && (doc['@baseType'] !== undefined || doc['@schemaLocation'] !== undefined)) {
      throw badRequest('invalidBody', `'@type' is required when '@baseType' or '@schemaLocation' is given`);
    }
    if (type !== undefined && type !== this.def.type && (doc['@baseType'] === undefined || doc['@schemaLocation'] === undefined)) {
      throw badRequest('invalidBody', `'@type' ${String(type)} is a sub-class of ${this.def.type}: give its '@baseType' and '@schemaLocation' too`);
    }
  }

  /** A plain JSON document from a validated DTO or patch result: undefined and null dropped, date-times as UTC instants. */
  private toDocument(body: object): Json {
    const doc = JSON.parse(JSON.stringify(body)) as Json;
    delete doc.id;
    delete doc.href;
    const list = listInPlaceOfObject(doc, treeOf(this.def));
    if (list) throw badRequest('invalidBody', `${list} must be an object, not a list`);
    dropNulls(doc, treeOf(this.def));
    normaliseDateTimes(doc, treeOf(this.def), toUtcInstant);
    return doc;
  }

  /** The events of a write: Create without a previous document; else StateChange and/or AttributeValueChange. */
  private changeEvents(resource: Json, previous: Json | undefined): TmfEvent[] {
    const payload = (extra: Json = {}) => ({ ...extra, event: { [this.def.name]: resource } });
    if (!previous) return [newEvent(eventType(this.def, 'Create'), payload())];
    const ignored = new Set(['id', 'href', this.def.lastUpdateAttribute, ...(this.def.bookkeepingAttributes ?? [])]);
    const changed = Object.keys({ ...previous, ...resource }).filter((k) => !ignored.has(k) && !isDeepStrictEqual(previous[k], resource[k]));
    const state = this.def.stateAttribute;
    const events: TmfEvent[] = [];
    if (state && changed.includes(state)) events.push(newEvent(eventType(this.def, 'StateChange'), payload()));
    const others = changed.filter((k) => k !== state);
    if (others.length) events.push(newEvent(eventType(this.def, 'AttributeValueChange'), payload({ fieldPath: others.join(',') })));
    return [...events, ...this.domainEvents(resource, previous).map((type) => newEvent(type, payload()))];
  }

  private async emit(client: PoolClient, kind: EventKind, resource: Json, extra: Json = {}): Promise<void> {
    if (this.def.events === false) return;
    const event = newEvent(eventType(this.def, kind), { ...extra, event: { [this.def.name]: resource } });
    await this.outbox.add(client, this.def.api, String(resource.id), event);
  }
}

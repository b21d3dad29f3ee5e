import { isDeepStrictEqual } from 'node:util';
import { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../../config/config';
import { Database } from '../../database/database.service';
import { badRequest, notFound } from '../errors';
import { newEvent, OutboxRepository } from '../hub/outbox.repository';
import { assertNoPrototypeKeys } from '../json-body';
import { applyPatchBody } from '../patch';
import { project } from '../projection';
import { FilterCondition, ListQuery } from '../query/filter';
import { parseFields, parseListQuery } from '../query/query-parser';
import { normaliseDateTimes } from '../schema/attribute-tree';
import { toUtcInstant } from '../schema/date-time';
import { validateDocument } from '../validation';
import { DocumentRepository, Json, StoredDocument } from './document.repository';
import { eventType, EventKind, ResourceDefinition, treeOf } from './resource-definition';

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

  constructor(
    readonly def: ResourceDefinition,
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    protected readonly config: AppConfig,
  ) {
    this.repository = new DocumentRepository(db, def);
  }

  // Resource-specific rules, run inside the write transaction; subclasses override them.
  protected async beforeCreate(_client: PoolClient, _doc: Json, _id: string): Promise<void> {}
  protected async beforeUpdate(_client: PoolClient, _doc: Json, _previous: Json, _id: string): Promise<void> {}
  protected async beforeDelete(_client: PoolClient, _doc: Json, _id: string): Promise<void> {}

  /** Collection URL, e.g. `https://api.example.com/tmf-api/customerManagement/v4/customer`. */
  get collectionUrl(): string {
    return `${this.config.publicBaseUrl}${this.def.basePath}/${this.def.name}`;
  }

  href(id: string): string {
    return `${this.collectionUrl}/${id}`;
  }

  toResource(row: StoredDocument): Json {
    return { id: row.id, href: this.href(row.id), ...row.doc };
  }

  async list(rawQuery: string): Promise<ListResult> {
    const query = parseListQuery(rawQuery, treeOf(this.def));
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
    const doc = this.toDocument(body);
    this.checkPolymorphism(doc);
    doc['@type'] ??= this.def.type;
    const id = uuidv7();
    return this.db.transaction(async (client) => {
      await this.beforeCreate(client, doc, id);
      await this.repository.insert(client, id, doc);
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
      for (const attr of ['id', 'href', ...(this.def.readOnly ?? [])]) {
        if (!isDeepStrictEqual(patched[attr], current[attr])) {
          throw badRequest('readOnlyAttribute', `'${attr}' is set by the server and cannot be changed`);
        }
      }
      const { id: _id, href: _href, ...rest } = patched;
      assertNoPrototypeKeys(rest); // a JSON Patch path may name `/toString`; class-validator would not notice
      await validateDocument(this.def.schema, rest);
      const doc = this.toDocument(rest);
      this.checkPolymorphism(doc);
      if (isDeepStrictEqual(doc, row.doc)) return current;
      await this.beforeUpdate(client, doc, row.doc, id);
      await this.repository.update(client, id, doc);
      const resource = this.toResource({ id, doc });
      const changed = Object.keys({ ...row.doc, ...doc }).filter((k) => !isDeepStrictEqual(row.doc[k], doc[k]));
      const state = this.def.stateAttribute;
      if (state && changed.includes(state)) await this.emit(client, 'StateChange', resource);
      const others = changed.filter((k) => k !== state);
      if (others.length) await this.emit(client, 'AttributeValueChange', resource, { fieldPath: others.join(',') });
      return resource;
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction(async (client) => {
      const row = await this.repository.lock(client, id);
      if (!row) throw notFound(this.def.type, id, this.href(id));
      await this.beforeDelete(client, row.doc, id);
      await this.repository.delete(client, id);
      await this.emit(client, 'Delete', this.toResource(row));
    });
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

  /** A plain JSON document from a validated DTO or patch result: undefined dropped, date-times as UTC instants. */
  private toDocument(body: object): Json {
    const doc = JSON.parse(JSON.stringify(body)) as Json;
    delete doc.id;
    delete doc.href;
    normaliseDateTimes(doc, treeOf(this.def), toUtcInstant);
    return doc;
  }

  private async emit(client: PoolClient, kind: EventKind, resource: Json, extra: Json = {}): Promise<void> {
    const event = newEvent(eventType(this.def, kind), { ...extra, event: { [this.def.name]: resource } });
    await this.outbox.add(client, this.def.api, String(resource.id), event);
  }
}

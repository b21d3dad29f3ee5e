import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { billingAccountHref, BillingAccountRepository } from '../billing/billing-account.repository';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database.service';
import { ProductInventoryRepository } from '../quote/product-inventory.repository';
import { SegmentRequests } from '../segmentation/evaluation/segment-requests';
import { badRequest, conflict } from '../tmf/errors';
import { OutboxRepository } from '../tmf/hub/outbox.repository';
import { Json } from '../tmf/resource/document.repository';
import { TmfResourceService } from '../tmf/resource/resource.service';
import { CUSTOMER } from './customer.resource';

const BILLING_ACCOUNT = 'BillingAccount';

type AccountRef = { id?: string; name?: string; '@referredType'?: string };

/**
 * TMF629 customers on the toolkit, plus two rules. Every customer has at least one billing account: a
 * `BillingAccount` reference without an id asks for a new account; when the customer names none, one is
 * created; references to accounts of other customers, or unknown ones, are 400. And `marketSegment` (the
 * segmentation extension) is the server's: every committed write asks the worker to re-evaluate the customer's
 * segments, which keeps it (read-only on PATCH by the resource definition, refused on POST here).
 */
@Injectable()
export class CustomerService extends TmfResourceService {
  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: BillingAccountRepository,
    private readonly products: ProductInventoryRepository,
    private readonly segments: SegmentRequests,
  ) {
    super(CUSTOMER, db, outbox, config);
  }

  override async create(body: object): Promise<Json> {
    const resource = await super.create(body);
    await this.segments.request(String(resource.id), 'customerChanged', uuidv7());
    return resource;
  }

  override async patch(id: string, body: unknown, contentType: string | undefined): Promise<Json> {
    const resource = await super.patch(id, body, contentType);
    // after the commit (the job re-reads the customer); a unique cause per write, so no write's job is dropped
    await this.segments.request(String(resource.id), 'customerChanged', uuidv7());
    return resource;
  }

  protected override beforeCreate(client: PoolClient, doc: Json, id: string): Promise<void> {
    if (doc.marketSegment !== undefined) {
      throw badRequest('readOnlyAttribute', `'marketSegment' is set by the server (segment evaluation) and cannot be given`);
    }
    return this.settleBillingAccounts(client, doc, id, []);
  }

  /** A customer who still owns active products (from accepted quotes) is not deleted: 409. */
  protected override async beforeDelete(client: PoolClient, _doc: Json, id: string): Promise<void> {
    if (await this.products.hasActiveProducts(client, id)) {
      throw conflict('resourceInUse', `customer '${id}' still owns active products; end them with a quote whose items delete them first`);
    }
  }

  protected override async beforeUpdate(client: PoolClient, doc: Json, _previous: Json, id: string): Promise<void> {
    await this.settleBillingAccounts(client, doc, id, await this.accounts.idsOfCustomer(client, id));
  }

  private async settleBillingAccounts(client: PoolClient, doc: Json, customerId: string, owned: string[]): Promise<void> {
    const refs = ((doc.account as AccountRef[] | undefined) ?? []).filter((a) => a['@referredType'] === BILLING_ACCOUNT);
    const named = refs.filter((a) => a.id !== undefined).map((a) => a.id as string);
    const owners = await this.accounts.owners(client, named);
    for (const id of named) {
      const owner = owners.get(id);
      if (owner !== customerId) {
        const message = owner ? `billing account '${id}' belongs to another customer` : `billing account '${id}' does not exist`;
        throw badRequest('invalidReference', message, billingAccountHref(this.config.publicBaseUrl, id));
      }
    }
    const dropped = owned.filter((id) => !named.includes(id));
    if (dropped.length) {
      throw badRequest('invalidReference', `billing account '${dropped[0]}' cannot be removed from its customer`);
    }
    const created: { id: string; customerId: string; name: string }[] = [];
    for (const ref of refs.filter((a) => a.id === undefined)) {
      ref.id = uuidv7();
      created.push({ id: ref.id, customerId, name: ref.name ?? `${String(doc.name)} billing account` });
    }
    if (!refs.length) {
      const account = { id: uuidv7(), name: `${String(doc.name)} billing account`, '@referredType': BILLING_ACCOUNT };
      doc.account = [...((doc.account as AccountRef[] | undefined) ?? []), account];
      created.push({ id: account.id, customerId, name: account.name });
    }
    // the foreign key to customer is deferred, so the accounts may be written before the customer row
    await this.accounts.insertMany(client, created, this.config.defaultTaxRate);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { billingAccountHref, BillingAccountRepository } from '../billing/billing-account.repository';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database.service';
import { ProductInventoryRepository } from '../quote/product-inventory.repository';
import { badRequest, conflict } from '../tmf/errors';
import { OutboxRepository } from '../tmf/hub/outbox.repository';
import { Json } from '../tmf/resource/document.repository';
import { TmfResourceService } from '../tmf/resource/resource.service';
import { CUSTOMER } from './customer.resource';

const BILLING_ACCOUNT = 'BillingAccount';

type AccountRef = { id?: string; name?: string; '@referredType'?: string };

/**
 * TMF629 customers on the toolkit, plus one rule: every customer has at least one billing account. A
 * `BillingAccount` reference without an id asks for a new account; when the customer names none, one is
 * created. References to accounts of other customers, or unknown ones, are 400.
 */
@Injectable()
export class CustomerService extends TmfResourceService {
  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: BillingAccountRepository,
    private readonly products: ProductInventoryRepository,
  ) {
    super(CUSTOMER, db, outbox, config);
  }

  protected override beforeCreate(client: PoolClient, doc: Json, id: string): Promise<void> {
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

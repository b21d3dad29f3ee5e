import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { isDeepStrictEqual } from 'node:util';
import { PoolClient } from 'pg';
import { billingAccountHref, BillingAccountRepository } from '../billing/billing-account.repository';
import { OfferingAvailabilityRepository } from '../catalog/offering-availability.repository';
import { PRODUCT_OFFERING, PRODUCT_OFFERING_PRICE } from '../catalog/catalog.resources';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CUSTOMER } from '../customer/customer.resource';
import { Database } from '../database/database.service';
import { SegmentRequests } from '../segmentation/evaluation/segment-requests';
import { badRequest, conflict } from '../tmf/errors';
import { OutboxRepository } from '../tmf/hub/outbox.repository';
import { decimal } from '../tmf/money';
import { Json } from '../tmf/resource/document.repository';
import { ReferenceRepository } from '../tmf/resource/reference.repository';
import { resourceHref } from '../tmf/resource/resource-definition';
import { TmfResourceService } from '../tmf/resource/resource.service';
import { PricingCatalogRepository } from './pricing/pricing-catalog.repository';
import { priceItem, totalPrices } from './pricing/quote-pricer';
import { ProductInventoryRepository, ProductChange } from './product-inventory.repository';
import { checkItems, customerIdOf, flattenItems } from './quote-items';
import { FINAL_QUOTE_STATES, INFORMATION_REQUIRED_EVENT, QUOTE } from './quote.resource';

const DAY_MS = 24 * 3600 * 1000;
/** Attributes whose change re-validates and re-prices a quote. */
const PRICED_FROM = ['quoteItem', 'relatedParty', 'billingAccount'];

/**
 * TMF648 quotes on the toolkit, with the CPQ rules: references checked (customer, billing accounts, sellable
 * offerings, the customer's products), every item priced from the catalog (client prices are recomputed), the
 * server-maintained attributes (state on create, quoteDate, version, effectiveQuoteCompletionDate, validFor), and
 * acceptance turning the items into the customer's products in the same transaction.
 */
@Injectable()
export class QuoteService extends TmfResourceService {
  private readonly defaultTaxRate: Decimal;
  private readonly existence = new ReferenceRepository();

  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: BillingAccountRepository,
    private readonly availability: OfferingAvailabilityRepository,
    private readonly pricingCatalog: PricingCatalogRepository,
    private readonly inventory: ProductInventoryRepository,
    private readonly segments: SegmentRequests,
  ) {
    super(QUOTE, db, outbox, config);
    this.defaultTaxRate = decimal(config.defaultTaxRate);
  }

  /**
   * After an accepted quote's transaction commits, the worker re-evaluates the customer's segments (its products
   * changed). One job per quote: a repeated PATCH of the accepted quote asks again under the same job id, a no-op.
   */
  override async patch(id: string, body: unknown, contentType: string | undefined): Promise<Json> {
    const quote = await super.patch(id, body, contentType);
    if (quote.state === 'accepted') await this.segments.request(customerIdOf(quote).toLowerCase(), 'quoteAccepted', `quote-${String(quote.id)}`);
    return quote;
  }

  protected override async beforeCreate(client: PoolClient, doc: Json): Promise<void> {
    const now = new Date();
    // the state is the server's: a priced, approved quote at once when the client asks for instantSyncQuote
    doc.state = doc.instantSyncQuote === true ? 'approved' : 'inProgress';
    doc.quoteDate = now.toISOString();
    doc.version = '1';
    delete doc.effectiveQuoteCompletionDate;
    const validFor = (doc.validFor as { startDateTime?: string; endDateTime?: string } | undefined) ?? {};
    doc.validFor = {
      startDateTime: validFor.startDateTime ?? now.toISOString(),
      endDateTime: validFor.endDateTime ?? new Date(now.getTime() + this.config.quoteValidityDays * DAY_MS).toISOString(),
    };
    if (Date.parse((doc.validFor as { endDateTime: string }).endDateTime) <= now.getTime()) {
      throw badRequest('invalidBody', `validFor.endDateTime is in the past: a quote must be valid for some time`);
    }
    await this.settle(client, doc, now);
  }

  protected override async beforeUpdate(client: PoolClient, doc: Json, previous: Json, id: string): Promise<void> {
    const now = new Date();
    if (!(doc.validFor as { endDateTime?: string } | undefined)?.endDateTime) {
      throw badRequest('invalidBody', `validFor.endDateTime cannot be removed: it is when the quote expires`);
    }
    if (PRICED_FROM.some((k) => !isDeepStrictEqual(doc[k], previous[k]))) {
      if (previous.state !== 'inProgress' && previous.state !== 'pending') {
        throw badRequest('quoteNotEditable', `the items, parties and billing accounts of a quote can change only while it is inProgress or pending (it is ${String(previous.state)})`);
      }
      await this.settle(client, doc, now, previous);
    }
    doc.version = String((Number(previous.version) || 1) + 1);
    if (doc.state !== previous.state && FINAL_QUOTE_STATES.includes(doc.state as string)) doc.effectiveQuoteCompletionDate = now.toISOString();
    if (doc.state === 'accepted' && previous.state !== 'accepted') await this.accept(client, doc, id, now);
  }

  /** An accepted quote is the record of what the customer's products came from: it is kept. */
  protected override async beforeDelete(_client: PoolClient, doc: Json, id: string): Promise<void> {
    if (doc.state === 'accepted') throw conflict('quoteAccepted', `quote '${id}' was accepted and created the customer's products; it cannot be deleted`);
  }

  protected override domainEvents(resource: Json, previous: Json): string[] {
    return resource.state === 'pending' && previous.state !== 'pending' ? [INFORMATION_REQUIRED_EVENT] : [];
  }

  /** Checks every reference of the quote and prices its items; sets quoteItemPrice, quoteTotalPrice and notes. */
  private async settle(client: PoolClient, doc: Json, now: Date, previous?: Json): Promise<void> {
    // on an update, a stored price the client left as it was is not a price the client sent
    const stored = new Map(flattenItems(previous?.quoteItem).map(({ item }) => [String(item.id), item.quoteItemPrice]));
    const items = flattenItems(doc.quoteItem);
    checkItems(items);
    const customerId = customerIdOf(doc);
    await this.checkCustomer(client, customerId);
    await this.checkBillingAccounts(client, doc, items, customerId);
    const products = await this.checkProducts(client, items, customerId);
    const offeringOf = (item: Json) =>
      ((item.productOffering as { id?: string } | undefined)?.id ?? products.get(String((item.product as Json | undefined)?.id).toLowerCase())?.productOfferingId)?.toLowerCase();
    for (const { item, at } of items) {
      if (item.action === 'add' && !(item.productOffering as { id?: string } | undefined)?.id) throw badRequest('invalidBody', `${at}.productOffering.id is required for an add item`);
    }
    const priced = items.filter(({ item }) => item.action === 'add' || item.action === 'modify');
    const offeringIds = [...new Set(priced.map(({ item }) => offeringOf(item) as string))];
    const sellable = await this.availability.sellable(offeringIds, now, client);
    for (const { item, at } of priced) {
      const offeringId = offeringOf(item) as string;
      if (!sellable.has(offeringId)) {
        throw badRequest('invalidReference', `${at}.productOffering '${offeringId}' is not a launched, sellable offering valid now`, this.offeringHref(offeringId));
      }
    }
    const catalog = { ...(await this.pricingCatalog.load(client, offeringIds)), priceHref: (id: string) => resourceHref(this.config.publicBaseUrl, PRODUCT_OFFERING_PRICE, id) };
    const currencies = new Set<string>();
    const notes = ((doc.note as Json[] | undefined) ?? []).filter((n) => !String(n.id).startsWith('pricing-'));
    for (const { item } of items) {
      const sent = item.quoteItemPrice;
      const offeringId = offeringOf(item);
      if (!offeringId || !(item.action === 'add' || item.action === 'modify')) {
        delete item.quoteItemPrice;
      } else {
        const { prices, currency } = priceItem({ offeringId, quantity: (item.quantity as number | undefined) ?? 1 }, catalog, this.defaultTaxRate);
        if (currency) currencies.add(currency);
        item.quoteItemPrice = prices;
        const offering = catalog.offerings.get(offeringId);
        item.productOffering = { ...(item.productOffering as Json | undefined), id: offeringId, href: this.offeringHref(offeringId), name: offering?.name };
      }
      if (sent !== undefined && !isDeepStrictEqual(sent, item.quoteItemPrice) && !isDeepStrictEqual(sent, stored.get(String(item.id)))) {
        notes.push({ id: `pricing-${String(item.id)}`, author: 'pricing', date: now.toISOString(), text: `The quoteItemPrice sent for item ${String(item.id)} was replaced by the price computed from the catalog.`, '@type': 'Note' });
      }
    }
    if (currencies.size > 1) throw badRequest('currencyMismatch', `a quote is priced in one currency; its items' prices are in ${[...currencies].join(', ')}`);
    if (notes.length) doc.note = notes;
    else delete doc.note;
    doc.quoteTotalPrice = totalPrices(items.flatMap(({ item }) => (item.quoteItemPrice as Json[] | undefined) ?? []));
  }

  private async checkCustomer(client: PoolClient, customerId: string): Promise<void> {
    // locked FOR KEY SHARE, as references are: the customer cannot be deleted under the quote's transaction
    if (!(await this.existence.existing(client, CUSTOMER.table.table, [customerId])).size) throw badRequest('invalidReference', `relatedParty: customer '${customerId}' does not exist`, resourceHref(this.config.publicBaseUrl, CUSTOMER, customerId));
  }

  private async checkBillingAccounts(client: PoolClient, doc: Json, items: { item: Json; at: string }[], customerId: string): Promise<void> {
    const refs = [
      ...((doc.billingAccount as { id: string }[] | undefined) ?? []).map((a, i) => ({ id: a.id, at: `billingAccount[${i}]` })),
      ...items.flatMap(({ item, at }) => {
        const id = ((item.product as Json | undefined)?.billingAccount as { id?: string } | undefined)?.id;
        return id ? [{ id, at: `${at}.product.billingAccount` }] : [];
      }),
    ];
    const owners = await this.accounts.owners(client, refs.map((r) => r.id));
    for (const ref of refs) {
      if (owners.get(ref.id) !== customerId.toLowerCase()) {
        const why = owners.has(ref.id) ? 'belongs to another customer' : 'does not exist';
        throw badRequest('invalidReference', `${ref.at}: billing account '${ref.id}' ${why}`, billingAccountHref(this.config.publicBaseUrl, ref.id));
      }
    }
  }

  /** The customer's active products that modify and delete items name (each must name one). */
  private async checkProducts(client: PoolClient, items: { item: Json; at: string }[], customerId: string) {
    const changing = items.filter(({ item }) => item.action === 'modify' || item.action === 'delete');
    const active = await this.inventory.activeProducts(client, changing.map(({ item }) => String((item.product as Json | undefined)?.id)));
    for (const { item, at } of changing) {
      const id = (item.product as Json | undefined)?.id;
      if (typeof id !== 'string') throw badRequest('invalidBody', `${at}.product.id is required for a ${String(item.action)} item: it names the customer's product`);
      if (active.get(id.toLowerCase())?.customerId !== customerId.toLowerCase()) {
        throw badRequest('invalidReference', `${at}.product '${id}' is not an active product of customer '${customerId}'`, `${this.config.publicBaseUrl}/tmf-api/productInventory/v4/product/${encodeURIComponent(id)}`);
      }
    }
    return active;
  }

  /** Acceptance: the items become the customer's products, in the transaction of the state change. */
  private async accept(client: PoolClient, doc: Json, quoteId: string, now: Date): Promise<void> {
    const end = (doc.validFor as { endDateTime?: string } | undefined)?.endDateTime;
    if (end && Date.parse(end) <= now.getTime()) throw badRequest('quoteExpired', `the quote expired at ${end}; it can no longer be accepted`);
    const customerId = customerIdOf(doc).toLowerCase();
    const items = flattenItems(doc.quoteItem);
    // the customer and its accounts may have changed since the quote was priced
    await this.checkCustomer(client, customerId);
    await this.checkBillingAccounts(client, doc, items, customerId);
    const changing = items.filter(({ item }) => item.action === 'modify' || item.action === 'delete');
    const active = await this.inventory.activeProducts(client, changing.map(({ item }) => String((item.product as Json).id)));
    for (const { item, at } of changing) {
      if (!active.has(String((item.product as Json).id).toLowerCase())) throw conflict('productChanged', `${at}.product '${String((item.product as Json).id)}' is no longer active; re-quote`);
    }
    const defaultAccount = ((doc.billingAccount as { id: string }[] | undefined) ?? [])[0]?.id ?? (await this.accounts.idsOfCustomer(client, customerId))[0];
    if (!defaultAccount) throw conflict('noBillingAccount', `customer '${customerId}' has no billing account to bill the products to`);
    const changes: ProductChange[] = items
      .filter(({ item }) => item.action === 'add' || item.action === 'modify' || item.action === 'delete')
      .map(({ item }) => {
        const product = item.product as Json | undefined;
        const productId = (product?.id as string | undefined)?.toLowerCase();
        const offering = item.productOffering as { id?: string; name?: string } | undefined;
        return {
          quoteItemId: String(item.id),
          action: item.action as ProductChange['action'],
          productId,
          offeringId: offering?.id ?? (productId ? active.get(productId)?.productOfferingId : undefined),
          name: offering?.name ?? (product?.name as string | undefined),
          quantity: (item.quantity as number | undefined) ?? 1,
          price: (item.quoteItemPrice as unknown[] | undefined) ?? [],
          billingAccountId: ((product?.billingAccount as { id?: string } | undefined)?.id ?? (productId ? active.get(productId)?.billingAccountId : undefined) ?? defaultAccount) as string,
        };
      });
    const start = (doc.expectedFulfillmentStartDate as string | undefined) ?? now.toISOString();
    await this.inventory.applyAcceptedQuote(client, quoteId, customerId, start, changes);
  }

  private offeringHref(id: string): string {
    return resourceHref(this.config.publicBaseUrl, PRODUCT_OFFERING, id);
  }
}

// Data factories and HTTP helpers for the TMF620 Product Catalog e2e tests (test/catalog): paths and hrefs,
// minimal and "every attribute" bodies per resource, a spec → price → offering → category → catalog chain, and a
// snapshot of the catalog tables for "nothing changed" checks.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Doc } from './customer-helpers';
import { PUBLIC_BASE_URL, TestApp } from './test-app';

export const CATALOG_BASE = '/tmf-api/productCatalogManagement/v4';
/** The public base of every catalog href. */
export const CATALOG_URL = `${PUBLIC_BASE_URL}${CATALOG_BASE}`;
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

export const COLLECTIONS = ['productSpecification', 'productOfferingPrice', 'productOffering', 'category', 'catalog'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export const TYPE_OF: Record<Collection, string> = {
  productSpecification: 'ProductSpecification',
  productOfferingPrice: 'ProductOfferingPrice',
  productOffering: 'ProductOffering',
  category: 'Category',
  catalog: 'Catalog',
};

export const TABLE_OF: Record<Collection, string> = {
  productSpecification: 'product_specification',
  productOfferingPrice: 'product_offering_price',
  productOffering: 'product_offering',
  category: 'category',
  catalog: 'catalog',
};

/** The TMF620 life cycle in its forward order; `Rejected` is the side exit. */
export const LIFECYCLE = ['In study', 'In design', 'In test', 'Active', 'Launched', 'Retired', 'Obsolete'];
export const ALL_STATES = [...LIFECYCLE, 'Rejected'];

/** A uuid no resource has. */
export const UNKNOWN_ID = '0190f3a0-0000-7000-8000-000000000000';
export const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const collectionPath = (c: Collection) => `${CATALOG_BASE}/${c}`;
export const resourcePath = (c: Collection, id: string) => `${CATALOG_BASE}/${c}/${id}`;
/** The href the server gives (and fills into references): `http://bss.test:8080/tmf-api/productCatalogManagement/v4/<c>/<id>`. */
export const hrefOf = (c: Collection, id: string) => `${CATALOG_URL}/${c}/${id}`;

let seq = 0;
const unique = (label: string) => `${label} ${++seq} ${randomBytes(3).toString('hex')}`;

const NAME_LABEL: Record<Collection, string> = {
  productSpecification: 'Spec',
  productOfferingPrice: 'Price',
  productOffering: 'Offering',
  category: 'Category',
  catalog: 'Catalog',
};

/** The smallest valid create body of a resource: a unique name. */
export function minimalBody(c: Collection, overrides: Doc = {}): Doc {
  return { name: unique(NAME_LABEL[c]), ...overrides };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers

/** POST a resource, expecting 201; returns the created resource. */
export async function createResource(t: TestApp, c: Collection, body: Doc = minimalBody(c)): Promise<Doc> {
  const res = await request(t.server).post(collectionPath(c)).send(body);
  if (res.status !== 201) throw new Error(`create ${c}: expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

/** POST anything (a string or Buffer is sent as is) with an explicit content type. */
export function postRaw(t: TestApp, c: Collection, body: unknown, contentType = 'application/json'): request.Test {
  return request(t.server)
    .post(collectionPath(c))
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

export function getResource(t: TestApp, c: Collection, id: string, query = ''): request.Test {
  return request(t.server).get(`${resourcePath(c, id)}${query ? `?${query}` : ''}`);
}

/** GET a resource, expecting 200. */
export async function fetchResource(t: TestApp, c: Collection, id: string): Promise<Doc> {
  const res = await getResource(t, c, id);
  if (res.status !== 200) throw new Error(`get ${c}/${id}: expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Doc;
}

/** PATCH with an explicit media type (merge patch by default); objects and arrays are sent as JSON text. */
export function patchResource(t: TestApp, c: Collection, id: string, body: unknown, contentType = MERGE_PATCH): request.Test {
  return request(t.server)
    .patch(resourcePath(c, id))
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

export function deleteResource(t: TestApp, c: Collection, id: string): request.Test {
  return request(t.server).delete(resourcePath(c, id));
}

export function listResources(t: TestApp, c: Collection, query = ''): request.Test {
  return request(t.server).get(`${collectionPath(c)}${query ? `?${query}` : ''}`);
}

export async function rowCount(t: TestApp, c: Collection): Promise<number> {
  return Number((await t.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE_OF[c]}`)).rows[0].n);
}

/** Every row of the catalog tables, the reference graph and the outbox size: equal snapshots mean nothing changed. */
export async function catalogSnapshot(t: TestApp): Promise<Doc> {
  const snapshot: Doc = {};
  for (const c of COLLECTIONS) {
    snapshot[c] = (await t.sql.query(`SELECT id, name, lifecycle_status, last_update, doc, updated_at FROM ${TABLE_OF[c]} ORDER BY id`)).rows;
  }
  snapshot.references = (await t.sql.query('SELECT * FROM resource_reference ORDER BY source_table, source_id, target_table, target_id')).rows;
  snapshot.outboxEvents = Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM outbox_event')).rows[0].n);
  return snapshot;
}

/** The rows of the reference graph held by one resource. */
export async function referencesOf(t: TestApp, c: Collection, id: string): Promise<{ target_table: string; target_id: string; path: string }[]> {
  const { rows } = await t.sql.query(
    'SELECT target_table, target_id, path FROM resource_reference WHERE source_table = $1 AND source_id = $2 ORDER BY target_table, target_id',
    [TABLE_OF[c], id],
  );
  return rows;
}

/** The outbox events raised for one resource, in the order they were raised. */
export async function outboxEventsOf(t: TestApp, id: string): Promise<{ event_type: string; payload: Doc }[]> {
  const { rows } = await t.sql.query('SELECT event_type, payload FROM outbox_event WHERE resource_id = $1 ORDER BY id', [id]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected values

const DATE_TIME_KEYS = new Set(['startDateTime', 'endDateTime', 'lastUpdate']);

/**
 * A deep copy of `value` where every date-time attribute (`startDateTime`, `endDateTime`, `lastUpdate`) is the
 * same instant as a UTC ISO string with milliseconds, as the server returns date-times.
 */
export function withUtcDates<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withUtcDates(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) {
    out[k] = DATE_TIME_KEYS.has(k) && typeof v === 'string' ? new Date(v).toISOString() : withUtcDates(v);
  }
  return out as T;
}

/** A copy of the reference object with the server's href filled in (when it had none). */
export function withHref(ref: Doc, c: Collection): Doc {
  return ref.href === undefined ? { ...ref, href: hrefOf(c, ref.id) } : { ...ref };
}

// ---------------------------------------------------------------------------------------------------------------
// "Every attribute" bodies. Date-times come in several RFC 3339 forms (Z, offsets, fractions); some references
// carry an href (kept) and some do not (filled in by the server).

const period = (start = '2024-01-01T00:00:00Z', end = '2030-12-31T23:59:59+01:00') => ({ startDateTime: start, endDateTime: end });

/** A ProductSpecification_Create with every attribute; `bundled` (2 ids) and `related` must be existing specifications. */
export function fullSpecificationBody(refs: { bundled: [string, string]; related: string }): Doc {
  return {
    name: unique('Fibre 1G spec'),
    brand: 'Acme Networks',
    description: 'Symmetric fibre access with a managed router',
    isBundle: true,
    lastUpdate: '2001-02-03T04:05:06Z', // replaced by the server
    lifecycleStatus: 'In design',
    productNumber: 'FIB-1G-2024',
    version: '1.2',
    '@type': 'FibreSpecification',
    '@baseType': 'ProductSpecification',
    '@schemaLocation': 'https://schemas.example.com/catalog/FibreSpecification.schema.json',
    attachment: [
      {
        id: 'att-1',
        href: 'https://docs.example.com/attachment/att-1',
        attachmentType: 'brochure',
        content: 'SGVsbG8sIGZpYnJlIQ==',
        description: 'Product brochure',
        mimeType: 'application/pdf',
        name: 'brochure.pdf',
        url: 'https://docs.example.com/brochure.pdf',
        size: { amount: 1.5, units: 'MB' },
        validFor: period('2024-03-01T00:00:00.123Z', '2025-03-01T00:00:00+05:30'),
        '@referredType': 'Document',
        '@type': 'AttachmentRefOrValue',
        '@baseType': 'Attachment',
        '@schemaLocation': 'https://schemas.example.com/Attachment.schema.json',
      },
      { name: 'datasheet.pdf', url: 'https://docs.example.com/datasheet.pdf', mimeType: 'application/pdf' },
    ],
    bundledProductSpecification: [
      { id: refs.bundled[0], name: 'Router', lifecycleStatus: 'Active', '@type': 'BundledProductSpecification', '@baseType': 'EntityRef', '@schemaLocation': 'https://schemas.example.com/Bundled.json' },
      { id: refs.bundled[1], href: 'https://elsewhere.example.com/productSpecification/phone', name: 'Phone line' },
    ],
    productSpecCharacteristic: [
      {
        id: 'char-speed',
        name: 'speed',
        description: 'Download speed',
        configurable: true,
        extensible: false,
        isUnique: true,
        maxCardinality: 1,
        minCardinality: 1,
        regex: '^[0-9]+$',
        valueType: 'integer',
        validFor: period('2024-01-01T01:00:00+01:00', '2030-01-01T00:00:00.250Z'),
        '@valueSchemaLocation': 'https://schemas.example.com/Speed.schema.json',
        '@type': 'ProductSpecificationCharacteristic',
        '@baseType': 'Characteristic',
        '@schemaLocation': 'https://schemas.example.com/Characteristic.json',
        productSpecCharRelationship: [
          {
            id: 'char-colour',
            href: 'https://schemas.example.com/char/char-colour',
            name: 'colour',
            charSpecSeq: 2,
            relationshipType: 'dependency',
            validFor: period(),
            '@type': 'ProductSpecificationCharacteristicRelationship',
          },
        ],
        productSpecCharacteristicValue: [
          {
            isDefault: true,
            rangeInterval: 'closed',
            regex: '^\\d+$',
            unitOfMeasure: 'Mbps',
            valueFrom: 100,
            valueTo: 1000,
            valueType: 'integer',
            validFor: period('2024-06-01T12:00:00-04:00'),
            value: 1000,
            '@type': 'CharacteristicValueSpecification',
            '@baseType': 'Entity',
            '@schemaLocation': 'https://schemas.example.com/Value.json',
          },
          { value: 'fast', valueType: 'string' },
          { value: 2.5, valueType: 'number' },
          { value: false, valueType: 'boolean' },
          { value: { min: 1, tags: ['a', 2, true, null], nested: { deep: [{ x: 'y' }] } }, valueType: 'object' },
          { value: [1, 'two', { three: 3 }, [4]], valueType: 'array' },
          { value: '2024-01-01T00:00:00+02:00', valueType: 'text that looks like a date' },
        ],
      },
      { name: 'colour', valueType: 'string', productSpecCharacteristicValue: [{ value: 'black', isDefault: true }, { value: 'white' }] },
    ],
    productSpecificationRelationship: [
      {
        id: refs.related,
        name: 'Copper 100M',
        relationshipType: 'migration',
        validFor: period('2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
        '@referredType': 'ProductSpecification',
        '@type': 'ProductSpecificationRelationship',
      },
    ],
    relatedParty: [
      { id: 'org-acme', href: 'https://party.example.com/organization/org-acme', name: 'Acme Networks', role: 'owner', '@referredType': 'Organization' },
      { id: 'ind-7', name: 'Jane Doe', role: 'productManager', '@referredType': 'Individual', '@type': 'RelatedParty' },
    ],
    resourceSpecification: [{ id: 'rs-ont', href: 'https://resource.example.com/resourceSpecification/rs-ont', name: 'ONT', version: '2', '@referredType': 'ResourceSpecification' }],
    serviceSpecification: [{ id: 'ss-internet', name: 'Internet access', version: '1', '@referredType': 'ServiceSpecification' }],
    targetProductSchema: { '@schemaLocation': 'https://schemas.example.com/FibreProduct.schema.json', '@type': 'FibreProduct' },
    validFor: period('2024-01-01T00:00:00Z', '2030-12-31T23:59:59.999+00:00'),
  };
}

/** A ProductOfferingPrice_Create with every attribute; `alteration` and `bundled` (2 ids) must be existing prices. */
export function fullPriceBody(refs: { alteration: string; bundled: [string, string] }): Doc {
  return {
    name: unique('Fibre monthly fee'),
    description: 'Monthly fee, with the installation bundled in',
    isBundle: true,
    lastUpdate: '2001-02-03T04:05:06Z',
    lifecycleStatus: 'Active',
    percentage: 12.5,
    priceType: 'recurring',
    recurringChargePeriodLength: 1,
    recurringChargePeriodType: 'month',
    version: '3.0',
    '@type': 'ProductOfferingPrice',
    '@baseType': 'Entity',
    '@schemaLocation': 'https://schemas.example.com/ProductOfferingPrice.schema.json',
    bundledPopRelationship: [
      { id: refs.bundled[0], name: 'Installation fee', '@type': 'BundledProductOfferingPriceRelationship' },
      { id: refs.bundled[1], href: 'https://elsewhere.example.com/productOfferingPrice/router', name: 'Router rental' },
    ],
    constraint: [{ id: 'cons-b2b', href: 'https://policy.example.com/constraint/cons-b2b', name: 'Business customers only', version: '1', '@referredType': 'Constraint' }],
    place: [{ id: 'place-berlin', name: 'Berlin', '@referredType': 'GeographicAddress' }],
    popRelationship: [{ id: refs.alteration, name: 'Loyalty discount', relationshipType: 'discount', role: 'alteration', '@referredType': 'ProductOfferingPrice' }],
    price: { unit: 'EUR', value: 29.99 },
    pricingLogicAlgorithm: [
      {
        id: 'pla-1',
        href: 'https://rating.example.com/pla/pla-1',
        name: 'Volume tiers',
        description: 'Tiered by monthly volume',
        plaSpecId: 'pla-spec-7',
        validFor: period('2024-02-01T00:00:00+01:00'),
        '@type': 'PricingLogicAlgorithm',
      },
    ],
    prodSpecCharValueUse: [
      {
        id: 'char-speed',
        name: 'speed',
        description: 'Priced for 500 Mbps',
        maxCardinality: 1,
        minCardinality: 1,
        valueType: 'integer',
        productSpecCharacteristicValue: [{ value: 500, isDefault: true, unitOfMeasure: 'Mbps' }],
        productSpecification: { id: 'spec-external', href: 'https://other-catalog.example.com/productSpecification/spec-external', name: 'External spec' },
        validFor: period(),
      },
    ],
    productOfferingTerm: [
      { name: '12 months', description: 'Minimum term', duration: { amount: 12, units: 'month' }, validFor: period('2024-01-01T00:00:00Z'), '@type': 'ProductOfferingTerm' },
    ],
    tax: [{ id: 'tax-vat', href: 'https://tax.example.com/tax/vat', taxCategory: 'VAT', taxRate: 0.19, taxAmount: { unit: 'EUR', value: 5.7 }, '@type': 'TaxItem' }],
    unitOfMeasure: { amount: 1, units: 'month' },
    validFor: period('2024-01-01T00:00:00Z', '2027-01-01T00:00:00-02:00'),
  };
}

/**
 * A ProductOffering_Create with every attribute: `specification`, `price`, `category`, `bundled` (2 ids, offerings)
 * and `related` (an offering) must exist.
 */
export function fullOfferingBody(refs: { specification: string; price: string; category: string; bundled: [string, string]; related: string }): Doc {
  return {
    name: unique('Fibre 1G for business'),
    description: 'Fibre 1G with router, for small businesses',
    isBundle: true,
    isSellable: true,
    lastUpdate: '2001-02-03T04:05:06Z',
    lifecycleStatus: 'In test',
    statusReason: 'Waiting for the pricing committee',
    version: '2.1',
    '@type': 'BusinessOffering',
    '@baseType': 'ProductOffering',
    '@schemaLocation': 'https://schemas.example.com/BusinessOffering.schema.json',
    agreement: [{ id: 'agr-frame', href: 'https://agreement.example.com/agreement/agr-frame', name: 'Frame agreement', '@referredType': 'Agreement' }],
    attachment: [{ id: 'att-9', name: 'terms.pdf', url: 'https://docs.example.com/terms.pdf', mimeType: 'application/pdf', size: { amount: 120, units: 'kB' } }],
    bundledProductOffering: [
      {
        id: refs.bundled[0],
        name: 'Router rental',
        lifecycleStatus: 'Active',
        bundledProductOfferingOption: { numberRelOfferDefault: 1, numberRelOfferLowerLimit: 0, numberRelOfferUpperLimit: 2, '@type': 'BundledProductOfferingOption' },
        '@type': 'BundledProductOffering',
      },
      { id: refs.bundled[1], href: 'https://elsewhere.example.com/productOffering/voice', name: 'Voice line' },
    ],
    category: [{ id: refs.category, name: 'Business internet', version: '1', '@referredType': 'Category' }],
    channel: [
      { id: 'ch-web', name: 'Web shop', '@referredType': 'SalesChannel' },
      { id: 'ch-shop', href: 'https://sales.example.com/channel/ch-shop', name: 'Retail shops' },
    ],
    marketSegment: [
      { id: 'seg-smb', name: 'Small business', '@referredType': 'MarketSegment' },
      { id: 'seg-enterprise', href: 'https://crm.example.com/marketSegment/seg-enterprise' },
    ],
    place: [{ id: 'place-de', name: 'Germany', '@referredType': 'GeographicAddress' }],
    prodSpecCharValueUse: [
      {
        id: 'char-speed',
        name: 'speed',
        description: 'Only 500 Mbps and 1 Gbps',
        maxCardinality: 1,
        minCardinality: 1,
        valueType: 'integer',
        productSpecCharacteristicValue: [{ value: 500, isDefault: true, unitOfMeasure: 'Mbps' }, { value: 1000 }, { value: { tier: 'gold' } }],
        productSpecification: { id: refs.specification, version: '1.2', name: 'Fibre spec' },
        validFor: period('2024-05-01T00:00:00+02:00'),
        '@type': 'ProductSpecificationCharacteristicValueUse',
      },
    ],
    productOfferingPrice: [
      { id: refs.price, name: 'Monthly fee', '@referredType': 'ProductOfferingPrice' },
      {
        // given inline: no id, so a value rather than a reference
        name: 'Activation',
        description: 'One-time activation',
        lastUpdate: '2024-02-01T10:00:00+01:00',
        lifecycleStatus: 'Active',
        priceType: 'oneTime',
        recurringChargePeriod: 'month',
        recurringChargePeriodLength: 0,
        version: '1',
        constraint: [{ id: 'cons-1', name: 'New customers only' }],
        price: {
          percentage: 0,
          taxCategory: 'VAT',
          taxRate: 0.19,
          dutyFreeAmount: { unit: 'EUR', value: 49 },
          taxIncludedAmount: { unit: 'EUR', value: 58.31 },
          '@type': 'ProductPriceValue',
        },
        priceAlteration: [
          {
            id: 'alt-1',
            href: 'https://catalog.example.com/alteration/alt-1',
            name: 'Launch promotion',
            description: 'Half price in the first quarter',
            priceType: 'discount',
            priority: 1,
            recurringChargePeriod: 'month',
            applicationDuration: { amount: 3, units: 'month' },
            price: { percentage: 50 },
            unitOfMeasure: { amount: 1, units: 'activation' },
            validFor: period('2024-01-01T00:00:00Z', '2024-04-01T00:00:00Z'),
            '@type': 'POPAlteration',
          },
        ],
        unitOfMeasure: { amount: 1, units: 'activation' },
        validFor: period('2024-01-01T00:00:00.5Z'),
        '@referredType': 'ProductOfferingPrice',
        '@type': 'ProductOfferingPriceRefOrValue',
      },
    ],
    productOfferingRelationship: [
      { id: refs.related, name: 'Static IP', relationshipType: 'requires', role: 'addOn', validFor: period('2024-01-01T00:00:00Z'), '@referredType': 'ProductOffering' },
    ],
    productOfferingTerm: [{ name: '24 months', description: 'Commitment', duration: { amount: 24, units: 'month' }, validFor: period() }],
    productSpecification: {
      id: refs.specification,
      name: 'Fibre spec',
      version: '1.2',
      targetProductSchema: { '@schemaLocation': 'https://schemas.example.com/FibreProduct.schema.json', '@type': 'FibreProduct' },
      '@referredType': 'ProductSpecification',
    },
    resourceCandidate: { id: 'rc-ont', href: 'https://resource.example.com/resourceCandidate/rc-ont', name: 'ONT candidate', version: '1', '@referredType': 'ResourceCandidate' },
    serviceCandidate: { id: 'sc-internet', name: 'Internet candidate', version: '3' },
    serviceLevelAgreement: { id: 'sla-gold', href: 'https://sla.example.com/sla/sla-gold', name: 'Gold SLA', '@referredType': 'ServiceLevelAgreement' },
    validFor: period('2024-01-01T00:00:00Z', '2029-12-31T23:59:59Z'),
  };
}

/** A Category_Create with every attribute; `parent`, `sub` (categories) and `offering` must exist. */
export function fullCategoryBody(refs: { parent: string; sub: string; offering: string }): Doc {
  return {
    name: unique('Business internet'),
    description: 'Internet access for businesses',
    isRoot: false,
    lastUpdate: '2001-02-03T04:05:06Z',
    lifecycleStatus: 'Launched',
    parentId: refs.parent,
    version: '4',
    '@type': 'Category',
    productOffering: [{ id: refs.offering, name: 'Fibre 1G', '@referredType': 'ProductOffering' }],
    subCategory: [{ id: refs.sub, href: 'https://elsewhere.example.com/category/sub', name: 'Fibre', version: '1', '@referredType': 'Category' }],
    validFor: period('2024-01-01T00:00:00+00:00'),
  };
}

/** A Catalog_Create with every attribute; `categories` (2 ids) must exist. */
export function fullCatalogBody(refs: { categories: [string, string] }): Doc {
  return {
    name: unique('Business catalog'),
    catalogType: 'ProductCatalog',
    description: 'Everything we sell to businesses',
    lastUpdate: '2001-02-03T04:05:06Z',
    lifecycleStatus: 'Retired',
    version: '2024.1',
    '@type': 'ProductCatalog',
    '@baseType': 'Catalog',
    '@schemaLocation': 'https://schemas.example.com/ProductCatalog.schema.json',
    category: [
      { id: refs.categories[0], name: 'Business internet', version: '4', '@referredType': 'Category' },
      { id: refs.categories[1], href: 'https://elsewhere.example.com/category/voice', name: 'Voice' },
    ],
    relatedParty: [{ id: 'org-acme', name: 'Acme Networks', role: 'catalogOwner', '@referredType': 'Organization' }],
    validFor: period('2024-01-01T00:00:00Z', '2025-01-01T00:00:00+01:00'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Resource chains

export interface CatalogChain {
  specification: Doc;
  price: Doc;
  offering: Doc;
  category: Doc;
  catalog: Doc;
}

/** A specification and a price, an offering referring to both, a category holding the offering, a catalog holding the category. */
export async function createChain(t: TestApp, overrides: Partial<Record<Collection, Doc>> = {}): Promise<CatalogChain> {
  const specification = await createResource(t, 'productSpecification', minimalBody('productSpecification', overrides.productSpecification));
  const price = await createResource(
    t,
    'productOfferingPrice',
    minimalBody('productOfferingPrice', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: { unit: 'EUR', value: 10 }, ...overrides.productOfferingPrice }),
  );
  const offering = await createResource(
    t,
    'productOffering',
    minimalBody('productOffering', { productSpecification: { id: specification.id }, productOfferingPrice: [{ id: price.id }], ...overrides.productOffering }),
  );
  const category = await createResource(t, 'category', minimalBody('category', { productOffering: [{ id: offering.id }], ...overrides.category }));
  const catalog = await createResource(t, 'catalog', minimalBody('catalog', { category: [{ id: category.id }], ...overrides.catalog }));
  return { specification, price, offering, category, catalog };
}

/** Existing targets for the "every attribute" bodies, and the bodies themselves. */
export interface FullBodies {
  targets: Record<string, Doc>;
  bodies: Record<Collection, Doc>;
}

/** Creates minimal targets for every reference of the "every attribute" bodies and returns those bodies. */
export async function createFullBodies(t: TestApp): Promise<FullBodies> {
  const make = (c: Collection, extra: Doc = {}) => createResource(t, c, minimalBody(c, extra));
  const targets: Record<string, Doc> = {
    specA: await make('productSpecification'),
    specB: await make('productSpecification'),
    specC: await make('productSpecification'),
    discount: await make('productOfferingPrice', { priceType: 'discount', percentage: 10 }),
    install: await make('productOfferingPrice', { priceType: 'oneTime', price: { unit: 'EUR', value: 49 } }),
    router: await make('productOfferingPrice', { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 }),
    offeringA: await make('productOffering'),
    offeringB: await make('productOffering'),
    offeringC: await make('productOffering'),
    parentCategory: await make('category', { isRoot: true }),
    subCategory: await make('category'),
    otherCategory: await make('category'),
  };
  const bodies: Record<Collection, Doc> = {
    productSpecification: fullSpecificationBody({ bundled: [targets.specA.id, targets.specB.id], related: targets.specC.id }),
    productOfferingPrice: fullPriceBody({ alteration: targets.discount.id, bundled: [targets.install.id, targets.router.id] }),
    productOffering: fullOfferingBody({
      specification: targets.specA.id,
      price: targets.router.id,
      category: targets.subCategory.id,
      bundled: [targets.offeringA.id, targets.offeringB.id],
      related: targets.offeringC.id,
    }),
    category: fullCategoryBody({ parent: targets.parentCategory.id, sub: targets.subCategory.id, offering: targets.offeringA.id }),
    catalog: fullCatalogBody({ categories: [targets.parentCategory.id, targets.otherCategory.id] }),
  };
  return { targets, bodies };
}

/**
 * What the server should return for an "every attribute" body: date-times as UTC instants, the hrefs of
 * references filled in where the body gave none (per the resource's reference rules), the server's id, href
 * and lastUpdate. Nothing else differs.
 */
export function expectedFromFullBody(c: Collection, body: Doc, created: { id: string; lastUpdate: string }): Doc {
  const expected: Doc = withUtcDates(structuredClone(body));
  expected.id = created.id;
  expected.href = hrefOf(c, created.id);
  expected.lastUpdate = created.lastUpdate;
  const fill = (list: Doc[] | undefined, target: Collection) => list?.map((r) => (r.id === undefined ? r : withHref(r, target)));
  switch (c) {
    case 'productSpecification':
      expected.bundledProductSpecification = fill(expected.bundledProductSpecification, 'productSpecification');
      expected.productSpecificationRelationship = fill(expected.productSpecificationRelationship, 'productSpecification');
      break;
    case 'productOfferingPrice':
      expected.popRelationship = fill(expected.popRelationship, 'productOfferingPrice');
      expected.bundledPopRelationship = fill(expected.bundledPopRelationship, 'productOfferingPrice');
      break;
    case 'productOffering':
      expected.productSpecification = withHref(expected.productSpecification, 'productSpecification');
      expected.productOfferingPrice = fill(expected.productOfferingPrice, 'productOfferingPrice');
      expected.category = fill(expected.category, 'category');
      expected.bundledProductOffering = fill(expected.bundledProductOffering, 'productOffering');
      expected.productOfferingRelationship = fill(expected.productOfferingRelationship, 'productOffering');
      expected.prodSpecCharValueUse = expected.prodSpecCharValueUse.map((u: Doc) => ({ ...u, productSpecification: withHref(u.productSpecification, 'productSpecification') }));
      break;
    case 'category':
      expected.subCategory = fill(expected.subCategory, 'category');
      expected.productOffering = fill(expected.productOffering, 'productOffering');
      break;
    case 'catalog':
      expected.category = fill(expected.category, 'category');
      break;
  }
  return expected;
}

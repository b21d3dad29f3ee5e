import { TableMapping } from '../tmf/query/sql-filter';
import { Lifecycle } from '../tmf/resource/lifecycle';
import { defineResource, ResourceDefinition } from '../tmf/resource/resource-definition';
import { CatalogCreateDto } from './dto/catalog.dto';
import { CategoryCreateDto } from './dto/category.dto';
import { ExportJobCreateDto, ImportJobCreateDto } from './dto/job.dto';
import { ProductOfferingPriceCreateDto } from './dto/product-offering-price.dto';
import { ProductOfferingCreateDto } from './dto/product-offering.dto';
import { ProductSpecificationCreateDto } from './dto/product-specification.dto';

export const CATALOG_API = { api: 'TMF620', basePath: '/tmf-api/productCatalogManagement/v4' };

/**
 * TMF620 life cycle: forward only, steps may be skipped; `Rejected` ends a design that never launched.
 * New resources start `In study`.
 */
export const CATALOG_LIFECYCLE = Lifecycle.forwardOnly('lifecycleStatus', ['In study', 'In design', 'In test', 'Active', 'Launched', 'Retired', 'Obsolete'], {
  Rejected: ['In study', 'In design', 'In test', 'Active'],
});

/** The columns every catalog table has besides `id` and `doc`: what lists filter and sort on most. */
function catalogTable(table: string, extra: TableMapping['keyColumns'] = {}): TableMapping {
  return {
    table,
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      name: { column: 'name', type: 'text' },
      lifecycleStatus: { column: 'lifecycle_status', type: 'text' },
      lastUpdate: { column: 'last_update', type: 'timestamptz' },
      ...extra,
    },
  };
}

const catalogResource = (def: Pick<ResourceDefinition, 'name' | 'type' | 'schema' | 'table' | 'references'>): ResourceDefinition =>
  defineResource({ ...CATALOG_API, ...def, stateAttribute: 'lifecycleStatus', lifecycle: CATALOG_LIFECYCLE, lastUpdateAttribute: 'lastUpdate' });

export const PRODUCT_SPECIFICATION: ResourceDefinition = catalogResource({
  name: 'productSpecification',
  type: 'ProductSpecification',
  schema: ProductSpecificationCreateDto,
  table: catalogTable('product_specification'),
  references: [
    { path: 'bundledProductSpecification', target: () => PRODUCT_SPECIFICATION, idRequired: true },
    { path: 'productSpecificationRelationship', target: () => PRODUCT_SPECIFICATION, idRequired: true },
  ],
});

export const PRODUCT_OFFERING_PRICE: ResourceDefinition = catalogResource({
  name: 'productOfferingPrice',
  type: 'ProductOfferingPrice',
  schema: ProductOfferingPriceCreateDto,
  table: catalogTable('product_offering_price', { priceType: { column: 'price_type', type: 'text' } }),
  references: [
    { path: 'popRelationship', target: () => PRODUCT_OFFERING_PRICE, idRequired: true },
    { path: 'bundledPopRelationship', target: () => PRODUCT_OFFERING_PRICE, idRequired: true },
  ],
});

export const PRODUCT_OFFERING: ResourceDefinition = catalogResource({
  name: 'productOffering',
  type: 'ProductOffering',
  schema: ProductOfferingCreateDto,
  table: catalogTable('product_offering'),
  references: [
    { path: 'productSpecification', target: () => PRODUCT_SPECIFICATION },
    // a price with an id is a reference; one without is given inline
    { path: 'productOfferingPrice', target: () => PRODUCT_OFFERING_PRICE },
    { path: 'category', target: () => CATEGORY },
    { path: 'bundledProductOffering', target: () => PRODUCT_OFFERING, idRequired: true },
    { path: 'productOfferingRelationship', target: () => PRODUCT_OFFERING, idRequired: true },
    { path: 'prodSpecCharValueUse.productSpecification', target: () => PRODUCT_SPECIFICATION },
  ],
});

export const CATEGORY: ResourceDefinition = catalogResource({
  name: 'category',
  type: 'Category',
  schema: CategoryCreateDto,
  table: catalogTable('category'),
  references: [
    { path: 'parentId', target: () => CATEGORY, idOnly: true },
    { path: 'subCategory', target: () => CATEGORY },
    { path: 'productOffering', target: () => PRODUCT_OFFERING },
  ],
});

export const CATALOG: ResourceDefinition = catalogResource({
  name: 'catalog',
  type: 'Catalog',
  schema: CatalogCreateDto,
  table: catalogTable('catalog'),
  references: [{ path: 'category', target: () => CATEGORY }],
});

/** The catalog's resources in the order an import writes them: what is referred to before what refers to it. */
export const CATALOG_RESOURCES = [PRODUCT_SPECIFICATION, PRODUCT_OFFERING_PRICE, CATEGORY, PRODUCT_OFFERING, CATALOG];

const jobTable = (table: string): TableMapping => ({
  table,
  keyColumns: { id: { column: 'id', type: 'uuid' }, status: { column: 'status', type: 'text' } },
});

export const IMPORT_JOB: ResourceDefinition = defineResource({
  ...CATALOG_API,
  name: 'importJob',
  type: 'ImportJob',
  schema: ImportJobCreateDto,
  table: jobTable('import_job'),
  readOnly: ['status', 'creationDate', 'completionDate', 'errorLog'],
  events: false,
});

export const EXPORT_JOB: ResourceDefinition = defineResource({
  ...CATALOG_API,
  name: 'exportJob',
  type: 'ExportJob',
  schema: ExportJobCreateDto,
  table: jobTable('export_job'),
  readOnly: ['status', 'creationDate', 'completionDate', 'errorLog', 'url'],
  events: false,
});

import { Module } from '@nestjs/common';
import { hubController } from '../tmf/hub/hub-controller.factory';
import { resourceController, resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { CatalogResourceServices, catalogResourceProviders } from './catalog-resource.services';
import { ExportJobService, ImportJobService } from './catalog-job.service';
import { CATALOG, CATALOG_API, CATEGORY, EXPORT_JOB, IMPORT_JOB, PRODUCT_OFFERING, PRODUCT_OFFERING_PRICE, PRODUCT_SPECIFICATION } from './catalog.resources';
import { CatalogCreateDto, CatalogDto, CatalogUpdateDto } from './dto/catalog.dto';
import { CategoryCreateDto, CategoryDto, CategoryUpdateDto } from './dto/category.dto';
import { ExportJobCreateDto, ExportJobDto, ImportJobCreateDto, ImportJobDto } from './dto/job.dto';
import { ProductOfferingPriceCreateDto, ProductOfferingPriceDto, ProductOfferingPriceUpdateDto } from './dto/product-offering-price.dto';
import { ProductOfferingCreateDto, ProductOfferingDto, ProductOfferingUpdateDto } from './dto/product-offering.dto';
import { ProductSpecificationCreateDto, ProductSpecificationDto, ProductSpecificationUpdateDto } from './dto/product-specification.dto';
import { ExportFileController } from './export-file.controller';
import { OfferingAvailabilityRepository } from './offering-availability.repository';
import { CatalogTransferRepository } from './transfer/catalog-transfer.repository';
import { CatalogTransferService } from './transfer/catalog-transfer.service';

const TAG = 'TMF620 Product Catalog';

/** TMF620 Product Catalog Management v4: five resources on the toolkit, import and export jobs, the hub. */
@Module({
  controllers: [
    resourceController({ def: CATALOG, tag: TAG, dto: { create: CatalogCreateDto, update: CatalogUpdateDto, read: CatalogDto } }),
    resourceController({ def: CATEGORY, tag: TAG, dto: { create: CategoryCreateDto, update: CategoryUpdateDto, read: CategoryDto } }),
    resourceController({
      def: PRODUCT_SPECIFICATION,
      tag: TAG,
      dto: { create: ProductSpecificationCreateDto, update: ProductSpecificationUpdateDto, read: ProductSpecificationDto },
    }),
    resourceController({ def: PRODUCT_OFFERING, tag: TAG, dto: { create: ProductOfferingCreateDto, update: ProductOfferingUpdateDto, read: ProductOfferingDto } }),
    resourceController({
      def: PRODUCT_OFFERING_PRICE,
      tag: TAG,
      dto: { create: ProductOfferingPriceCreateDto, update: ProductOfferingPriceUpdateDto, read: ProductOfferingPriceDto },
    }),
    resourceController({ def: IMPORT_JOB, tag: TAG, dto: { create: ImportJobCreateDto, read: ImportJobDto } }),
    resourceController({ def: EXPORT_JOB, tag: TAG, dto: { create: ExportJobCreateDto, read: ExportJobDto } }),
    ExportFileController,
    hubController(CATALOG_API, TAG),
  ],
  providers: [
    CatalogResourceServices,
    ...catalogResourceProviders,
    ImportJobService,
    ExportJobService,
    { provide: resourceServiceToken(IMPORT_JOB), useExisting: ImportJobService },
    { provide: resourceServiceToken(EXPORT_JOB), useExisting: ExportJobService },
    CatalogTransferRepository,
    CatalogTransferService,
    OfferingAvailabilityRepository,
  ],
  exports: [CatalogResourceServices, CatalogTransferService, OfferingAvailabilityRepository],
})
export class CatalogModule {}

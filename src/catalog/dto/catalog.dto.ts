import { ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, RelatedPartyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { CategoryRefDto } from './catalog-refs.dto';

/**
 * TMF620 Catalog_Create: a collection of Product Offerings, intended for a specific DistributionChannel, enhanced with additional
 * information such as SLA parameters, invoicing and shipping details.
 */
@ApiSchema({ name: 'Catalog_Create' })
export class CatalogCreateDto extends ExtensibleDto {
  /** Indicates if the catalog is a product, service or resource catalog. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  catalogType?: string;

  /** Description of this catalog. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Date and time of the last update; set by the server, a value sent by the client is replaced. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** Used to indicate the current lifecycle status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** Name of the catalog. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** Catalog version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** List of root categories contained in this catalog. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CategoryRefDto)
  category?: CategoryRefDto[];

  /** List of parties involved in this catalog. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParty?: RelatedPartyDto[];

  /** The period for which the catalog is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** TMF620 Catalog_Update: any attribute but `id`, `href` and `lastUpdate`; merge patch or JSON Patch. */
@ApiSchema({ name: 'Catalog_Update' })
export class CatalogUpdateDto extends PartialType(OmitType(CatalogCreateDto, ['lastUpdate'] as const)) {}

/** TMF620 Catalog as returned by the API. */
@ApiSchema({ name: 'Catalog' })
export class CatalogDto extends CatalogCreateDto {
  /** Unique identifier of the Catalog. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Unique reference of the catalog. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

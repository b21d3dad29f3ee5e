import { ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AttachmentRefOrValueDto, ExtensibleDto, RelatedPartyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { ResourceSpecificationRefDto, ServiceSpecificationRefDto, TargetProductSchemaDto } from './catalog-refs.dto';
import {
  BundledProductSpecificationDto,
  ProductSpecificationCharacteristicDto,
  ProductSpecificationRelationshipDto,
} from './product-specification-parts.dto';

/** TMF620 ProductSpecification_Create: a detailed description of a tangible or intangible object made available externally as a ProductOffering. */
@ApiSchema({ name: 'ProductSpecification_Create' })
export class ProductSpecificationCreateDto extends ExtensibleDto {
  /** The manufacturer or trademark of the specification. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  brand?: string;

  /** A narrative that explains in detail what the product specification is. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Whether the productSpecification represents a single productSpecification (false), or a bundle of productSpecification (true). */
  @IsOptional()
  @IsBoolean()
  isBundle?: boolean;

  /** Date and time of the last update; set by the server, a value sent by the client is replaced. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** Used to indicate the current lifecycle status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** Name of the product specification. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** An identification number assigned to uniquely identity the specification. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  productNumber?: string;

  /** Product specification version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** Complements the description of an element (for instance a product) through video, pictures... */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefOrValueDto)
  attachment?: AttachmentRefOrValueDto[];

  /** The ProductSpecifications grouped in this bundle. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BundledProductSpecificationDto)
  bundledProductSpecification?: BundledProductSpecificationDto[];

  /** The characteristic qualities or distinctive features of the ProductSpecification (color, sensitivity range, derived usage time…). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductSpecificationCharacteristicDto)
  productSpecCharacteristic?: ProductSpecificationCharacteristicDto[];

  /** A migration, substitution, dependency or exclusivity relationship between/among product specifications. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductSpecificationRelationshipDto)
  productSpecificationRelationship?: ProductSpecificationRelationshipDto[];

  /** A related party defines party or party role linked to a specific entity. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParty?: RelatedPartyDto[];

  /** The ResourceSpecification is required to realize a ProductSpecification. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ResourceSpecificationRefDto)
  resourceSpecification?: ResourceSpecificationRefDto[];

  /** ServiceSpecification(s) required to realize a ProductSpecification. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ServiceSpecificationRefDto)
  serviceSpecification?: ServiceSpecificationRefDto[];

  /** A target product schema reference: the schema and type of target product which is described by the product specification. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TargetProductSchemaDto)
  targetProductSchema?: TargetProductSchemaDto;

  /** The period for which the product specification is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** TMF620 ProductSpecification_Update: any attribute but `id`, `href` and `lastUpdate`; merge patch or JSON Patch. */
@ApiSchema({ name: 'ProductSpecification_Update' })
export class ProductSpecificationUpdateDto extends PartialType(OmitType(ProductSpecificationCreateDto, ['lastUpdate'] as const)) {}

/** TMF620 ProductSpecification as returned by the API. */
@ApiSchema({ name: 'ProductSpecification' })
export class ProductSpecificationDto extends ProductSpecificationCreateDto {
  /** Unique identifier of the product specification. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the product specification. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

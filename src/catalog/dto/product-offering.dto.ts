import { ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AttachmentRefOrValueDto, AgreementRefDto, ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import {
  CategoryRefDto,
  ChannelRefDto,
  MarketSegmentRefDto,
  PlaceRefDto,
  ProductOfferingTermDto,
  ProductSpecificationRefDto,
  ResourceCandidateRefDto,
  ServiceCandidateRefDto,
  SLARefDto,
} from './catalog-refs.dto';
import { BundledProductOfferingDto, ProductOfferingRelationshipDto } from './product-offering-parts.dto';
import { ProductOfferingPriceRefOrValueDto } from './product-offering-price-parts.dto';
import { ProductSpecificationCharacteristicValueUseDto } from './product-specification-parts.dto';

/** TMF620 ProductOffering_Create: represents entities that are orderable from the provider of the catalog, including pricing information. */
@ApiSchema({ name: 'ProductOffering_Create' })
export class ProductOfferingCreateDto extends ExtensibleDto {
  /** Description of the productOffering. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Whether the productOffering represents a single productOffering (false), or a bundle of productOfferings (true). */
  @IsOptional()
  @IsBoolean()
  isBundle?: boolean;

  /** Whether this product offer can be sold stand-alone; if false, the offer can only be sold within a bundle. */
  @IsOptional()
  @IsBoolean()
  isSellable?: boolean;

  /** Date and time of the last update; set by the server, a value sent by the client is replaced. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** Used to indicate the current lifecycle status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** Name of the productOffering. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** A string providing a complementary information on the value of the lifecycle status attribute. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  statusReason?: string;

  /** ProductOffering version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** Agreements (contracts or arrangements, such as a service level or customer price agreement) the offering is subject to. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgreementRefDto)
  agreement?: AgreementRefDto[];

  /** Complements the description of an element (for instance a product) through video, pictures... */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefOrValueDto)
  attachment?: AttachmentRefOrValueDto[];

  /** The ProductOfferings grouped in this bundle. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BundledProductOfferingDto)
  bundledProductOffering?: BundledProductOfferingDto[];

  /** The categories grouping this product offering. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CategoryRefDto)
  category?: CategoryRefDto[];

  /** The channel defines the channel for selling product offerings. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ChannelRefDto)
  channel?: ChannelRefDto[];

  /** The market segments targeted by the product offering (groupings of Parties, GeographicAreas, SalesChannels, and so forth). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MarketSegmentRefDto)
  marketSegment?: MarketSegmentRefDto[];

  /** Place defines the places where the products are sold or delivered. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlaceRefDto)
  place?: PlaceRefDto[];

  /** Uses of ProductSpecificationCharacteristicValues restricting the values (a strict subset of those of the product specification) for this offering. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductSpecificationCharacteristicValueUseDto)
  prodSpecCharValueUse?: ProductSpecificationCharacteristicValueUseDto[];

  /** The prices (by value or by reference) asked for or allowed when the ProductOffering is bought, rented, or leased. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingPriceRefOrValueDto)
  productOfferingPrice?: ProductOfferingPriceRefOrValueDto[];

  /** A relationship between this product offering and other product offerings. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingRelationshipDto)
  productOfferingRelationship?: ProductOfferingRelationshipDto[];

  /** Conditions under which the ProductOffering is made available to Customers, for instance commitment periods. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingTermDto)
  productOfferingTerm?: ProductOfferingTermDto[];

  /** The ProductSpecification that the offering makes available. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductSpecificationRefDto)
  productSpecification?: ProductSpecificationRefDto;

  /** A resource candidate is an entity that makes a ResourceSpecification available to a catalog. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ResourceCandidateRefDto)
  resourceCandidate?: ResourceCandidateRefDto;

  /** ServiceCandidate is an entity that makes a ServiceSpecification available to a catalog. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ServiceCandidateRefDto)
  serviceCandidate?: ServiceCandidateRefDto;

  /** The service level agreement (SLA) of the offering. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SLARefDto)
  serviceLevelAgreement?: SLARefDto;

  /** The period for which the productOffering is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** TMF620 ProductOffering_Update: any attribute but `id`, `href` and `lastUpdate`; merge patch or JSON Patch. */
@ApiSchema({ name: 'ProductOffering_Update' })
export class ProductOfferingUpdateDto extends PartialType(OmitType(ProductOfferingCreateDto, ['lastUpdate'] as const)) {}

/** TMF620 ProductOffering as returned by the API. */
@ApiSchema({ name: 'ProductOffering' })
export class ProductOfferingDto extends ProductOfferingCreateDto {
  /** Unique identifier of the productOffering. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the ProductOffering. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

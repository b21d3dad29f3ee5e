import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EntityRefDto, ExtensibleDto, MoneyDto, RefLinkDto, TimePeriodDto } from '../../tmf/dto/common.dto';

/** Base of the TMF620 relationship and bundle items, whose `id` the spec leaves optional (the service checks references). */
export class OptionalIdRefLinkDto extends RefLinkDto {
  /** Unique identifier of the related entity. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;
}

/** The category for grouping recommendations. */
@ApiSchema({ name: 'CategoryRef' })
export class CategoryRefDto extends EntityRefDto {
  /** Category version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}

/** The channel to which the resource refers, e.g. the channel for selling product offerings. */
@ApiSchema({ name: 'ChannelRef' })
export class ChannelRefDto extends EntityRefDto {}

/** Constraint reference. The Constraint resource represents a policy/rule applied to an entity or entity spec. */
@ApiSchema({ name: 'ConstraintRef' })
export class ConstraintRefDto extends EntityRefDto {
  /** Constraint version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}

/** Reference to a market segment targeted by product offerings: a grouping of Parties, GeographicAreas, SalesChannels, and so forth. */
@ApiSchema({ name: 'MarketSegmentRef' })
export class MarketSegmentRefDto extends EntityRefDto {}

/** Place reference: the places where the products are sold or delivered. */
@ApiSchema({ name: 'PlaceRef' })
export class PlaceRefDto extends EntityRefDto {}

/** ProductOffering reference: an entity orderable from the provider of the catalog, including pricing information. */
@ApiSchema({ name: 'ProductOfferingRef' })
export class ProductOfferingRefDto extends EntityRefDto {}

/** The reference object to the schema and type of target product which is described by product specification. */
@ApiSchema({ name: 'TargetProductSchema' })
export class TargetProductSchemaDto {
  /** This field provides a link to the schema describing the target product. */
  @IsString()
  @MaxLength(2000)
  '@schemaLocation'!: string;

  /** Class type of the target product. */
  @IsString()
  @MaxLength(200)
  '@type'!: string;
}

/** Product specification reference: a detailed description of a tangible or intangible object made available externally as a ProductOffering. */
@ApiSchema({ name: 'ProductSpecificationRef' })
export class ProductSpecificationRefDto extends EntityRefDto {
  /** Version of the product specification. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** A target product schema reference: the schema and type of target product described by the product specification. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TargetProductSchemaDto)
  targetProductSchema?: TargetProductSchemaDto;
}

/** ResourceCandidate reference: an entity that makes a resource specification available to a catalog. */
@ApiSchema({ name: 'ResourceCandidateRef' })
export class ResourceCandidateRefDto extends EntityRefDto {
  /** The version of resource candidate. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}

/** ResourceSpecification reference: a generic means for implementing a particular type of Resource, required to realize a ProductSpecification. */
@ApiSchema({ name: 'ResourceSpecificationRef' })
export class ResourceSpecificationRefDto extends EntityRefDto {
  /** Resource Specification version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}

/** ServiceCandidate reference. ServiceCandidate is an entity that makes a ServiceSpecification available to a catalog. */
@ApiSchema({ name: 'ServiceCandidateRef' })
export class ServiceCandidateRefDto extends EntityRefDto {
  /** Version of the service candidate. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}

/** Service specification reference: ServiceSpecification(s) required to realize a ProductSpecification. */
@ApiSchema({ name: 'ServiceSpecificationRef' })
export class ServiceSpecificationRefDto extends EntityRefDto {
  /** Service specification version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;
}

/** ServiceLevelAgreement reference: a formal negotiated agreement between two parties about the Quality of Service to achieve and maintain. */
@ApiSchema({ name: 'SLARef' })
export class SLARefDto extends EntityRefDto {}

/** A time interval in a given unit of time. */
@ApiSchema({ name: 'Duration' })
export class DurationDto {
  /** Time interval (number of seconds, minutes, hours, etc.). */
  @IsOptional()
  @IsInt()
  amount?: number;

  /** Unit of time (seconds, minutes, hours, etc.). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  units?: string;
}

/** A tax item, created for each tax rate and tax type. */
@ApiSchema({ name: 'TaxItem' })
export class TaxItemDto extends ExtensibleDto {
  /** Unique identifier. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Hyperlink reference. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Tax category. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  taxCategory?: string;

  /** Applied rate of the tax. */
  @IsOptional()
  @IsNumber()
  taxRate?: number;

  /** Amount of tax expressed in the given currency. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxAmount?: MoneyDto;
}

/** A condition under which a ProductOffering is made available to Customers, for instance a commitment period. */
@ApiSchema({ name: 'ProductOfferingTerm' })
export class ProductOfferingTermDto extends ExtensibleDto {
  /** Description of the productOfferingTerm. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name of the productOfferingTerm. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Duration of the productOfferingTerm. */
  @IsOptional()
  @ValidateNested()
  @Type(() => DurationDto)
  duration?: DurationDto;

  /** The period for which the productOfferingTerm is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

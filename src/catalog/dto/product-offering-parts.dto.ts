import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { OptionalIdRefLinkDto } from './catalog-refs.dto';

/** The lower and upper limits (0 to unbounded) for a ProductOffering that can be procured as part of the related BundledProductOffering. */
@ApiSchema({ name: 'BundledProductOfferingOption' })
export class BundledProductOfferingOptionDto extends ExtensibleDto {
  /** Default number of product offerings that should be procured as part of the related BundledProductOffering. */
  @IsOptional()
  @IsInt()
  numberRelOfferDefault?: number;

  /** Lower limit for a product offering that can be procured as part of the related BundledProductOffering. */
  @IsOptional()
  @IsInt()
  numberRelOfferLowerLimit?: number;

  /** Upper limit for a product offering that can be procured as part of the related BundledProductOffering. */
  @IsOptional()
  @IsInt()
  numberRelOfferUpperLimit?: number;
}

/** A ProductOffering that belongs to a grouping of ProductOfferings made available to the market. */
@ApiSchema({ name: 'BundledProductOffering' })
export class BundledProductOfferingDto extends OptionalIdRefLinkDto {
  /** Used to indicate the current lifecycle status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** The lower and upper limits for the ProductOffering that can be procured as part of this bundle. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BundledProductOfferingOptionDto)
  bundledProductOfferingOption?: BundledProductOfferingOptionDto;
}

/** A relationship between two product Offerings. */
@ApiSchema({ name: 'ProductOfferingRelationship' })
export class ProductOfferingRelationshipDto extends OptionalIdRefLinkDto {
  /** Type of relationship between product offerings such as requires, exchangableTo, optionalFor. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  relationshipType?: string;

  /** The association role for the source product offering. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  role?: string;

  /** The period for which the Relationship is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

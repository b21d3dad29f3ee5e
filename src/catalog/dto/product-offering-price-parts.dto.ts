import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsInt, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, MoneyDto, QuantityDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { ConstraintRefDto, DurationDto, OptionalIdRefLinkDto } from './catalog-refs.dto';

/** Provides all amounts (tax included, duty free, tax rate), used currency and percentage to apply for Price Alteration. */
@ApiSchema({ name: 'ProductPriceValue' })
export class ProductPriceValueDto extends ExtensibleDto {
  /** Percentage to apply for ProdOfferPriceAlteration. */
  @IsOptional()
  @IsNumber()
  percentage?: number;

  /** Tax category. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  taxCategory?: string;

  /** Tax rate. */
  @IsOptional()
  @IsNumber()
  taxRate?: number;

  /** All taxes excluded amount (expressed in the given currency). */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  dutyFreeAmount?: MoneyDto;

  /** All taxes included amount (expressed in the given currency). */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxIncludedAmount?: MoneyDto;
}

/** Is an amount, usually of money, that modifies the price charged for an order item. */
@ApiSchema({ name: 'POPAlteration' })
export class POPAlterationDto extends ExtensibleDto {
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

  /** A narrative that explains in detail the semantics of this order item price alteration. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name given to this price alteration. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** A category that describes the price such as recurring, one time and usage. */
  @IsString()
  @MaxLength(200)
  priceType!: string;

  /** Priority level for applying this alteration among all the defined alterations on the order item price. */
  @IsOptional()
  @IsInt()
  priority?: number;

  /** Could be month, week... */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recurringChargePeriod?: string;

  /** The period for which the productOfferingPriceAlteration is applicable. */
  @IsOptional()
  @ValidateNested()
  @Type(() => DurationDto)
  applicationDuration?: DurationDto;

  /** The amounts of the alteration. */
  @IsDefined()
  @ValidateNested()
  @Type(() => ProductPriceValueDto)
  price!: ProductPriceValueDto;

  /** A number and unit representing denominator of an alteration rate (for $1 per 20 GB: amount 20, units GB). */
  @IsOptional()
  @ValidateNested()
  @Type(() => QuantityDto)
  unitOfMeasure?: QuantityDto;

  /** The period for which this productOfferingPriceAlteration is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** An instantiation of an interface specification to an external rating function; some parameters may be already set, others gathered when rating. */
@ApiSchema({ name: 'PricingLogicAlgorithm' })
export class PricingLogicAlgorithmDto extends ExtensibleDto {
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

  /** Description of the PricingLogicAlgorithm. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name given to the PricingLogicAlgorithm. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Id of corresponding PricingLogicAlgorithm specification. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  plaSpecId?: string;

  /** The period for which the PricingLogicAlgorithm is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** A non-composite relationship between product offering prices, e.g. a discount alteration for another price. */
@ApiSchema({ name: 'ProductOfferingPriceRelationship' })
export class ProductOfferingPriceRelationshipDto extends OptionalIdRefLinkDto {
  /** Type of the relationship, for example override, discount, etc. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  relationshipType?: string;

  /** The association role for the source product offering price. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  role?: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/** A bundling pricing relationship, allowing a price to be composed of multiple other prices (e.g. a recurring charge and a onetime charge). */
@ApiSchema({ name: 'BundledProductOfferingPriceRelationship' })
export class BundledProductOfferingPriceRelationshipDto extends OptionalIdRefLinkDto {}

/**
 * A new product offering price created by value, or a reference to an existing product offering price. The polymorphic attributes
 * `@type`, `@schemaLocation` and `@referredType` are related to the product offering price and not to this RefOrValue structure.
 */
@ApiSchema({ name: 'ProductOfferingPriceRefOrValue' })
export class ProductOfferingPriceRefOrValueDto extends OptionalIdRefLinkDto {
  /** Description of the productOfferingPrice. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The last update time of this ProductOfferingPrice. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** The lifecycle status of this ProductOfferingPrice. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** A category that describes the price charge, such as recurring, penalty, One time fee and so forth. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  priceType?: string;

  /** The period type to repeat the application of the price. Could be month, week... */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recurringChargePeriod?: string;

  /** The period of the recurring charge: 1, 2, ... It sets to zero if it is not applicable. */
  @IsOptional()
  @IsInt()
  recurringChargePeriodLength?: number;

  /** ProductOffering version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** The Constraint resource represents a policy/rule applied to ProductOfferingPrice. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConstraintRefDto)
  constraint?: ConstraintRefDto[];

  /** The amounts of the price. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductPriceValueDto)
  price?: ProductPriceValueDto;

  /** Alterations (such as discounts) of the price. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => POPAlterationDto)
  priceAlteration?: POPAlterationDto[];

  /** A number and unit representing denominator of a rate (for $2 per 5 GB: amount 5, units GB). */
  @IsOptional()
  @ValidateNested()
  @Type(() => QuantityDto)
  unitOfMeasure?: QuantityDto;

  /** The period for which the productOfferingPrice is valid. */
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

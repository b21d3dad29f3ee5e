import { ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ExtensibleDto, MoneyDto, QuantityDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { ConstraintRefDto, PlaceRefDto, ProductOfferingTermDto, TaxItemDto } from './catalog-refs.dto';
import {
  BundledProductOfferingPriceRelationshipDto,
  PricingLogicAlgorithmDto,
  ProductOfferingPriceRelationshipDto,
} from './product-offering-price-parts.dto';
import { ProductSpecificationCharacteristicValueUseDto } from './product-specification-parts.dto';

/** The units a recurring price repeats in; `recurringChargePeriodLength` of them make one period. */
export const RECURRING_CHARGE_PERIOD_TYPES = ['day', 'week', 'month', 'year'];

/**
 * TMF620 ProductOfferingPrice_Create: a price based on both the basic cost to develop and produce products and the enterprise's policy
 * on revenue targets. It may be revised through discounting (a price that reflects an alteration) and influenced by the
 * productOfferingTerm, e.g. cheaper with a 24 month commitment than with a 12 month commitment.
 */
@ApiSchema({ name: 'ProductOfferingPrice_Create' })
export class ProductOfferingPriceCreateDto extends ExtensibleDto {
  /** Description of the productOfferingPrice. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** A flag indicating if this ProductOfferingPrice is composite (bundle) or not. */
  @IsOptional()
  @IsBoolean()
  isBundle?: boolean;

  /** The last update time of this ProductOfferingPrice; set by the server, a value sent by the client is replaced. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** The lifecycle status of this ProductOfferingPrice. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** Name of the productOfferingPrice. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** Percentage to apply if this Product Offering Price is an Alteration (such as a Discount), 0 to 100. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  percentage?: number;

  /** A category that describes the price, such as recurring, discount, allowance, penalty, and so forth. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  priceType?: string;

  /** The period of the recurring charge: 1, 2, ... It sets to zero if it is not applicable. */
  @IsOptional()
  @IsInt()
  @Min(0)
  recurringChargePeriodLength?: number;

  /** The unit of the recurring charge period: `day`, `week`, `month` or `year`. */
  @IsOptional()
  @IsIn(RECURRING_CHARGE_PERIOD_TYPES)
  recurringChargePeriodType?: string;

  /** ProductOfferingPrice version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** Bundle relationships from this bundle product offering price (parent) to simple product offering prices (children). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BundledProductOfferingPriceRelationshipDto)
  bundledPopRelationship?: BundledProductOfferingPriceRelationshipDto[];

  /** The Constraint resource represents a policy/rule applied to ProductOfferingPrice. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConstraintRefDto)
  constraint?: ConstraintRefDto[];

  /** Place defines the places where the products are sold or delivered. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlaceRefDto)
  place?: PlaceRefDto[];

  /** Product Offering Prices related to this Product Offering Price, for example a price alteration such as allowance or discount. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingPriceRelationshipDto)
  popRelationship?: ProductOfferingPriceRelationshipDto[];

  /** The amount of money that characterizes the price. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  price?: MoneyDto;

  /** Instantiations of an interface specification to an external rating function. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PricingLogicAlgorithmDto)
  pricingLogicAlgorithm?: PricingLogicAlgorithmDto[];

  /** Uses of ProductSpecificationCharacteristicValues restricting the values (a strict subset of those of the product specification) for this price. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductSpecificationCharacteristicValueUseDto)
  prodSpecCharValueUse?: ProductSpecificationCharacteristicValueUseDto[];

  /** A list of conditions under which a ProductOfferingPrice is made available to Customers, for instance commitment periods. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingTermDto)
  productOfferingTerm?: ProductOfferingTermDto[];

  /** An amount of money levied on the price of a Product by a legislative body. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TaxItemDto)
  tax?: TaxItemDto[];

  /** A number and unit representing how many (for instance 1 dozen) of an ProductOffering is available at the offered price. */
  @IsOptional()
  @ValidateNested()
  @Type(() => QuantityDto)
  unitOfMeasure?: QuantityDto;

  /** The period for which the productOfferingPrice is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** TMF620 ProductOfferingPrice_Update: any attribute but `id`, `href` and `lastUpdate`; merge patch or JSON Patch. */
@ApiSchema({ name: 'ProductOfferingPrice_Update' })
export class ProductOfferingPriceUpdateDto extends PartialType(OmitType(ProductOfferingPriceCreateDto, ['lastUpdate'] as const)) {}

/** TMF620 ProductOfferingPrice as returned by the API. */
@ApiSchema({ name: 'ProductOfferingPrice' })
export class ProductOfferingPriceDto extends ProductOfferingPriceCreateDto {
  /** Unique id of this resource. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the ProductOfferingPrice. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

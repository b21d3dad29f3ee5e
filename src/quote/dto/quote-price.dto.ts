import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsInt, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, MoneyDto } from '../../tmf/dto/common.dto';
import { BillingAccountRefDto, ProductOfferingPriceRefDto } from './quote-refs.dto';

/** Provides all amounts (tax included, duty free, tax rate), used currency and percentage to apply for Price Alteration. */
@ApiSchema({ name: 'Price' })
export class PriceDto extends ExtensibleDto {
  /** Percentage to apply for ProdOfferPriceAlteration. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  percentage?: number;

  /** Tax rate. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
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
@ApiSchema({ name: 'PriceAlteration' })
export class PriceAlterationDto extends ExtensibleDto {
  /** Duration during which the alteration applies on the order item price (for instance 2 months free of charge for the recurring charge). */
  @IsOptional()
  @IsInt()
  applicationDuration?: number;

  /** A narrative that explains in detail the semantics of this order item price alteration. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name of the order item price alteration. */
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

  /** Could be minutes, GB... */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  unitOfMeasure?: string;

  /** The amounts of the alteration. */
  @IsDefined()
  @ValidateNested()
  @Type(() => PriceDto)
  price!: PriceDto;

  /** The product offering price the alteration comes from. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductOfferingPriceRefDto)
  productOfferingPrice?: ProductOfferingPriceRefDto;
}

/** Description of price and discount awarded. */
@ApiSchema({ name: 'QuotePrice' })
export class QuotePriceDto extends ExtensibleDto {
  /** Description of the quote/quote item price. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name of the quote/quote item price. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Indicates if the price is for recurrent or non-recurrent charge. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  priceType?: string;

  /** Used for recurring charge to indicate period (month, week, etc.). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recurringChargePeriod?: string;

  /** Unit of Measure if price depending on it (Gb, SMS volume, etc.). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  unitOfMeasure?: string;

  /** The amounts of the price. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PriceDto)
  price?: PriceDto;

  /** Alterations (such as discounts) of the price. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PriceAlterationDto)
  priceAlteration?: PriceAlterationDto[];

  /** An amount, usually of money, that is asked for or allowed when a ProductOffering is bought, rented, or leased. The price is valid for a defined period of time. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductOfferingPriceRefDto)
  productOfferingPrice?: ProductOfferingPriceRefDto;
}

/**
 * An amount, usually of money, that represents the actual price paid by a Customer for a purchase, a rent or a lease of a Product.
 * The price is valid for a defined period of time.
 */
@ApiSchema({ name: 'ProductPrice' })
export class ProductPriceDto extends ExtensibleDto {
  /** A narrative that explains in detail the semantics of this product price. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** A short descriptive name such as "Subscription price". */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** A category that describes the price, such as recurring, discount, allowance, penalty, and so forth. */
  @IsString()
  @MaxLength(200)
  priceType!: string;

  /** Could be month, week... */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recurringChargePeriod?: string;

  /** Could be minutes, GB... */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  unitOfMeasure?: string;

  /** The billing account the price is charged to. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillingAccountRefDto)
  billingAccount?: BillingAccountRefDto;

  /** The amounts of the price. */
  @IsDefined()
  @ValidateNested()
  @Type(() => PriceDto)
  price!: PriceDto;

  /** The product offering price this price comes from. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductOfferingPriceRefDto)
  productOfferingPrice?: ProductOfferingPriceRefDto;

  /** Alterations (such as discounts) of the product price. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PriceAlterationDto)
  productPriceAlteration?: PriceAlterationDto[];
}

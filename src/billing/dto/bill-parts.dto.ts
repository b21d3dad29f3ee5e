import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CharacteristicDto, EntityRefDto, ExtensibleDto, MoneyDto, RefLinkDto, TimePeriodDto } from '../../tmf/dto/common.dto';

/*
 * The parts of the TMF678 Customer Bill Management v4 resources. Schema names are the spec's; the TypeScript names of
 * the parts whose schema name other APIs also use are prefixed with `Bill` (each API has its own OpenAPI document).
 * TMF678's BillingAccountRef and PaymentMethodRef have exactly the shape of TMF648's and TMF629's: those classes are
 * reused (and re-exported here), so each name stands for one schema wherever it is used.
 */
export { BillingAccountRefDto } from '../../quote/dto/quote-refs.dto';
export { PaymentMethodRefDto } from '../../customer/dto/customer-parts.dto';

/** The applied billing tax rate represents taxes applied billing rate it refers to. It is calculated during the billing process. */
@ApiSchema({ name: 'AppliedBillingTaxRate' })
export class AppliedBillingTaxRateDto extends ExtensibleDto {
  /** A categorization of the tax rate. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  taxCategory?: string;

  /** Applied rate. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  taxRate?: number;

  /** Tax amount expressed in the given currency. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxAmount?: MoneyDto;
}

/** A tax item is created for each tax rate and tax type used in the bill. TMF678's own: unlike TMF620's it has no `id` nor `href`. */
@ApiSchema({ name: 'TaxItem' })
export class BillTaxItemDto extends ExtensibleDto {
  /** Tax category. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  taxCategory?: string;

  /** Applied rate of the tax. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  taxRate?: number;

  /** Amount of tax expressed in the given currency. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxAmount?: MoneyDto;
}

/**
 * If an immediate payment has been done at the product order submission, the payment information are captured and
 * stored (as a reference) in the order. `name` is a name for the payment.
 */
@ApiSchema({ name: 'PaymentRef' })
export class PaymentRefDto extends EntityRefDto {}

/**
 * The applied payment is the result of lettering process. It enables to assign automatically or manually part of
 * incoming payment amount to a bill.
 */
@ApiSchema({ name: 'AppliedPayment' })
export class AppliedPaymentDto extends ExtensibleDto {
  /** The part of the payment amount assigned to the bill. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  appliedAmount?: MoneyDto;

  /** The payment part of which is assigned to the bill. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentRefDto)
  payment?: PaymentRefDto;
}

/** Balances linked to the account. */
@ApiSchema({ name: 'AccountBalance' })
export class AccountBalanceDto extends ExtensibleDto {
  /** Type of the balance : deposit balance, disputed balance, loyalty balance, receivable balance... */
  @IsString()
  @MaxLength(200)
  balanceType!: string;

  /** Balance amount. */
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  /** Balance validity period. */
  @IsDefined()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor!: TimePeriodDto;
}

/**
 * AccountReceivable reference. An account of money owed by a party to another entity in exchange for goods or services
 * that have been delivered or used. An account receivable aggregates the amounts of one or more party accounts (billing
 * or settlement) owned by a given party.
 */
@ApiSchema({ name: 'FinancialAccountRef' })
export class FinancialAccountRefDto extends EntityRefDto {
  /** Balances linked to the account. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AccountBalanceDto)
  accountBalance?: AccountBalanceDto[];
}

/** Bill reference. */
@ApiSchema({ name: 'BillRef' })
export class BillRefDto extends ExtensibleDto {
  /** Unique identifier of the bill. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference (URL) of the bill. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/** Product reference: the product an applied billing rate charges for. */
@ApiSchema({ name: 'ProductRef' })
export class BillProductRefDto extends EntityRefDto {}

/**
 * RelatedParty reference. A related party defines party or party role linked to a specific entity. TMF678's own: unlike
 * the common RelatedParty, `@referredType` is optional.
 */
@ApiSchema({ name: 'RelatedPartyRef' })
export class BillRelatedPartyRefDto extends RefLinkDto {
  /** Unique identifier of a related party. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Role of the related party. */
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

/**
 * An applied billing rate has dynamic characteristics according to its type (characteristics are based on the service
 * type, line of business or on other parameters): a name, a value (any JSON value) and the value's data type.
 */
@ApiSchema({ name: 'AppliedBillingRateCharacteristic' })
export class AppliedBillingRateCharacteristicDto extends CharacteristicDto {}

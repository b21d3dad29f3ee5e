import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, MoneyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import {
  AppliedBillingRateCharacteristicDto,
  AppliedBillingTaxRateDto,
  BillingAccountRefDto,
  BillProductRefDto,
  BillRefDto,
} from './bill-parts.dto';

/**
 * TMF678 AppliedCustomerBillingRate: a customer bill displays applied billing rates created before or during the billing
 * process. Every attribute is optional here: the server creates the rates, and the toolkit validates stored rates against
 * this class.
 */
@ApiSchema({ name: 'AppliedCustomerBillingRate' })
export class AppliedCustomerBillingRateDto extends ExtensibleDto {
  /** Unique identifier of the customer applied billing rate. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Reference of the customer applied billing rate. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Creation date of the applied billing rate. */
  @IsOptional()
  @IsDateTime()
  date?: string;

  /** Additional data to be displayed on the bill for this customer applied billing rate. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** If isBilled = true then bill should be provided, if false then billingAccount should be provided. */
  @IsOptional()
  @IsBoolean()
  isBilled?: boolean;

  /** Name of the customer applied billing rate. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /**
   * Type of the applied billing rate: appliedBillingCharge (any kind of charge except taxation charges: recurringCharge,
   * oneTimeCharge, usageCharge), appliedBillingCredit (any kind of credit: rebate or productAlteration) or
   * appliedPenaltyCharge (penalty charges such as late fees, payment rejection fees, ...).
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type?: string;

  /** The taxes applied to this billing rate, calculated during the billing process. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppliedBillingTaxRateDto)
  appliedTax?: AppliedBillingTaxRateDto[];

  /** The bill the rate is on (when billed). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRefDto)
  bill?: BillRefDto;

  /** The billing account the rate is charged to (when not billed). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillingAccountRefDto)
  billingAccount?: BillingAccountRefDto;

  /** Dynamic characteristics of the rate, according to its type. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppliedBillingRateCharacteristicDto)
  characteristic?: AppliedBillingRateCharacteristicDto[];

  /**
   * periodCoverage for RecurringCharge (RC) indicating the RC coverage period dates for different purposes, such as RC
   * proration, display on bill, GL reporting, etc. periodCoverage for OC start and end date will be the same.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  periodCoverage?: TimePeriodDto;

  /**
   * Usually this information should be provided by the PRODUCT, which implies that there is a valid reference to
   * product. In this case, this property should be empty. For all other situations, a text or structured info could be
   * provided using this property. Regular modelling would suggest to use the reforvalue pattern for this case. It is not
   * chosen here because it would generate declarational dependencies which would be hard to maintain.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillProductRefDto)
  product?: BillProductRefDto;

  /** Amount of the rate, taxes excluded. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxExcludedAmount?: MoneyDto;

  /** Amount of the rate, taxes included. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxIncludedAmount?: MoneyDto;
}

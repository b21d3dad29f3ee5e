import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsBoolean, IsDefined, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EntityRefDto, ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';

/** Account reference: a party account or a financial account (here, the customer's billing accounts). */
@ApiSchema({ name: 'AccountRef' })
export class AccountRefDto extends ExtensibleDto {
  /** Unique identifier of the account; omitted when asking the server to create a billing account. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Reference of the account. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Detailed description of the account. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Name of the account. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** The actual type of the target instance; `BillingAccount` for the accounts this service bills. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/** Contact medium characteristics: address, phone, e-mail… */
@ApiSchema({ name: 'MediumCharacteristic' })
export class MediumCharacteristicDto extends ExtensibleDto {
  /** The city. */
  @IsOptional() @IsString() @MaxLength(500) city?: string;
  /** The type of contact, e.g. mobile, fixed office, shipping address. */
  @IsOptional() @IsString() @MaxLength(200) contactType?: string;
  /** The country. */
  @IsOptional() @IsString() @MaxLength(200) country?: string;
  /** Full e-mail address in standard format. */
  @IsOptional() @IsString() @MaxLength(500) emailAddress?: string;
  /** The fax number of the contact. */
  @IsOptional() @IsString() @MaxLength(100) faxNumber?: string;
  /** The primary phone number of the contact. */
  @IsOptional() @IsString() @MaxLength(100) phoneNumber?: string;
  /** Postcode. */
  @IsOptional() @IsString() @MaxLength(50) postCode?: string;
  /** Identifier as a member of a social network. */
  @IsOptional() @IsString() @MaxLength(500) socialNetworkId?: string;
  /** State or province. */
  @IsOptional() @IsString() @MaxLength(200) stateOrProvince?: string;
  /** Describes the street. */
  @IsOptional() @IsString() @MaxLength(500) street1?: string;
  /** Complementary street description. */
  @IsOptional() @IsString() @MaxLength(500) street2?: string;
}

/** A contact medium that could be used to contact the party. */
@ApiSchema({ name: 'ContactMedium' })
export class ContactMediumDto extends ExtensibleDto {
  /** Type of the contact medium, such as email address, telephone number, postal address. */
  @IsString()
  @MaxLength(200)
  mediumType!: string;

  /** If true, this is the preferred contact medium. */
  @IsOptional()
  @IsBoolean()
  preferred?: boolean;

  /** Any additional characteristic(s) of this contact medium. */
  @IsDefined()
  @ValidateNested()
  @Type(() => MediumCharacteristicDto)
  characteristic!: MediumCharacteristicDto;

  /** The time period that the contact medium is valid for. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** Credit profile of the party (credit scoring…); the first of a list is the current one. */
@ApiSchema({ name: 'CreditProfile' })
export class CreditProfileDto extends ExtensibleDto {
  /** The date the profile was established. */
  @IsDateTime({ required: true })
  creditProfileDate!: string;

  /** An integer used to rate the risk. */
  @IsOptional()
  @IsInt()
  creditRiskRating?: number;

  /** A measure of creditworthiness. */
  @IsOptional()
  @IsInt()
  creditScore?: number;

  /** The period for which the profile is valid. */
  @IsDefined()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor!: TimePeriodDto;
}

/** Payment method reference (e.g. direct debit). */
@ApiSchema({ name: 'PaymentMethodRef' })
export class PaymentMethodRefDto extends EntityRefDto {}

/**
 * Segmentation extension: a market segment the customer is in now (see `/bss/segmentation/v1/marketSegment`).
 * Described by the JSON Schema at `/openapi/schemas/CustomerMarketSegment.schema.json`.
 */
@ApiSchema({ name: 'MarketSegmentRef' })
export class MarketSegmentRefDto {
  /** Unique identifier of the market segment. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference (URL) of the market segment. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Name of the market segment. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Always `MarketSegment`. */
  @ApiProperty({ required: false, enum: ['MarketSegment'] }) // the plugin cannot infer an enum from Equals
  @IsOptional()
  @Equals('MarketSegment')
  '@referredType'?: string;
}

import { ApiProperty, ApiSchema, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AgreementRefDto, CharacteristicDto, ExtensibleDto, RelatedPartyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { AccountRefDto, ContactMediumDto, CreditProfileDto, MarketSegmentRefDto, PaymentMethodRefDto } from './customer-parts.dto';

/** TMF629 Customer_Create: a person or organization that buys products and services from the enterprise. */
@ApiSchema({ name: 'Customer_Create' })
export class CustomerCreateDto extends ExtensibleDto {
  /** A word, term, or phrase by which the Customer is known and distinguished from other Customers. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** Used to track the lifecycle status of the customer. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;

  /** An explanation of the value of the status. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  statusReason?: string;

  /** The customer's accounts. When none is a `BillingAccount`, the server creates one and lists it here. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AccountRefDto)
  account?: AccountRefDto[];

  /** Agreements the customer is engaged in. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgreementRefDto)
  agreement?: AgreementRefDto[];

  /** Describes the characteristics of a customer (e.g. numberOfEmployees, industry). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CharacteristicDto)
  characteristic?: CharacteristicDto[];

  /** How to reach the customer. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactMediumDto)
  contactMedium?: ContactMediumDto[];

  /** Credit profiles; the first is the current one. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CreditProfileDto)
  creditProfile?: CreditProfileDto[];

  /** The party - an organization or an individual - that is engaged as a customer. */
  @IsDefined()
  @ValidateNested()
  @Type(() => RelatedPartyDto)
  engagedParty!: RelatedPartyDto;

  /** Payment methods of the customer. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PaymentMethodRefDto)
  paymentMethod?: PaymentMethodRefDto[];

  /** Parties related to the customer (e.g. account manager). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParty?: RelatedPartyDto[];

  /** The time period that the Customer is valid for. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;

  /**
   * Segmentation extension (not in TMF629; its JSON Schema is at `@schemaLocation`,
   * `/openapi/schemas/CustomerMarketSegment.schema.json`): the market segments the customer is in now, kept by the
   * server after every bill run and within seconds of a change to the customer or a quote acceptance. Absent when
   * the customer is in none. Read-only: a POST or PATCH that sets or changes it is 400 `readOnlyAttribute`.
   * Filterable: `GET /customer?marketSegment.id=<id>`.
   */
  @ApiProperty({ readOnly: true, required: false, type: () => [MarketSegmentRefDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MarketSegmentRefDto)
  marketSegment?: MarketSegmentRefDto[];
}

/** TMF629 Customer_Update: any attribute but `id` and `href`; merge patch or JSON Patch. */
@ApiSchema({ name: 'Customer_Update' })
export class CustomerUpdateDto extends PartialType(CustomerCreateDto) {}

/** TMF629 Customer as returned by the API. */
@ApiSchema({ name: 'Customer' })
export class CustomerDto extends CustomerCreateDto {
  /** Unique identifier of the customer. */
  id!: string;

  /** URL of the customer. */
  href!: string;
}

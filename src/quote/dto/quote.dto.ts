import { ApiProperty, ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AgreementRefDto, ExtensibleDto, RelatedPartyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { QuoteItemDto } from './quote-item.dto';
import { AuthorizationDto, ContactMediumDto, NoteDto } from './quote-parts.dto';
import { QuotePriceDto } from './quote-price.dto';
import { BillingAccountRefDto, ProductOfferingQualificationRefDto } from './quote-refs.dto';

/** Valid values for the state of a quote (TMF648 QuoteStateType). */
export const QUOTE_STATES = ['rejected', 'pending', 'inProgress', 'cancelled', 'approved', 'accepted'];

/**
 * TMF648 Quote_Create: negotiates service and product acquisition or modification between a customer and a service provider; a
 * quote contains quote items, a reference to the customer (party role), product offerings and attached prices and conditions.
 * Every attribute of the spec's Quote_Create but `id` (the server sets ids; a client id is refused as an unknown attribute),
 * plus the attributes of Quote that Quote_Create skips, all optional: the toolkit validates stored quotes against this class, and
 * filters and attribute selection use its attribute tree.
 */
@ApiSchema({ name: 'Quote_Create' })
export class QuoteCreateDto extends ExtensibleDto {
  /** Used to categorize the quote from a business perspective that can be useful for the CRM system (e.g. "enterprise", "residential", ...). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  category?: string;

  /** Description of the quote. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Date when the quote has been completed (set by the server). */
  @IsOptional()
  @IsDateTime()
  effectiveQuoteCompletionDate?: string;

  /** The date wished by the requester to have the requested quote items delivered. */
  @IsOptional()
  @IsDateTime()
  expectedFulfillmentStartDate?: string;

  /** Expected date, from the quote supplier, to be able to send back a response for this quote (may be given by the client). */
  @IsOptional()
  @IsDateTime()
  expectedQuoteCompletionDate?: string;

  /** ID given by the consumer and only understandable by him (to facilitate his searches afterwards). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;

  /**
   * An indicator which when "true" means that the requester expects to get the quoting result immediately in the response: the
   * response code 200 indicates the operation is successful, otherwise a task is created with a response 201.
   */
  @IsOptional()
  @IsBoolean()
  instantSyncQuote?: boolean;

  /** Date and time when the quote was created (set by the server). */
  @IsOptional()
  @IsDateTime()
  quoteDate?: string;

  /** Requested date, from the quote requester, to get a complete response for this quote. */
  @IsOptional()
  @IsDateTime()
  requestedQuoteCompletionDate?: string;

  /** Quote version: if the customer rejected the quote but negotiations are still open, a new version of the quote is managed. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** A reference to an agreement defining the context of the quote. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgreementRefDto)
  agreement?: AgreementRefDto[];

  /** An authorization provided for the quote. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AuthorizationDto)
  authorization?: AuthorizationDto[];

  /** A reference to a billing account to provide quote context information. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillingAccountRefDto)
  billingAccount?: BillingAccountRefDto[];

  /** Contact information related to the quote requester. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactMediumDto)
  contactMedium?: ContactMediumDto[];

  /** Free form text associated with the quote. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NoteDto)
  note?: NoteDto[];

  /** A reference to a previously done product offering qualification. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingQualificationRefDto)
  productOfferingQualification?: ProductOfferingQualificationRefDto[];

  /** The items of the quote (at least one), each describing an operation on a product to be quoted. */
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => QuoteItemDto)
  quoteItem!: QuoteItemDto[];

  /** Quote total price (set by the server). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => QuotePriceDto)
  quoteTotalPrice?: QuotePriceDto[];

  /** A reference to a party playing a role in this quote (customer, seller, requester, etc.). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParty?: RelatedPartyDto[];

  /** State of the quote, described in the state-machine diagram (QuoteStateType; set by the server). */
  @IsOptional()
  @ApiProperty({ required: false, enum: QUOTE_STATES, enumName: 'QuoteStateType' }) // the plugin cannot infer an enum from IsIn
  @IsIn(QUOTE_STATES)
  state?: string;

  /** Quote validity period (may be given by the client). */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/**
 * TMF648 Quote_Update: any attribute but `id`, `href`, `quoteDate` and `effectiveQuoteCompletionDate`. Documentation only: a
 * PATCH may carry only `state`.
 */
@ApiSchema({ name: 'Quote_Update' })
export class QuoteUpdateDto extends PartialType(OmitType(QuoteCreateDto, ['quoteDate', 'effectiveQuoteCompletionDate'] as const)) {}

/** TMF648 Quote as returned by the API. */
@ApiSchema({ name: 'Quote' })
export class QuoteDto extends QuoteCreateDto {
  /** Unique identifier, attributed by the quoting system. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Hyperlink to access the quote. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

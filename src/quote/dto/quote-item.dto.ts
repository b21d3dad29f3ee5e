import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Max, Min, ValidateNested } from 'class-validator';
import { ProductOfferingRefDto } from '../../catalog/dto/catalog-refs.dto';
import { AttachmentRefOrValueDto, ExtensibleDto, RelatedPartyDto } from '../../tmf/dto/common.dto';
import { ProductRefOrValueDto } from './product.dto';
import { AuthorizationDto, NoteDto, QuoteItemRelationshipDto } from './quote-parts.dto';
import { QuotePriceDto } from './quote-price.dto';
import { AppointmentRefDto, ProductOfferingQualificationItemRefDto } from './quote-refs.dto';

/** Valid values for the action of a quote item (the TMF item actions). */
export const QUOTE_ITEM_ACTIONS = ['add', 'modify', 'delete', 'noChange'];

/** A quote item describes an action to be performed on a productOffering or a product in order to get pricing elements and conditions. */
@ApiSchema({ name: 'QuoteItem' })
export class QuoteItemDto extends ExtensibleDto {
  /** Identifier of the quote item (generally a sequence number 01, 02, 03, ...); the server numbers the items that have none. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Action to be performed on this quote item: add, modify, delete or noChange (optional here; the service requires it). */
  @IsOptional()
  @ApiProperty({ required: false, enum: QUOTE_ITEM_ACTIONS }) // the plugin cannot infer an enum from IsIn
  @IsIn(QUOTE_ITEM_ACTIONS)
  action?: string;

  /** Quantity asked for this quote item (1 to 1,000,000). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity?: number;

  /** State of the quote item: described in the state machine diagram. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  state?: string;

  /** A reference to appointment(s) associated with this quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppointmentRefDto)
  appointment?: AppointmentRefDto[];

  /** A reference to attachment(s) associated with this quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefOrValueDto)
  attachment?: AttachmentRefOrValueDto[];

  /** Free form text associated with the quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NoteDto)
  note?: NoteDto[];

  /** The product (by reference or by value) the action applies to. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductRefOrValueDto)
  product?: ProductRefOrValueDto;

  /** The product offering quoted. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductOfferingRefDto)
  productOffering?: ProductOfferingRefDto;

  /** A reference to a previously done product offering qualification, with the item specified. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductOfferingQualificationItemRefDto)
  productOfferingQualificationItem?: ProductOfferingQualificationItemRefDto;

  /** Quote items embedded within this quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => QuoteItemDto)
  quoteItem?: QuoteItemDto[];

  /** Authorizations related to this quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AuthorizationDto)
  quoteItemAuthorization?: AuthorizationDto[];

  /** Prices for this quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => QuotePriceDto)
  quoteItemPrice?: QuotePriceDto[];

  /** Relationships from this item to other items of the quote. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => QuoteItemRelationshipDto)
  quoteItemRelationship?: QuoteItemRelationshipDto[];

  /** A reference to a party playing a role in this quote item. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParty?: RelatedPartyDto[];
}

import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MediumCharacteristicDto } from '../../customer/dto/customer-parts.dto';
import { ExtensibleDto, RelatedPartyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';

/** Extra information about a given entity. */
@ApiSchema({ name: 'Note' })
export class NoteDto extends ExtensibleDto {
  /** Identifier of the note within its containing entity (may or may not be globally unique, depending on provider implementation). */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Author of the note. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  author?: string;

  /** Date of the note. */
  @IsOptional()
  @IsDateTime()
  date?: string;

  /** Text of the note. */
  @IsString()
  @MaxLength(10_000)
  text!: string;
}

/** An approval, by a sales representative of the provider, that a special discount, a special price or a specific condition needs. */
@ApiSchema({ name: 'Authorization' })
export class AuthorizationDto extends ExtensibleDto {
  /** Date when the authorization (approved or declined) was done. */
  @IsOptional()
  @IsDateTime()
  givenDate?: string;

  /** Name of the required authorization. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Date when the authorization is requested for. */
  @IsOptional()
  @IsDateTime()
  requestedDate?: string;

  /** To describe a digital or manual signature (room for an encoded digital signature). */
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  signatureRepresentation?: string;

  /** State of the authorization, such as approved or declined. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  state?: string;

  /** The parties who approve (or decline) the authorization. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  approver?: RelatedPartyDto[];
}

/**
 * The contact medium that could be used to contact the party. TMF648's own: TMF629's ContactMedium requires `mediumType` and
 * `characteristic`, TMF648's requires nothing.
 */
@ApiSchema({ name: 'ContactMedium' })
export class ContactMediumDto extends ExtensibleDto {
  /** Type of the contact medium, such as email address, telephone number, postal address. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mediumType?: string;

  /** If true, this is the preferred contact medium. */
  @IsOptional()
  @IsBoolean()
  preferred?: boolean;

  /** Any additional characteristic(s) of this contact medium. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MediumCharacteristicDto)
  characteristic?: MediumCharacteristicDto;

  /** The time period that the contact medium is valid for. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** A relationship between items of a quote; such relationships may have an impact on pricing and conditions. */
@ApiSchema({ name: 'QuoteItemRelationship' })
export class QuoteItemRelationshipDto extends ExtensibleDto {
  /** Id of the related quote item (must be in the same quote). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Relationship type, such as relies on, bundles, etc. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  relationshipType?: string;
}

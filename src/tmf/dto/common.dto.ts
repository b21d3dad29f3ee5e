import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsDateTime } from '../schema/date-time';

/** TMF630 polymorphism: every entity may name its sub-class, super-class and a JSON Schema that extends it. */
@ApiSchema({ name: 'Extensible' })
export class ExtensibleDto {
  /** When sub-classing, this defines the super-class. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@baseType'?: string;

  /** A URI to a JSON-Schema file that defines additional attributes and relationships. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  '@schemaLocation'?: string;

  /** When sub-classing, this defines the sub-class entity name. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@type'?: string;
}

/** What every reference has besides its id: where it is and what it is called. */
export class RefLinkDto extends ExtensibleDto {
  /** Reference (URL) of the referred entity. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Name of the referred entity. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;
}

/** Common shape of a reference to another entity. */
@ApiSchema({ name: 'EntityRef' })
export class EntityRefDto extends RefLinkDto {
  /** Unique identifier of the referred entity. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** The actual type of the target instance when needed for disambiguation. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@referredType'?: string;
}

/** A period of time, either as a deadline (endDateTime only), a startDateTime only, or both. */
@ApiSchema({ name: 'TimePeriod' })
export class TimePeriodDto {
  /** Start of the time period. */
  @IsOptional()
  @IsDateTime()
  startDateTime?: string;

  /** End of the time period. */
  @IsOptional()
  @IsDateTime()
  endDateTime?: string;
}

/** Related party reference: a party or party role linked to an entity. */
@ApiSchema({ name: 'RelatedParty' })
export class RelatedPartyDto extends RefLinkDto {
  /** Unique identifier of the related entity. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Role played by the related party. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  role?: string;

  /** The actual type of the target instance (e.g. Organization, Individual). */
  @IsString()
  @MaxLength(200)
  '@referredType'!: string;
}

/** A name/value pair describing a characteristic of an entity. */
@ApiSchema({ name: 'Characteristic' })
export class CharacteristicDto extends ExtensibleDto {
  /** Name of the characteristic. */
  @IsString()
  @MaxLength(200)
  name!: string;

  /** Data type of the value of the characteristic. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  valueType?: string;

  /** The value of the characteristic (any JSON value). */
  @IsDefined()
  value!: unknown;
}

/** Agreement reference: a contract or arrangement, such as a service level or customer price agreement. */
@ApiSchema({ name: 'AgreementRef' })
export class AgreementRefDto extends EntityRefDto {}

/** A base / value business entity used to represent money (TMF620, TMF648, …). */
@ApiSchema({ name: 'Money' })
export class MoneyDto {
  /** Currency (ISO4217 norm uses 3 letters to define the currency). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  unit?: string;

  /** A positive floating point number. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;
}

/** An amount in a given unit. */
@ApiSchema({ name: 'Quantity' })
export class QuantityDto {
  /** Numeric value in a given unit. */
  @IsOptional()
  @IsNumber()
  amount?: number;

  /** Unit. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  units?: string;
}

/** An attachment by value or by reference: complements the description of an element, for example through a document, a video, a picture. */
@ApiSchema({ name: 'AttachmentRefOrValue' })
export class AttachmentRefOrValueDto extends ExtensibleDto {
  /** Unique identifier for this particular attachment. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** URI for this Attachment. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Attachment type such as video, picture. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  attachmentType?: string;

  /** The actual contents of the attachment object, if embedded, encoded as base64. */
  @IsOptional()
  @IsString()
  @MaxLength(10_000_000)
  content?: string;

  /** A narrative text describing the content of the attachment. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Attachment mime type such as extension file for video, picture and document. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mimeType?: string;

  /** The name of the attachment. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Uniform Resource Locator, is a web page address (a subset of URI). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  /** The size of the attachment. */
  @IsOptional()
  @ValidateNested()
  @Type(() => QuantityDto)
  size?: QuantityDto;

  /** The period of time for which the attachment is valid. */
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

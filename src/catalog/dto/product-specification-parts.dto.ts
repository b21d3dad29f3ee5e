import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { OptionalIdRefLinkDto, ProductSpecificationRefDto } from './catalog-refs.dto';

/** Specification of a value (number or text or an object) that can be assigned to a Characteristic. */
@ApiSchema({ name: 'CharacteristicValueSpecification' })
export class CharacteristicValueSpecificationDto extends ExtensibleDto {
  /** If true, the Boolean Indicates if the value is the default value for a characteristic. */
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  /** Inclusion or exclusion of the valueFrom and valueTo attributes: "open", "closed", "closedBottom" or "closedTop". */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  rangeInterval?: string;

  /** A regular expression constraint for given value. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  regex?: string;

  /** A determinate quantity or magnitude of the kind designated (length, volume, money, weight, time…), taken as a standard of comparison. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  unitOfMeasure?: string;

  /** The low range value that a characteristic can take on. */
  @IsOptional()
  @IsInt()
  valueFrom?: number;

  /** The upper range value that a characteristic can take on. */
  @IsOptional()
  @IsInt()
  valueTo?: number;

  /** A kind of value that the characteristic value can take on, such as numeric, text and so forth. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  valueType?: string;

  /** The period of time for which a value is applicable. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;

  /** A discrete value that the characteristic can take on, or the actual value of the characteristic (any JSON value). */
  @IsOptional()
  value?: unknown;
}

/** An aggregation, migration, substitution, dependency or exclusivity relationship between/among productSpecificationCharacteristics. */
@ApiSchema({ name: 'ProductSpecificationCharacteristicRelationship' })
export class ProductSpecificationCharacteristicRelationshipDto extends OptionalIdRefLinkDto {
  /** The order in which a CharacteristicSpecification appears within another CharacteristicSpecification that defines a grouping of CharacteristicSpecifications. */
  @IsOptional()
  @IsInt()
  charSpecSeq?: number;

  /** Type of relationship such as aggregation, migration, substitution, dependency, exclusivity. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  relationshipType?: string;

  /** The period for which the productSpecificationCharacteristicRelationship is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** A characteristic quality or distinctive feature of a ProductSpecification: a discrete value, a range of values, or a value derived from a formula. */
@ApiSchema({ name: 'ProductSpecificationCharacteristic' })
export class ProductSpecificationCharacteristicDto extends ExtensibleDto {
  /** Unique ID for the characteristic. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** If true, the Boolean indicates that the target Characteristic is configurable. */
  @IsOptional()
  @IsBoolean()
  configurable?: boolean;

  /** A narrative that explains the CharacteristicSpecification. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Whether the values for the characteristic can be extended by adding new values when instantiating a characteristic for a resource. */
  @IsOptional()
  @IsBoolean()
  extensible?: boolean;

  /** An indicator that specifies if a value is unique for the specification. */
  @IsOptional()
  @IsBoolean()
  isUnique?: boolean;

  /** The maximum number of instances a CharacteristicValue can take on. */
  @IsOptional()
  @IsInt()
  maxCardinality?: number;

  /** The minimum number of instances a CharacteristicValue can take on. */
  @IsOptional()
  @IsInt()
  minCardinality?: number;

  /** A word, term, or phrase by which this characteristic specification is known and distinguished from other characteristic specifications. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** A rule or principle represented in regular expression used to derive the value of a characteristic value. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  regex?: string;

  /** A kind of value that the characteristic can take on, such as numeric, text and so forth. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  valueType?: string;

  /** An aggregation, migration, substitution, dependency or exclusivity relationship between/among Specification Characteristics. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductSpecificationCharacteristicRelationshipDto)
  productSpecCharRelationship?: ProductSpecificationCharacteristicRelationshipDto[];

  /** The values (or ranges of values) that the characteristic can take on. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CharacteristicValueSpecificationDto)
  productSpecCharacteristicValue?: CharacteristicValueSpecificationDto[];

  /** The period of time for which a characteristic is applicable. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;

  /** This (optional) field provides a link to the schema describing the value type. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  '@valueSchemaLocation'?: string;
}

/**
 * A use of a ProductSpecificationCharacteristicValue by a ProductOffering or ProductOfferingPrice, restricting or overriding its values;
 * the characteristic must exist in the corresponding product specification.
 */
@ApiSchema({ name: 'ProductSpecificationCharacteristicValueUse' })
export class ProductSpecificationCharacteristicValueUseDto extends ExtensibleDto {
  /** Unique ID for the characteristic. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** A narrative that explains in detail what the productSpecificationCharacteristic is. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The maximum number of instances a CharacteristicValue can take on. */
  @IsOptional()
  @IsInt()
  maxCardinality?: number;

  /** The minimum number of instances a CharacteristicValue can take on. */
  @IsOptional()
  @IsInt()
  minCardinality?: number;

  /** Name of the associated productSpecificationCharacteristic. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** A kind of value that the characteristic can take on, such as numeric, text and so forth. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  valueType?: string;

  /** A number or text that can be assigned to a ProductSpecificationCharacteristic. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CharacteristicValueSpecificationDto)
  productSpecCharacteristicValue?: CharacteristicValueSpecificationDto[];

  /** The product specification that defines the characteristic. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductSpecificationRefDto)
  productSpecification?: ProductSpecificationRefDto;

  /** The period for which the productSpecificationCharacteristic is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** A ProductSpecification that belongs to a grouping of ProductSpecifications made available to the market. */
@ApiSchema({ name: 'BundledProductSpecification' })
export class BundledProductSpecificationDto extends OptionalIdRefLinkDto {
  /** Used to indicate the current lifecycle status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;
}

/** A migration, substitution, dependency or exclusivity relationship between/among product specifications. */
@ApiSchema({ name: 'ProductSpecificationRelationship' })
export class ProductSpecificationRelationshipDto extends OptionalIdRefLinkDto {
  /** Type of relationship such as migration, substitution, dependency, exclusivity. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  relationshipType?: string;

  /** The period for which the productSpecificationRelationship is valid. */
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

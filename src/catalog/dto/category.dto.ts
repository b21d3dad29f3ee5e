import { ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { CategoryRefDto, ProductOfferingRefDto } from './catalog-refs.dto';

/**
 * TMF620 Category_Create: groups product offerings, service and resource candidates in logical containers. Categories can contain
 * other categories and/or product offerings, resource or service candidates.
 */
@ApiSchema({ name: 'Category_Create' })
export class CategoryCreateDto extends ExtensibleDto {
  /** Description of the category. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** If true, this Boolean indicates that the category is a root of categories. */
  @IsOptional()
  @IsBoolean()
  isRoot?: boolean;

  /** Date and time of the last update; set by the server, a value sent by the client is replaced. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** Used to indicate the current lifecycle status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStatus?: string;

  /** Name of the category. */
  @IsString()
  @MaxLength(500)
  name!: string;

  /** Unique identifier of the parent category. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  parentId?: string;

  /** Category version. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  /** The product offerings of the category: entities orderable from the provider of the catalog, including pricing information. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductOfferingRefDto)
  productOffering?: ProductOfferingRefDto[];

  /** The (sub-)categories contained in this category. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CategoryRefDto)
  subCategory?: CategoryRefDto[];

  /** The period for which the category is valid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** TMF620 Category_Update: any attribute but `id`, `href` and `lastUpdate`; merge patch or JSON Patch. */
@ApiSchema({ name: 'Category_Update' })
export class CategoryUpdateDto extends PartialType(OmitType(CategoryCreateDto, ['lastUpdate'] as const)) {}

/** TMF620 Category as returned by the API. */
@ApiSchema({ name: 'Category' })
export class CategoryDto extends CategoryCreateDto {
  /** Unique identifier of the category. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the category. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

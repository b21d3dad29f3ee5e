import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';

export const FEATURE_TYPES = ['number', 'string', 'stringList', 'boolean'];

/**
 * A customer feature segment rules may test. The validators are not for input: they give the list its attribute
 * tree, so `fields`, filters and sort work on it as on any TMF630 list.
 */
@ApiSchema({ name: 'Feature' })
export class FeatureDto {
  /** Feature name as written in rules, e.g. `spendThisPeriod` or `usageShare.mobile`. */
  @IsString()
  name!: string;

  /** One sentence: what the value is and where it comes from. */
  @IsString()
  meaning!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Unit of a number feature (null for text, lists and booleans).' })
  @IsOptional()
  @IsString()
  unit!: string | null;

  /** The value type, which decides the ops a rule may use (see the rule grammar). */
  @ApiProperty({ enum: FEATURE_TYPES })
  @IsIn(FEATURE_TYPES)
  type!: string;
}

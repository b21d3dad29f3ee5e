import { ApiSchema } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/**
 * A segment definition with the version of its rule a figure is about: the segment a ledger entry's customer entered
 * under, the segment a preview evaluated, a segment in a bill run's drift report. No imports of other modules, so
 * billing and segmentation DTOs can both use it.
 */
@ApiSchema({ name: 'MarketSegmentVersionRef' })
export class MarketSegmentVersionRefDto {
  /** Unique identifier of the segment. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference (URL) of the segment. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Name of the segment. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** Version of the segment's rule. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { MarketSegmentVersionRefDto } from '../../segmentation/dto/market-segment-ref.dto';

/** One segment's movement in a bill run: customers who entered and left, and its size at the end of the run. */
@ApiSchema({ name: 'BillRunSegmentDrift' })
export class BillRunSegmentDriftDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => MarketSegmentVersionRefDto)
  marketSegment?: MarketSegmentVersionRefDto;

  /** aPriori, valueBased, needsBased, lifecycle or learned. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  kind?: string;

  /** Customers the run put into the segment. */
  @IsOptional()
  @IsInt()
  @Min(0)
  entries?: number;

  /** Customers the run took out of the segment. */
  @IsOptional()
  @IsInt()
  @Min(0)
  exits?: number;

  /** Members of the segment when the run ended. */
  @IsOptional()
  @IsInt()
  @Min(0)
  size?: number;

  /** The segment's lower size bound, when it has one. */
  @IsOptional()
  @IsInt()
  @Min(0)
  lowerSize?: number;

  /** The segment's upper size bound, when it has one. */
  @IsOptional()
  @IsInt()
  @Min(0)
  upperSize?: number;

  /** Present when the size is outside the bounds, e.g. "size 12 is below lowerSize 50". */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  alert?: string;
}

/** The learned segmentation re-fitted at the end of the run. */
@ApiSchema({ name: 'BillRunLearnedSegmentation' })
export class BillRunLearnedSegmentationDto {
  /** Number of clusters chosen (by silhouette). */
  @IsOptional()
  @IsInt()
  @Min(1)
  clusters?: number;

  /** Mean silhouette of the chosen clustering (-1 to 1; higher is better separated). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  silhouette?: number;
}

/** What the run did to segments: customers whose features were computed, the learned re-fit and each segment's drift. */
@ApiSchema({ name: 'BillRunSegmentation' })
export class BillRunSegmentationDto {
  /** Customers whose features were computed and segments evaluated by the run. */
  @IsOptional()
  @IsInt()
  @Min(0)
  customersEvaluated?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunLearnedSegmentationDto)
  learnedSegmentation?: BillRunLearnedSegmentationDto;

  /** Per segment: entries, exits and size, with an alert when the size leaves the segment's bounds. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillRunSegmentDriftDto)
  segmentDrift?: BillRunSegmentDriftDto[];
}

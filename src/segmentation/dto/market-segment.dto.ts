import { ApiProperty, ApiSchema, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { BillRunRefDto } from '../../billing/dto/bill-run.dto';
import { ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';

/*
 * The market segment: this service's own resource (not a TMF API), one segment definition. The create class holds
 * what a client may send; the document class adds what the server sets and is what the toolkit validates stored
 * segments against (a PATCH result included).
 */

/** The maturity-model kinds of segment; `learned` segments are published by the clustering, never created by POST. */
export const SEGMENT_KINDS = ['aPriori', 'valueBased', 'needsBased', 'lifecycle', 'learned'];

/** Only active segments are evaluated; retired is final (the membership history of a retired segment is kept). */
export const SEGMENT_STATUSES = ['draft', 'active', 'retired'];

const RULE_GRAMMAR =
  'The segment rule (JSON, checked against the feature catalog at GET /bss/segmentation/v1/feature): `{"all": [rule, …]}` | ' +
  '`{"any": [rule, …]}` | `{"not": rule}` | `{"feature": "<name>", "op": "eq|ne|gt|gte|lt|lte|in|regex", "value": <value>}` | ' +
  '`{"feature": "<name>", "topPercent": <n>}` | `{"feature": "<name>", "bottomPercent": <n>}`. Required except for learned segments, which have none.';

@ApiSchema({ name: 'MarketSegment_Create' })
export class MarketSegmentCreateDto extends ExtensibleDto {
  /** Name of the segment, e.g. "Key accounts". */
  @IsString()
  @MaxLength(200)
  name!: string;

  /** What the segment is for, in words. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The kind of segment: aPriori, valueBased, needsBased, lifecycle (learned ones come from the clustering). */
  @ApiProperty({ enum: SEGMENT_KINDS }) // the plugin cannot infer an enum from IsIn
  @IsIn(SEGMENT_KINDS)
  kind!: string;

  @IsOptional()
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: RULE_GRAMMAR })
  @IsObject()
  rule?: Record<string, unknown>;

  /** draft (default on create), active (evaluated on every bill run and customer change) or retired (final). */
  @IsOptional()
  @ApiProperty({ required: false, enum: SEGMENT_STATUSES })
  @IsIn(SEGMENT_STATUSES)
  status?: string;

  /** Expected minimum number of members; the bill-run report alerts when the segment falls below it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  lowerSize?: number;

  /** Expected maximum number of members; the bill-run report alerts when the segment grows above it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  upperSize?: number;

  /** The period the segment definition is valid for. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor?: TimePeriodDto;
}

/** A feature that sets a learned cluster apart: its value at the centroid and over the whole population. */
@ApiSchema({ name: 'DominantFeature' })
export class DominantFeatureDto {
  /** Feature name, e.g. `usageShare.iot`. */
  @IsString()
  @MaxLength(200)
  feature!: string;

  /** The feature's value at the cluster's centroid. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  /** The feature's mean over the customers clustered. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  populationMean?: number;
}

/** How a learned segment was fitted (set by the clustering at bill-run close). */
@ApiSchema({ name: 'LearnedSegment' })
export class LearnedSegmentDto {
  @IsOptional()
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: { type: 'number' },
    description: 'The cluster centre: usage share (0 to 1) per product family.',
  })
  @IsObject()
  centroid?: Record<string, number>;

  /** The features that describe the cluster best, most distinctive first. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DominantFeatureDto)
  dominantFeatures?: DominantFeatureDto[];

  /** When the clustering was fitted. */
  @IsOptional()
  @IsDateTime()
  fittedAt?: string;

  /** The bill run whose close fitted the clustering. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunRefDto)
  billRun?: BillRunRefDto;

  /** Number of clusters of the fit (chosen by silhouette). */
  @IsOptional()
  @IsInt()
  @Min(1)
  k?: number;

  /** Mean silhouette of the fit (-1 to 1). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  silhouette?: number;

  /** Number of customers in the cluster when fitted. */
  @IsOptional()
  @IsInt()
  @Min(0)
  size?: number;
}

/** A stored segment: the create attributes and those the server sets. */
export class MarketSegmentDocumentDto extends MarketSegmentCreateDto {
  /** Version of the rule, 1 on create; every change of the rule (or of a learned centroid) adds 1. Set by the server. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** For a learned segment: its centroid and how it was fitted. Set by the server. */
  @IsOptional()
  @ValidateNested()
  @Type(() => LearnedSegmentDto)
  learned?: LearnedSegmentDto;

  /** Date and time of the last change. Set by the server. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;
}

/**
 * MarketSegment_Update: documentation of a PATCH (merge patch or JSON Patch). `version`, `learned` and `lastUpdate`
 * are the server's; a learned segment takes only status, description, lowerSize and upperSize.
 */
@ApiSchema({ name: 'MarketSegment_Update' })
export class MarketSegmentUpdateDto extends PartialType(MarketSegmentCreateDto) {}

/** A market segment as returned by the API. */
@ApiSchema({ name: 'MarketSegment' })
export class MarketSegmentDto extends MarketSegmentDocumentDto {
  /** Unique identifier of the segment. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference (URL) of the segment. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

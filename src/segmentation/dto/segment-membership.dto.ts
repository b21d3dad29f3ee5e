import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { BillRunRefDto } from '../../billing/dto/bill-run.dto';
import { ExtensibleDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { MarketSegmentVersionRefDto } from './market-segment-ref.dto';

/*
 * The membership ledger as served at /bss/segmentation/v1/membership: one entry per stay of a customer in a segment.
 * Written only by the evaluator; the document class is what the toolkit validates stored entries against.
 */

/** The customer a ledger entry is about. */
@ApiSchema({ name: 'SegmentMemberRef' })
export class SegmentMemberRefDto {
  /** Unique identifier of the customer (TMF629). */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference (URL) of the customer. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Name of the customer. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;
}

/** One leaf condition of the rule, as evaluated for the customer. */
@ApiSchema({ name: 'SegmentRuleCondition' })
export class SegmentRuleConditionDto {
  /** JSON Pointer of the condition in the rule, e.g. `/all/0`. */
  @IsString()
  @MaxLength(2000)
  path!: string;

  /** The condition in words, e.g. `spendThisPeriod gte 1000`. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  condition?: string;

  /** Whether the condition held. */
  @IsOptional()
  @IsBoolean()
  held?: boolean;

  @ApiProperty({ required: false, nullable: true, description: 'The feature value seen (null when the customer has none).' })
  @IsOptional()
  @Allow()
  value?: unknown;
}

/** Why a customer entered or left: the leaf conditions evaluated and the feature values seen. */
@ApiSchema({ name: 'SegmentMembershipReason' })
export class SegmentMembershipReasonDto {
  /** The rule's leaf conditions and whether each held (empty for learned segments and retirements). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SegmentRuleConditionDto)
  conditions?: SegmentRuleConditionDto[];

  @IsOptional()
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: 'Feature values seen, by feature name.' })
  @IsObject()
  features?: Record<string, unknown>;
}

/** An entry into or an exit from a segment. */
@ApiSchema({ name: 'SegmentMembershipChange' })
export class SegmentMembershipChangeDto {
  /** When the customer entered or left. */
  @IsDateTime()
  date!: string;

  /** The segment's version at that time. */
  @IsOptional()
  @IsInt()
  @Min(1)
  segmentVersion?: number;

  /** The bill run whose close moved the customer, when one did. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunRefDto)
  billRun?: BillRunRefDto;

  /** What triggered the move, e.g. `billRun`, `customerChange`, `quoteAccepted`, `segmentRetired`. */
  @IsString()
  @MaxLength(200)
  trigger!: string;

  /** Why. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SegmentMembershipReasonDto)
  reason?: SegmentMembershipReasonDto;
}

/** A stored ledger entry. */
export class SegmentMembershipDocumentDto extends ExtensibleDto {
  /** The member. */
  @ValidateNested()
  @Type(() => SegmentMemberRefDto)
  customer!: SegmentMemberRefDto;

  /** The segment and the version the customer entered under. */
  @ValidateNested()
  @Type(() => MarketSegmentVersionRefDto)
  marketSegment!: MarketSegmentVersionRefDto;

  /** The stay: from the entry to the exit (no endDateTime while the customer is a member). */
  @ValidateNested()
  @Type(() => TimePeriodDto)
  validFor!: TimePeriodDto;

  /** The entry. */
  @ValidateNested()
  @Type(() => SegmentMembershipChangeDto)
  entry!: SegmentMembershipChangeDto;

  /** The exit, once the customer left. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SegmentMembershipChangeDto)
  exit?: SegmentMembershipChangeDto;
}

/** A membership ledger entry as returned by the API. */
@ApiSchema({ name: 'SegmentMembership' })
export class SegmentMembershipDto extends SegmentMembershipDocumentDto {
  /** Unique identifier of the entry. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference (URL) of the entry. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

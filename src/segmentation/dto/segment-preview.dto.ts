import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional } from 'class-validator';
import { MarketSegmentVersionRefDto } from './market-segment-ref.dto';
import { SegmentMemberRefDto } from './segment-membership.dto';

/** What to preview: an edited rule, or (without one) the segment's stored rule. */
@ApiSchema({ name: 'SegmentPreview_Create' })
export class SegmentPreviewInputDto {
  @IsOptional()
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: 'A rule to try instead of the stored one (same grammar).' })
  @IsObject()
  rule?: Record<string, unknown>;
}

/** How many customers a rule would take in and out if it were activated now; nothing is changed. */
@ApiSchema({ name: 'SegmentPreview' })
export class SegmentPreviewDto {
  /** The segment previewed (its stored version). */
  @Type(() => MarketSegmentVersionRefDto)
  marketSegment!: MarketSegmentVersionRefDto;

  @ApiProperty({ type: Object, additionalProperties: true, description: 'The rule evaluated.' })
  rule!: Record<string, unknown>;

  /** When the preview was evaluated. */
  evaluatedAt!: string;

  /** Customers evaluated (those with a current feature snapshot). */
  population!: number;

  /** Customers the rule selects. */
  wouldBeMembers!: number;

  /** Customers the rule selects who are not members now. */
  entering!: number;

  /** Members now whom the rule would not select. */
  leaving!: number;

  /** Members now whom the rule selects again. */
  staying!: number;

  /** A sample of the customers entering. */
  @Type(() => SegmentMemberRefDto)
  sampleEntering!: SegmentMemberRefDto[];

  /** A sample of the members leaving. */
  @Type(() => SegmentMemberRefDto)
  sampleLeaving!: SegmentMemberRefDto[];
}

import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MoneyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { BillingAccountRefDto } from './bill-parts.dto';
import { BillRunSegmentationDto } from './bill-run-segmentation.dto';

/*
 * The bill run: this service's own resource (not a TMF API), one billing-cycle close. The read classes are also what the
 * toolkit validates stored bill runs against, so every attribute of theirs is optional.
 */

/** Valid values for the billing cycle of a bill run (and of a billing account). */
export const BILL_CYCLES = ['month', 'quarter', 'year'];

/** Valid values for the state of a bill run. */
export const BILL_RUN_STATES = ['acknowledged', 'inProgress', 'completed', 'failed', 'completedWithErrors'];

/**
 * A request to close a billing cycle: bill every selected billing account for a billing period.
 * - With only `billCycle` and / or `billDay` (or nothing), the period closed is the last full cycle ending at or before
 *   now.
 * - With `billingPeriod`, that exact period is closed; it may end in the future (recurring charges are billed in
 *   advance).
 *
 * The accounts selected are those with that `billCycle` and `billDay` (defaults `month` and `1`), unless only
 * `billingPeriod` is given: then every account is.
 */
@ApiSchema({ name: 'BillRun_Create' })
export class BillRunCreateDto {
  /** Billing cycle of the accounts to bill and of the period closed: month, quarter or year (default month). */
  @IsOptional()
  @ApiProperty({ required: false, enum: BILL_CYCLES }) // the plugin cannot infer an enum from IsIn
  @IsIn(BILL_CYCLES)
  billCycle?: string;

  /** Day of the month the billing cycle starts on, 1 to 28 (default 1): selects the accounts and the period closed. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(28)
  billDay?: number;

  /** The exact period to close (may end in the future: recurring charges are billed in advance). */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  billingPeriod?: TimePeriodDto;

  /** If true, the run only computes and counts what it would bill, without creating bills or rates (see `comparison`). */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  /** Free text describing the bill run. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** What a bill run did so far: accounts, bills and rates counted, and the amounts billed. */
@ApiSchema({ name: 'BillRunCounters' })
export class BillRunCountersDto {
  /** Number of billing accounts selected by the run. */
  @IsOptional()
  @IsInt()
  @Min(0)
  accountsTotal?: number;

  /** Number of accounts billed. */
  @IsOptional()
  @IsInt()
  @Min(0)
  accountsBilled?: number;

  /** Number of accounts the run could not bill (see `parkedAccount`). */
  @IsOptional()
  @IsInt()
  @Min(0)
  accountsParked?: number;

  /** Number of accounts with nothing to charge for the period (no bill made). */
  @IsOptional()
  @IsInt()
  @Min(0)
  accountsWithoutCharges?: number;

  /** Number of accounts that already had a bill for the period (not billed again). */
  @IsOptional()
  @IsInt()
  @Min(0)
  accountsAlreadyBilled?: number;

  /** Number of customer bills created (or, for a dry run, that would be). */
  @IsOptional()
  @IsInt()
  @Min(0)
  billsCreated?: number;

  /** Number of applied customer billing rates created (or, for a dry run, that would be). */
  @IsOptional()
  @IsInt()
  @Min(0)
  ratesCreated?: number;

  /** Number of chunks (ranges of accounts billed together) the run is split into. */
  @IsOptional()
  @IsInt()
  @Min(0)
  chunksTotal?: number;

  /** Number of chunks done. */
  @IsOptional()
  @IsInt()
  @Min(0)
  chunksDone?: number;

  /** Amounts billed (or, for a dry run, that would be), one entry per currency. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillRunAmountDto)
  amountBilled?: BillRunAmountDto[];
}

/** The amounts billed in one currency. */
@ApiSchema({ name: 'BillRunAmount' })
export class BillRunAmountDto {
  /** Total of the bills in this currency, taxes excluded. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxExcludedAmount?: MoneyDto;

  /** Total of the bills in this currency, taxes included. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxIncludedAmount?: MoneyDto;
}

/** How fast a bill run bills. */
@ApiSchema({ name: 'BillRunThroughput' })
export class BillRunThroughputDto {
  /** Accounts processed per second since the run started. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  accountsPerSecond?: number;
}

/** A billing account the bill run could not bill, with the reason. */
@ApiSchema({ name: 'BillRunParkedAccount' })
export class BillRunParkedAccountDto {
  /** The billing account not billed. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillingAccountRefDto)
  billingAccount?: BillingAccountRefDto;

  /** Why the account was not billed. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** Reference to a bill run. */
@ApiSchema({ name: 'BillRunRef' })
export class BillRunRefDto {
  /** Unique identifier of the bill run. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Reference (URL) of the bill run. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;
}

/** The difference between a dry run and the last real run (dry run minus real run). */
@ApiSchema({ name: 'BillRunDifference' })
export class BillRunDifferenceDto {
  /** Difference in the number of bills created. */
  @IsOptional()
  @IsInt()
  billsCreated?: number;

  /** Differences in the amounts, one entry per currency (dry run minus real run). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillRunAmountDto)
  amountBilled?: BillRunAmountDto[];
}

/** For a dry run: what the last completed real run (of the same accounts' cycle) billed, and the difference. */
@ApiSchema({ name: 'BillRunComparison' })
export class BillRunComparisonDto {
  /** The last completed real (not dry) run; absent when there is none. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunRefDto)
  billRun?: BillRunRefDto;

  /** Number of bills that run created. */
  @IsOptional()
  @IsInt()
  @Min(0)
  billsCreated?: number;

  /** The period that run closed. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  billingPeriod?: TimePeriodDto;

  /** Amounts that run billed, one entry per currency. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillRunAmountDto)
  amountBilled?: BillRunAmountDto[];

  /** The dry run's figures minus that run's. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunDifferenceDto)
  difference?: BillRunDifferenceDto;
}

/** A bill run as returned by the API: its request, state, timings, counters and the accounts it could not bill. */
@ApiSchema({ name: 'BillRun' })
export class BillRunDto extends BillRunCreateDto {
  /** Unique identifier of the bill run. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Reference (URL) of the bill run. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** The entity name: BillRun. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  '@type'?: string;

  /** State of the bill run: acknowledged, inProgress, completed, failed or completedWithErrors (some accounts parked). */
  @IsOptional()
  @ApiProperty({ required: false, enum: BILL_RUN_STATES }) // the plugin cannot infer an enum from IsIn
  @IsIn(BILL_RUN_STATES)
  state?: string;

  /** When the bill run was requested. */
  @IsOptional()
  @IsDateTime()
  requestedDate?: string;

  /** When the bill run started billing. */
  @IsOptional()
  @IsDateTime()
  startDateTime?: string;

  /** When the bill run completed (or failed). */
  @IsOptional()
  @IsDateTime()
  completionDateTime?: string;

  /** When the bill run is expected to complete, estimated from its throughput. */
  @IsOptional()
  @IsDateTime()
  estimatedCompletionDateTime?: string;

  /** What the bill run did so far. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunCountersDto)
  counters?: BillRunCountersDto;

  /** How fast the bill run bills. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunThroughputDto)
  throughput?: BillRunThroughputDto;

  /** The billing accounts the run could not bill, with the reason. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillRunParkedAccountDto)
  parkedAccount?: BillRunParkedAccountDto[];

  /** For a dry run: the comparison with the last real run of the same period. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunComparisonDto)
  comparison?: BillRunComparisonDto;

  /** The segmentation drift report, written when the run ends (not for dry runs). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRunSegmentationDto)
  segmentation?: BillRunSegmentationDto;

  /** Why the bill run failed. */
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  errorMessage?: string;
}

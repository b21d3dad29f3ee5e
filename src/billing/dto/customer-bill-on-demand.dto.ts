import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExtensibleDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import { BillingAccountRefDto, BillRefDto, BillRelatedPartyRefDto } from './bill-parts.dto';

/** Valid values for the state of a customer bill on demand request (TMF678 StateValues). */
export const ON_DEMAND_STATES = ['inProgress', 'rejected', 'done', 'terminatedWithError'];

/**
 * TMF678 CustomerBillOnDemand_Create: this resource is used to manage the creation request of a customer bill in
 * real-time (on demand). Every attribute of the spec's CustomerBillOnDemand_Create; `customerBill`, `state` and
 * `lastUpdate` are set by the server (the service refuses them from a client), and are here because the toolkit validates
 * stored requests against this class.
 */
@ApiSchema({ name: 'CustomerBillOnDemand_Create' })
export class CustomerBillOnDemandCreateDto extends ExtensibleDto {
  /** Additional data describing the customer bill on demand request. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** The last date time when the customer bill on demand has been updated (set by the server). */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** Friendly name to identify the customer bill on demand request. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  /** The billing account to bill now. */
  @IsDefined()
  @ValidateNested()
  @Type(() => BillingAccountRefDto)
  billingAccount!: BillingAccountRefDto;

  /** The customer bill produced by the request (set by the server). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRefDto)
  customerBill?: BillRefDto;

  /** The party (or party role) requesting the bill. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillRelatedPartyRefDto)
  relatedParty?: BillRelatedPartyRefDto;

  /** State of the request (StateValues: inProgress, rejected, done, terminatedWithError; set by the server). */
  @IsOptional()
  @ApiProperty({ required: false, enum: ON_DEMAND_STATES, enumName: 'StateValues' }) // the plugin cannot infer an enum from IsIn
  @IsIn(ON_DEMAND_STATES)
  state?: string;
}

/** TMF678 CustomerBillOnDemand as returned by the API. */
@ApiSchema({ name: 'CustomerBillOnDemand' })
export class CustomerBillOnDemandDto extends CustomerBillOnDemandCreateDto {
  /** Unique identifier of the customer bill on demand request given by the server. */
  @IsString()
  @MaxLength(200)
  id!: string;

  /** Reference of the customer bill on demand request. */
  @IsString()
  @MaxLength(2000)
  href!: string;
}

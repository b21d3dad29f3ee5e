import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AttachmentRefOrValueDto, ExtensibleDto, MoneyDto, TimePeriodDto } from '../../tmf/dto/common.dto';
import { IsDateTime } from '../../tmf/schema/date-time';
import {
  AppliedPaymentDto,
  BillingAccountRefDto,
  BillRelatedPartyRefDto,
  BillTaxItemDto,
  FinancialAccountRefDto,
  PaymentMethodRefDto,
} from './bill-parts.dto';

/** Valid values for the state of a customer bill (TMF678 stateValue). */
export const CUSTOMER_BILL_STATES = ['new', 'onHold', 'validated', 'sent', 'partiallyPaid', 'settled'];

/**
 * TMF678 CustomerBill. The billing account receives all charges (recurring, one time and usage) of the offers and
 * products assigned to it during order process. Periodically according to billing cycle specifications attached to the
 * billing account or as a result of an event, a customer bill (aka invoice) is produced. This customer bill concerns
 * different related parties which play a role on it: for example, a customer bill is produced by an operator, is sent
 * to a bill receiver and has to be paid by a payer.
 * A payment method could be assigned to the customer bill to build the call of payment. Lettering process enables to
 * assign automatically or manually incoming amount from payments to customer bills (payment items).
 * A tax item is created for each tax rate used in the customer bill.
 * The financial account represents a financial entity which records all customer's accounting events: payment amount
 * are recorded as credit and invoices amount are recorded as debit. It gives the customer overall balance (account
 * balance).
 * The customer bill is linked to one or more documents that can be downloaded via a provided url.
 * Every attribute is optional here: the server creates bills, and the toolkit validates stored bills against this class.
 */
@ApiSchema({ name: 'CustomerBill' })
export class CustomerBillDto extends ExtensibleDto {
  /** Unique identifier of the bill. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  /** Bill unique reference. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  href?: string;

  /** Bill date. */
  @IsOptional()
  @IsDateTime()
  billDate?: string;

  /** Bill reference known by the customer or the party and displayed on the bill. Could be different from the id. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  billNo?: string;

  /** Category of the bill produced: normal, duplicate, interim, last, trial customer or credit note for example. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  category?: string;

  /** Date of bill last update. */
  @IsOptional()
  @IsDateTime()
  lastUpdate?: string;

  /** Approximate date of the next bill production given for information (only used for onCycle bill). */
  @IsOptional()
  @IsDateTime()
  nextBillDate?: string;

  /** Date at which the amount due should have been paid. */
  @IsOptional()
  @IsDateTime()
  paymentDueDate?: string;

  /**
   * onCycle (a bill can be created as a result of a cycle run) or offCycle (a bill can be created as a result of other
   * events such as customer request or account close).
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  runType?: string;

  /** Amount due for this bill. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountDue?: MoneyDto;

  /** Payments (parts of payments) assigned to this bill by the lettering process. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppliedPaymentDto)
  appliedPayment?: AppliedPaymentDto[];

  /** Documents of the bill, which can be downloaded via a provided url. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefOrValueDto)
  billDocument?: AttachmentRefOrValueDto[];

  /** The billing account the bill is produced for. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BillingAccountRefDto)
  billingAccount?: BillingAccountRefDto;

  /** The period the bill covers. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TimePeriodDto)
  billingPeriod?: TimePeriodDto;

  /** The financial account recording the accounting events of the customer (gives the overall balance). */
  @IsOptional()
  @ValidateNested()
  @Type(() => FinancialAccountRefDto)
  financialAccount?: FinancialAccountRefDto;

  /** The payment method assigned to the bill to build the call of payment. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentMethodRefDto)
  paymentMethod?: PaymentMethodRefDto;

  /** Parties playing a role on the bill, such as the bill receiver or the payer. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillRelatedPartyRefDto)
  relatedParty?: BillRelatedPartyRefDto[];

  /** Amount of the bill still to be paid. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  remainingAmount?: MoneyDto;

  /** State of the bill (stateValue: new, onHold, validated, sent, partiallyPaid, settled). */
  @IsOptional()
  @ApiProperty({ required: false, enum: CUSTOMER_BILL_STATES, enumName: 'stateValue' }) // the plugin cannot infer an enum from IsIn
  @IsIn(CUSTOMER_BILL_STATES)
  state?: string;

  /** Amount of the bill, taxes excluded. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxExcludedAmount?: MoneyDto;

  /** Amount of the bill, taxes included. */
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  taxIncludedAmount?: MoneyDto;

  /** One tax item for each tax rate and tax type used in the bill. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BillTaxItemDto)
  taxItem?: BillTaxItemDto[];
}

/** TMF678 CustomerBill_Update: only the state of a bill (and the polymorphism attributes) may be changed. */
@ApiSchema({ name: 'CustomerBill_Update' })
export class CustomerBillUpdateDto extends ExtensibleDto {
  /** State of the bill (stateValue: new, onHold, validated, sent, partiallyPaid, settled). */
  @IsOptional()
  @ApiProperty({ required: false, enum: CUSTOMER_BILL_STATES, enumName: 'stateValue' }) // the plugin cannot infer an enum from IsIn
  @IsIn(CUSTOMER_BILL_STATES)
  state?: string;
}

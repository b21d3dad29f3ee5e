import { Lifecycle } from '../../tmf/resource/lifecycle';
import { defineResource } from '../../tmf/resource/resource-definition';
import { AppliedCustomerBillingRateDto } from '../dto/applied-customer-billing-rate.dto';
import { CustomerBillOnDemandCreateDto } from '../dto/customer-bill-on-demand.dto';
import { CustomerBillDto } from '../dto/customer-bill.dto';

export const CUSTOMER_BILL_API = { api: 'TMF678', basePath: '/tmf-api/customerBillManagement/v4' };

/**
 * A bill's life cycle over the spec's states: `new` → `onHold` or `validated`; `onHold` → `validated`;
 * `validated` → `sent` (or back `onHold`); `sent` → `partiallyPaid` or `settled`; `partiallyPaid` → `settled`.
 */
export const CUSTOMER_BILL_LIFECYCLE = new Lifecycle('state', 'new', {
  new: ['onHold', 'validated'],
  onHold: ['validated'],
  validated: ['onHold', 'sent'],
  sent: ['partiallyPaid', 'settled'],
  partiallyPaid: ['settled'],
  settled: [],
});

/** Bills are made by billing (bill runs, on-demand requests); a client may only move their state. */
export const CUSTOMER_BILL = defineResource({
  name: 'customerBill',
  type: 'CustomerBill',
  ...CUSTOMER_BILL_API,
  schema: CustomerBillDto,
  table: {
    table: 'customer_bill',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      state: { column: 'state', type: 'text' },
      billNo: { column: 'bill_no', type: 'text' },
      billDate: { column: 'bill_date', type: 'timestamptz' },
      runType: { column: 'run_type', type: 'text' },
      'billingAccount.id': { column: 'billing_account_id', type: 'uuid' },
    },
  },
  stateAttribute: 'state',
  lifecycle: CUSTOMER_BILL_LIFECYCLE,
  lastUpdateAttribute: 'lastUpdate',
  readOnly: [
    'billNo', 'billDate', 'billingPeriod', 'paymentDueDate', 'nextBillDate', 'runType', 'category', 'amountDue', 'remainingAmount',
    'taxExcludedAmount', 'taxIncludedAmount', 'taxItem', 'billingAccount', 'financialAccount', 'relatedParty', 'billDocument',
    'appliedPayment', 'paymentMethod', 'recommendedOffer',
  ],
});

/** Rates are written by billing and only read through the API. */
export const APPLIED_CUSTOMER_BILLING_RATE = defineResource({
  name: 'appliedCustomerBillingRate',
  type: 'AppliedCustomerBillingRate',
  ...CUSTOMER_BILL_API,
  schema: AppliedCustomerBillingRateDto,
  table: {
    table: 'applied_billing_rate',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      type: { column: 'type', type: 'text' },
      isBilled: { column: 'is_billed', type: 'boolean' },
      date: { column: 'rate_date', type: 'timestamptz' },
      'bill.id': { column: 'bill_id', type: 'uuid' },
      'billingAccount.id': { column: 'billing_account_id', type: 'uuid' },
      'product.id': { column: 'product_id', type: 'uuid' },
    },
  },
  events: false,
});

export const ON_DEMAND_LIFECYCLE = new Lifecycle('state', 'inProgress', {
  inProgress: ['done', 'terminatedWithError', 'rejected'],
  done: [],
  terminatedWithError: [],
  rejected: [],
});

/** A request to bill one account now (off cycle), processed by a job. */
export const CUSTOMER_BILL_ON_DEMAND = defineResource({
  name: 'customerBillOnDemand',
  type: 'CustomerBillOnDemand',
  ...CUSTOMER_BILL_API,
  schema: CustomerBillOnDemandCreateDto,
  table: {
    table: 'customer_bill_on_demand',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      state: { column: 'state', type: 'text' },
      'billingAccount.id': { column: 'billing_account_id', type: 'uuid' },
    },
  },
  stateAttribute: 'state',
  lifecycle: ON_DEMAND_LIFECYCLE,
  lastUpdateAttribute: 'lastUpdate',
  readOnly: ['state', 'customerBill'],
  // set by the job together with the final state (the bill made, or the reason it ended in error)
  bookkeepingAttributes: ['customerBill', 'description'],
});

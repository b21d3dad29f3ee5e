import { defineResource } from '../../tmf/resource/resource-definition';
import { BillRunDto } from '../dto/bill-run.dto';

export const BILLING_API = { api: 'BSS-BILLING', basePath: '/bss/billing/v1' };

/** A bill run, listed and retrieved through the toolkit; created and advanced by BillRunService and its jobs. */
export const BILL_RUN = defineResource({
  name: 'billRun',
  type: 'BillRun',
  ...BILLING_API,
  schema: BillRunDto,
  table: {
    table: 'bill_run',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      state: { column: 'state', type: 'text' },
      dryRun: { column: 'dry_run', type: 'boolean' },
      'billingPeriod.startDateTime': { column: 'period_start', type: 'timestamptz' },
      'billingPeriod.endDateTime': { column: 'period_end', type: 'timestamptz' },
    },
  },
  events: false,
});

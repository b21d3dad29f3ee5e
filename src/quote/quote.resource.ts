import { Lifecycle } from '../tmf/resource/lifecycle';
import { defineResource } from '../tmf/resource/resource-definition';
import { QuoteCreateDto } from './dto/quote.dto';

export const QUOTE_API = { api: 'TMF648', basePath: '/tmf-api/quoteManagement/v4' };

/** States in which a quote is still open: its items may change, and it expires at the end of its validFor. */
export const OPEN_QUOTE_STATES = ['inProgress', 'pending', 'approved'];
export const FINAL_QUOTE_STATES = ['accepted', 'rejected', 'cancelled'];

/**
 * TMF648 quote life cycle: `inProgress` ⇄ `pending` (information required) → `approved` → `accepted`; `rejected`
 * or `cancelled` from any open state. The final states are final.
 */
export const QUOTE_LIFECYCLE = new Lifecycle('state', 'inProgress', {
  inProgress: ['pending', 'approved', 'rejected', 'cancelled'],
  pending: ['inProgress', 'approved', 'rejected', 'cancelled'],
  approved: ['accepted', 'rejected', 'cancelled'],
  accepted: [],
  rejected: [],
  cancelled: [],
});

export const INFORMATION_REQUIRED_EVENT = 'QuoteInformationRequiredEvent';

export const QUOTE = defineResource({
  name: 'quote',
  type: 'Quote',
  ...QUOTE_API,
  schema: QuoteCreateDto,
  table: {
    table: 'quote',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      state: { column: 'state', type: 'text' },
      quoteDate: { column: 'quote_date', type: 'timestamptz' },
    },
    derivedColumns: [{ column: 'valid_until', type: 'timestamptz', value: (doc) => (doc.validFor as { endDateTime?: string } | undefined)?.endDateTime }],
  },
  stateAttribute: 'state',
  lifecycle: QUOTE_LIFECYCLE,
  readOnly: ['quoteDate', 'effectiveQuoteCompletionDate', 'quoteTotalPrice', 'version'],
  bookkeepingAttributes: ['version', 'effectiveQuoteCompletionDate'],
  domainEvents: [INFORMATION_REQUIRED_EVENT],
});

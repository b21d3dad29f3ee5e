import { defineResource } from '../../tmf/resource/resource-definition';
import { SegmentMembershipDocumentDto } from '../dto/segment-membership.dto';
import { SEGMENTATION_API } from '../segment/market-segment.resource';

/**
 * The membership ledger, read-only on the toolkit (the evaluator writes it). Besides attribute filters it takes
 * `asOf` (the entries in force at an instant) and `billRun.id` (the entries and exits of one bill run), which are
 * conditions over two columns each, not attributes.
 */
export const SEGMENT_MEMBERSHIP = defineResource({
  name: 'membership',
  type: 'SegmentMembership',
  ...SEGMENTATION_API,
  schema: SegmentMembershipDocumentDto,
  table: {
    table: 'segment_membership',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      'customer.id': { column: 'customer_id', type: 'uuid' },
      'marketSegment.id': { column: 'market_segment_id', type: 'uuid' },
      'validFor.startDateTime': { column: 'valid_from', type: 'timestamptz' },
      'validFor.endDateTime': { column: 'valid_to', type: 'timestamptz' },
    },
    queryParameters: {
      asOf: {
        type: 'timestamptz',
        condition: (at) => `"valid_from" <= ${at} AND ("valid_to" IS NULL OR "valid_to" > ${at})`,
        description:
          'The entries in force at this instant: `now` or an RFC 3339 date-time (e.g. 2026-11-01T00:00:00Z). ' +
          "A segment's members are `marketSegment.id=…&asOf=now`; a customer's segments on a bill date `customer.id=…&asOf=…`.",
      },
      'billRun.id': {
        type: 'uuid',
        condition: (run) => `("entry_bill_run_id" = ${run} OR "exit_bill_run_id" = ${run})`,
        description: 'The entries and exits one bill run made (its id).',
      },
    },
  },
  events: false,
});

import { Lifecycle } from '../../tmf/resource/lifecycle';
import { defineResource } from '../../tmf/resource/resource-definition';
import { MarketSegmentDocumentDto } from '../dto/market-segment.dto';

export const SEGMENTATION_API = { api: 'BSS-SEGMENTATION', basePath: '/bss/segmentation/v1' };

/**
 * draft → active → retired, or draft → retired. Retired is final: a retired segment's memberships were closed, and
 * reactivating it would restart them under a definition integrators had given up; define a new segment instead.
 */
export const SEGMENT_LIFECYCLE = new Lifecycle('status', 'draft', { draft: ['active', 'retired'], active: ['retired'], retired: [] });

/** A segment definition on the toolkit (CRUD, filters, hub events); its rules are MarketSegmentService's. */
export const MARKET_SEGMENT = defineResource({
  name: 'marketSegment',
  type: 'MarketSegment',
  ...SEGMENTATION_API,
  schema: MarketSegmentDocumentDto,
  table: {
    table: 'market_segment',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      name: { column: 'name', type: 'text' },
      kind: { column: 'kind', type: 'text' },
      status: { column: 'status', type: 'text' },
      version: { column: 'version', type: 'numeric' },
    },
  },
  readOnly: ['version', 'learned'],
  stateAttribute: 'status',
  lifecycle: SEGMENT_LIFECYCLE,
  lastUpdateAttribute: 'lastUpdate',
  // the version moves with the rule: the event names the rule, not the version as well
  bookkeepingAttributes: ['version'],
});

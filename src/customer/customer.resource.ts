import { defineResource } from '../tmf/resource/resource-definition';
import { CustomerCreateDto } from './dto/customer.dto';

export const CUSTOMER_API = { api: 'TMF629', basePath: '/tmf-api/customerManagement/v4' };

export const CUSTOMER = defineResource({
  name: 'customer',
  type: 'Customer',
  ...CUSTOMER_API,
  schema: CustomerCreateDto,
  table: {
    table: 'customer',
    keyColumns: {
      id: { column: 'id', type: 'uuid' },
      name: { column: 'name', type: 'text' },
      status: { column: 'status', type: 'text' },
    },
  },
  stateAttribute: 'status',
  // the segmentation extension: only segment evaluation writes it (SegmentEvaluationRepository.refreshCustomers)
  readOnly: ['marketSegment'],
});

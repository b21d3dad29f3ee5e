/** Where the service serves the schema below: customers carrying the extension name it in `@schemaLocation`. */
export const CUSTOMER_SEGMENT_SCHEMA_PATH = '/openapi/schemas/CustomerMarketSegment.schema.json';

/**
 * The JSON Schema of the TMF629 Customer's segmentation extension, which customers name in `@schemaLocation`. Kept
 * in code so the built service serves it without files beside dist/; `npm run openapi` writes the committed copy,
 * openapi/schemas/CustomerMarketSegment.schema.json (checked for drift like the OpenAPI documents).
 */
export const CUSTOMER_MARKET_SEGMENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'CustomerMarketSegment',
  description:
    'TMF629 Customer extended with the market segments the customer is in now (dynamic segmentation). The extension ' +
    'adds one attribute to the TMF629 v4 Customer, which it otherwise leaves as it is: `marketSegment`, kept by the ' +
    'server after every bill run and within seconds of a change to the customer or a quote acceptance, absent when ' +
    'the customer is in no segment, and read-only for clients. Customers are filterable by it ' +
    '(`GET /tmf-api/customerManagement/v4/customer?marketSegment.id=<id>`); a change of it raises a ' +
    'CustomerAttributeValueChangeEvent with fieldPath `marketSegment`.',
  type: 'object',
  properties: {
    marketSegment: {
      description: 'The market segments the customer is in now, ordered by name.',
      type: 'array',
      minItems: 1,
      items: { $ref: '#/$defs/MarketSegmentRef' },
    },
  },
  $defs: {
    MarketSegmentRef: {
      title: 'MarketSegmentRef',
      description: 'Reference to a market segment of the segmentation API (/bss/segmentation/v1/marketSegment).',
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', description: 'Unique identifier of the market segment.' },
        href: { type: 'string', format: 'uri', description: 'Reference (URL) of the market segment.' },
        name: { type: 'string', description: 'Name of the market segment.' },
        '@referredType': { const: 'MarketSegment', description: 'The type of the referred entity.' },
      },
    },
  },
} as const;

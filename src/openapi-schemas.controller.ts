import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CUSTOMER_MARKET_SEGMENT_SCHEMA, CUSTOMER_SEGMENT_SCHEMA_PATH } from './customer/customer-market-segment.schema';

const SCHEMAS_PATH = '/openapi/schemas/';
// the route must be where `@schemaLocation` points
if (!CUSTOMER_SEGMENT_SCHEMA_PATH.startsWith(SCHEMAS_PATH)) throw new Error(`CUSTOMER_SEGMENT_SCHEMA_PATH must be under ${SCHEMAS_PATH}`);

/**
 * The JSON Schemas of our TMF extensions, read-only, where the resources' `@schemaLocation` points (TMF630
 * polymorphism). Not part of the OpenAPI documents: they are what those documents' extensions refer to.
 */
@ApiExcludeController()
@Controller(SCHEMAS_PATH)
export class OpenApiSchemasController {
  private readonly customerMarketSegment = JSON.stringify(CUSTOMER_MARKET_SEGMENT_SCHEMA, null, 2);

  @Get(CUSTOMER_SEGMENT_SCHEMA_PATH.slice(SCHEMAS_PATH.length))
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=3600')
  customerMarketSegmentSchema(): string {
    return this.customerMarketSegment;
  }
}

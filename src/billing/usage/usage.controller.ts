import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ApiTmfErrors } from '../../tmf/http';
import { jsonRecords, ndjsonRecords } from './record-streams';
import { MAX_RECORDS_PER_REQUEST, UsageIntakeResult, UsageIntakeService } from './usage-intake.service';

export const NDJSON = 'application/x-ndjson';

/** Usage intake for billing pipelines (not a TMF API: TMF635 has no bulk intake). */
@ApiTags('Billing')
@Controller('bss/billing/v1/usage')
export class UsageController {
  constructor(private readonly intake: UsageIntakeService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: `Pushes up to ${MAX_RECORDS_PER_REQUEST} rated usage records`,
    description:
      'NDJSON (`application/x-ndjson`, one record per line, streamed: the batch is never held in memory) or JSON (a list, or ' +
      '`{ "usage": [ … ] }`, within the 1 MB body limit). A record: `{ id, billingAccountId, productId?, usageDate, usageType, ' +
      'quantity, unit, amount, currency, description? }`, `amount` rated and tax excluded. Records already stored for the same ' +
      'billing account and id are counted as duplicates, not stored twice; invalid ones are listed with the reason.',
    operationId: 'pushUsage',
  })
  @ApiConsumes(NDJSON, 'application/json')
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiOkResponse({ description: 'What was stored: `{ received, accepted, duplicates, rejected: [{ index, id?, reason }] }`' })
  @ApiTmfErrors(400, 413, 415, 500, 503)
  push(@Req() req: FastifyRequest, @Body() body: unknown): Promise<UsageIntakeResult> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    return this.intake.ingest(type === NDJSON ? ndjsonRecords(body as Readable) : jsonRecords(body));
  }
}

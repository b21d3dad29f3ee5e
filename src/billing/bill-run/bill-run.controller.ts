import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiTmfErrors } from '../../tmf/http';
import { BillRunCreateDto, BillRunDto } from '../dto/bill-run.dto';
import { BILL_RUN } from './bill-run.resource';
import { BillRunService } from './bill-run.service';

/** `POST /bss/billing/v1/billRun`: closes a billing cycle asynchronously (list and retrieve are the toolkit's). */
@ApiTags('Billing')
@Controller(`${BILL_RUN.basePath.slice(1)}/${BILL_RUN.name}`)
export class BillRunController {
  constructor(private readonly runs: BillRunService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Starts a bill run: closes a billing cycle (or an explicit period) for the selected accounts',
    description:
      'Answers 202 with the run (state `acknowledged`) and its Location; poll it for state, counters, throughput and the ' +
      'estimated end. With `dryRun` the run rates everything and reports the totals, and the difference to the last real ' +
      'run, without writing bills.',
    operationId: 'createBillRun',
  })
  @ApiBody({ type: BillRunCreateDto })
  @ApiAcceptedResponse({ type: BillRunDto })
  @ApiTmfErrors(400, 413, 415, 500, 503)
  async create(@Body() body: BillRunCreateDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const run = await this.runs.request(body);
    reply.header('Location', run.href as string);
    return run;
  }
}

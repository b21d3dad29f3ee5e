import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { notFound } from '../../tmf/errors';
import { ApiTmfErrors } from '../../tmf/http';
import { BILL_DOCUMENT_PATH } from './billing.service';
import { BillDocumentRepository } from './bill-document.repository';
import { renderBillHtml } from './document/bill-document.html';
import { renderBillPdf } from './document/bill-document.pdf';

const FORMATS = { html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;

/** The rendered bill a CustomerBill's `billDocument` points to, made from the bill on request. */
@ApiTags('Billing')
@Controller(BILL_DOCUMENT_PATH.slice(1))
export class BillDocumentController {
  constructor(private readonly documents: BillDocumentRepository) {}

  @Get(':file')
  @ApiOperation({
    summary: 'The rendered bill: `{billId}.html` or `{billId}.pdf`',
    description: 'The account, the period, every charge grouped by product, the taxes by rate and the totals.',
    operationId: 'retrieveBillDocument',
  })
  @ApiProduces(FORMATS.html, FORMATS.pdf)
  @ApiOkResponse({ description: 'The bill document' })
  @ApiTmfErrors(404, 500, 503)
  async document(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | Buffer> {
    const match = /^(.+)\.(html|pdf)$/.exec(file);
    const view = match ? await this.documents.view(match[1]) : undefined;
    if (!match || !view) throw notFound('BillDocument', file);
    const format = match[2] as keyof typeof FORMATS;
    reply.header('Content-Type', FORMATS[format]).header('Content-Disposition', `inline; filename="bill-${view.billNo}.${format}"`);
    return format === 'html' ? renderBillHtml(view) : renderBillPdf(view);
  }
}

import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { conflict, notFound } from '../tmf/errors';
import { ApiTmfErrors } from '../tmf/http';
import { isUuid } from '../tmf/resource/document.repository';
import { EXPORT_JOB } from './catalog.resources';
import { CATALOG_FILE_TYPE } from './transfer/catalog-file';
import { CatalogTransferRepository } from './transfer/catalog-transfer.repository';

/** Serves the file of a finished export job: the `url` the job reports. */
@ApiTags('TMF620 Product Catalog')
@Controller(`${EXPORT_JOB.basePath.slice(1)}/${EXPORT_JOB.name}`)
export class ExportFileController {
  constructor(private readonly jobs: CatalogTransferRepository) {}

  @Get(':id/content')
  @ApiOperation({
    summary: 'Downloads the file an export job wrote (an extension: the job’s url)',
    description: 'A JSON object with a list per catalog collection, each resource as the API returns it. An import job reads it back.',
    operationId: 'retrieveExportJobContent',
  })
  @ApiProduces(CATALOG_FILE_TYPE)
  @ApiOkResponse({ description: 'The exported catalog' })
  @ApiTmfErrors(404, 409, 500, 503)
  async content(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const file = isUuid(id) ? await this.jobs.exportContent(EXPORT_JOB.table.table, id) : undefined;
    if (!file) throw notFound(EXPORT_JOB.type, id);
    if (file.status !== 'Succeeded' || file.content === null) throw conflict('exportNotReady', `ExportJob '${id}' is ${file.status}; its file is served once it has Succeeded`);
    reply.header('Content-Type', CATALOG_FILE_TYPE).header('Content-Disposition', `attachment; filename="catalog-export-${id}.json"`);
    return file.content;
  }
}

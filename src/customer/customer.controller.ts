import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiTmfErrors, ApiTmfList, rawQuery, setListHeaders } from '../tmf/http';
import { JSON_PATCH, MERGE_PATCH } from '../tmf/patch';
import { CustomerCreateDto, CustomerDto, CustomerUpdateDto } from './dto/customer.dto';
import { CUSTOMER } from './customer.resource';
import { CustomerService } from './customer.service';

@ApiTags('TMF629 Customer')
@Controller(`${CUSTOMER.basePath.slice(1)}/${CUSTOMER.name}`)
export class CustomerController {
  constructor(private readonly customers: CustomerService) {}

  @Get()
  @ApiOperation({ summary: 'List or find Customer objects', operationId: 'listCustomer' })
  @ApiTmfList()
  @ApiOkResponse({ type: [CustomerDto] })
  @ApiTmfErrors(400, 500, 503)
  async list(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const query = rawQuery(req);
    const result = await this.customers.list(query);
    setListHeaders(reply, result, this.customers.collectionUrl, query);
    return result.items;
  }

  @Post()
  @ApiOperation({ summary: 'Creates a Customer', operationId: 'createCustomer' })
  @ApiCreatedResponse({ type: CustomerDto })
  @ApiTmfErrors(400, 413, 415, 500, 503)
  async create(@Body() body: CustomerCreateDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const customer = await this.customers.create(body);
    reply.status(201).header('Location', customer.href as string);
    return customer;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Retrieves a Customer by ID', operationId: 'retrieveCustomer' })
  @ApiQuery({ name: 'fields', required: false, description: 'Comma-separated attributes to return' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiTmfErrors(400, 404, 500, 503)
  retrieve(@Param('id') id: string, @Query('fields') fields?: string) {
    return this.customers.retrieve(id, fields);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Updates partially a Customer (merge patch or JSON Patch)', operationId: 'patchCustomer' })
  @ApiConsumes(MERGE_PATCH, 'application/json', JSON_PATCH)
  @ApiBody({ type: CustomerUpdateDto, description: 'RFC 7396 merge patch, or an RFC 6902 operation list with application/json-patch+json' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiTmfErrors(400, 404, 409, 413, 415, 500, 503)
  patch(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest) {
    return this.customers.patch(id, body, req.headers['content-type']);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a Customer', operationId: 'deleteCustomer' })
  @ApiNoContentResponse()
  @ApiTmfErrors(404, 500, 503)
  async delete(@Param('id') id: string): Promise<void> {
    await this.customers.delete(id);
  }
}

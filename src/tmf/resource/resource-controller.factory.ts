import { applyDecorators, Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiTmfErrors, ApiTmfList, rawQuery, setListHeaders } from '../http';
import { JSON_PATCH, MERGE_PATCH } from '../patch';
import { strictValidationPipe } from '../validation';
import { ResourceDefinition } from './resource-definition';
import { TmfResourceService } from './resource.service';

/** The Nest token under which a resource's service is provided, e.g. `TMF620/ProductOffering`. */
export const resourceServiceToken = (def: ResourceDefinition) => `${def.api}/${def.type}`;

export interface ResourceControllerOptions {
  def: ResourceDefinition;
  tag: string;
  /** The TMF `<Type>_Create`, `<Type>_Update` and `<Type>` schemas (create: the body of POST, when offered). */
  dto: { create?: Type<object>; update?: Type<object>; read: Type<object> };
  /** The operations the API offers (default: all of them; patch only with an update schema). */
  operations?: Operation[];
}

export type Operation = 'list' | 'retrieve' | 'create' | 'patch' | 'delete';

/** OpenAPI entries for the named query parameters of a resource's list (see TableMapping.queryParameters). */
function ApiQueryParameters(def: ResourceDefinition) {
  const parameters = Object.entries(def.table.queryParameters ?? {});
  return applyDecorators(
    ...parameters.map(([name, p]) =>
      ApiQuery({ name, required: false, type: p.type === 'numeric' ? Number : p.type === 'boolean' ? Boolean : String, description: p.description }),
    ),
  );
}

/**
 * The TMF630 operations of one resource — list, retrieve, and those of create, delete and patch (with an update
 * schema) that the API offers — as a thin controller over the resource's TmfResourceService; each optional
 * operation is a subclass, so an API without it has no route for it. Bodies are validated against the
 * create schema by the strict pipe (the global pipe cannot see the class through the factory).
 */
export function resourceController({ def, tag, dto, operations }: ResourceControllerOptions): Type<unknown> {
  const path = `${def.basePath.replace(/^\//, '')}/${def.name}`;
  const offered: Operation[] = operations ?? ['list', 'retrieve', 'create', 'patch', 'delete'];

  @ApiTags(tag)
  @Controller(path)
  class ResourceController {
    constructor(@Inject(resourceServiceToken(def)) readonly service: TmfResourceService) {}

    @Get()
    @ApiOperation({ summary: `List or find ${def.type} objects`, operationId: `list${def.type}` })
    @ApiTmfList()
    @ApiQueryParameters(def)
    @ApiOkResponse({ type: [dto.read] })
    @ApiTmfErrors(400, 500, 503)
    async list(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
      const query = rawQuery(req);
      const result = await this.service.list(query);
      setListHeaders(reply, result, this.service.collectionUrl, query);
      return result.items;
    }

    @Get(':id')
    @ApiOperation({ summary: `Retrieves a ${def.type} by ID`, operationId: `retrieve${def.type}` })
    @ApiQuery({ name: 'fields', required: false, description: 'Comma-separated attributes to return' })
    @ApiOkResponse({ type: dto.read })
    @ApiTmfErrors(400, 404, 500, 503)
    retrieve(@Param('id') id: string, @Query('fields') fields?: string) {
      return this.service.retrieve(id, fields);
    }
  }

  let controller: Type<ResourceController> = ResourceController;
  if (offered.includes('create')) {
    const create = dto.create;
    if (!create) throw new Error(`${def.type}: a create operation needs a create schema`);
    @Controller(path) // the tag is inherited (repeating it would list it twice)
    class CreatableResourceController extends controller {
      @Post()
      @ApiOperation({ summary: `Creates a ${def.type}`, operationId: `create${def.type}` })
      @ApiBody({ type: create })
      @ApiCreatedResponse({ type: dto.read })
      @ApiTmfErrors(400, 413, 415, 500, 503)
      async create(@Body(strictValidationPipe(create)) body: object, @Res({ passthrough: true }) reply: FastifyReply) {
        const created = await this.service.create(body);
        reply.status(201).header('Location', created.href as string);
        return created;
      }
    }
    controller = CreatableResourceController;
  }
  if (offered.includes('delete')) {
    @Controller(path) // the tag is inherited (repeating it would list it twice)
    class DeletableResourceController extends controller {
      @Delete(':id')
      @HttpCode(204)
      @ApiOperation({ summary: `Deletes a ${def.type}`, operationId: `delete${def.type}` })
      @ApiNoContentResponse()
      @ApiTmfErrors(404, 409, 500, 503)
      async delete(@Param('id') id: string): Promise<void> {
        await this.service.delete(id);
      }
    }
    controller = DeletableResourceController;
  }
  if (dto.update && offered.includes('patch')) {
    @Controller(path) // the tag is inherited (repeating it would list it twice)
    class PatchableResourceController extends controller {
      @Patch(':id')
      @ApiOperation({ summary: `Updates partially a ${def.type} (merge patch or JSON Patch)`, operationId: `patch${def.type}` })
      @ApiConsumes(MERGE_PATCH, 'application/json', JSON_PATCH)
      @ApiBody({ type: dto.update, description: 'RFC 7396 merge patch, or an RFC 6902 operation list with application/json-patch+json' })
      @ApiOkResponse({ type: dto.read })
      @ApiTmfErrors(400, 404, 409, 413, 415, 500, 503)
      patch(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest) {
        return this.service.patch(id, body, req.headers['content-type']);
      }
    }
    controller = PatchableResourceController;
  }
  Object.defineProperty(controller, 'name', { value: `${def.type}Controller` });
  return controller;
}

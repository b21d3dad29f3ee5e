import { Body, Controller, Delete, HttpCode, Param, Post, Res, Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiTmfErrors } from '../http';
import { EventSubscriptionDto, EventSubscriptionInputDto } from './hub.dto';
import { ApiDefinition, HubService } from './hub.service';

/** The TMF630 hub of one API: `POST {basePath}/hub` and `DELETE {basePath}/hub/{id}`. */
export function hubController(api: ApiDefinition, tag: string): Type<unknown> {
  @ApiTags(tag)
  @Controller(`${api.basePath.replace(/^\//, '')}/hub`)
  class HubController {
    constructor(readonly hub: HubService) {}

    @Post()
    @ApiOperation({ summary: 'Register a listener', operationId: 'registerListener' })
    @ApiCreatedResponse({ type: EventSubscriptionDto })
    @ApiTmfErrors(400, 500)
    async register(@Body() input: EventSubscriptionInputDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventSubscriptionDto> {
      const subscription = await this.hub.subscribe(api, input);
      reply.status(201).header('Location', this.hub.hubUrl(api, subscription.id));
      return subscription;
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiOperation({ summary: 'Unregister a listener', operationId: 'unregisterListener' })
    @ApiNoContentResponse()
    @ApiTmfErrors(404, 500)
    async unregister(@Param('id') id: string): Promise<void> {
      await this.hub.unsubscribe(api, id);
    }
  }
  Object.defineProperty(HubController, 'name', { value: `${api.api}HubController` });
  return HubController;
}

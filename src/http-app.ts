import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { requestId } from './observability/logging';
import { MetricsService } from './observability/metrics.service';
import { setupOpenApi } from './openapi';
import { TmfExceptionFilter } from './tmf/tmf-exception.filter';
import { JSON_PATCH, MERGE_PATCH } from './tmf/patch';
import { strictValidationPipe } from './tmf/validation';

export const BODY_LIMIT = 1024 * 1024;

/** The HTTP application (not yet listening): Fastify, strict validation, TMF errors, metrics, Swagger UI. */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, return503OnClosing: true, forceCloseConnections: 'idle', genReqId: requestId });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();

  // PATCH media types parse as JSON; plain text is not a TMF payload, so it gets 415 instead of a string body
  fastify.addContentTypeParser([MERGE_PATCH, JSON_PATCH], { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
  fastify.removeContentTypeParser('text/plain');

  // Fastify's own errors (malformed JSON, body too large, media type) reach the global filter through Nest's
  // error handler as HttpExceptions with their status.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });

  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new TmfExceptionFilter());
  await setupOpenApi(app as INestApplication);
  return app;
}

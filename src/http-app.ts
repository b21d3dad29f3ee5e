import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyError, FastifyReply, FastifyRequest, LogController } from 'fastify';
import { AppModule } from './app.module';
import { NDJSON } from './billing/usage/usage.controller';
import { AppConfig } from './config/config';
import { createLogger, PinoNestLogger, requestId } from './observability/logging';
import { MetricsService } from './observability/metrics.service';
import { setupOpenApi } from './openapi';
import { mapError } from './tmf/error-mapping';
import { assertNoPrototypeKeys, assertSafeJsonText } from './tmf/json-body';
import { TmfExceptionFilter } from './tmf/tmf-exception.filter';
import { JSON_PATCH, MERGE_PATCH } from './tmf/patch';
import { strictValidationPipe } from './tmf/validation';

export const BODY_LIMIT = 1024 * 1024;
// health and metrics probes would drown the access log
const PROBES = /^\/(health|metrics)/;

/** The HTTP application (not yet listening): Fastify, strict validation, TMF errors, metrics, Swagger UI. */
const BODILESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // one access-log line per request, written with the metrics in onResponse below
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: requestId,
    // malformed URLs and over-long path parameters fail in the router, before Nest: answer them the TMF way too
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const mapped = mapError(error);
      void reply.status(mapped.status).header('X-Request-Id', request.id).send(mapped.body);
    },
  });
  // bodyParser: false — the JSON parsers below replace Nest's
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { logger: new PinoNestLogger(logger), bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();

  // JSON bodies (also the PATCH media types): Fastify's parser (which refuses __proto__ / constructor
  // poisoning) after a scan for excessive nesting and NUL characters, then a check for prototype-named keys.
  // Plain text is not a TMF payload, so it gets 415 instead of a string body. Parser errors (malformed JSON,
  // body too large, media type) reach the global filter through Nest's error handler with their status.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(['application/json', MERGE_PATCH, JSON_PATCH], { parseAs: 'string' }, (request, body, done) => {
    // clients (the TMF kits among them) send Content-Type: application/json on every request, DELETE included
    if (body === '' && BODILESS_METHODS.has(request.method)) return done(null, undefined);
    try {
      assertSafeJsonText(body as string);
    } catch (e) {
      return done(e as Error, undefined);
    }
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      try {
        assertNoPrototypeKeys(value);
      } catch (e) {
        return done(e as Error, undefined);
      }
      done(null, value);
    });
  });

  // NDJSON (usage intake) is handed to the controller as the raw stream, read line by line as it arrives
  fastify.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });

  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (!PROBES.test(route)) {
      const status = reply.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      request.log[level]({ req: { method: request.method, url: request.url }, res: { statusCode: status }, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
    }
    done();
  });

  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new TmfExceptionFilter());
  await setupOpenApi(app as INestApplication);
  return app;
}

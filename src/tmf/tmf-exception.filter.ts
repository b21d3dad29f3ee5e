import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping';

/** The one global exception filter: every error leaves as a TMF Error body; unexpected ones are logged with an id. */
@Catch()
export class TmfExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const mapped = mapError(exception);
    // the request's own logger, so the line carries its reqId
    if (mapped.errorId) {
      request.log.error({ errorId: mapped.errorId, err: exception, method: request.method, url: request.url }, `unexpected error ${mapped.errorId}`);
    } else if (mapped.status >= 500) {
      request.log.warn({ status: mapped.status, err: (exception as Error)?.message }, mapped.body.message ?? mapped.body.reason);
    }
    if (reply.sent) return;
    reply.status(mapped.status).header('Content-Type', 'application/json; charset=utf-8').send(mapped.body);
  }
}

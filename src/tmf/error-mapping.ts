import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TmfErrorBody, TmfException } from './errors';

export interface MappedError {
  status: number;
  body: TmfErrorBody;
  /** Set for unexpected errors: the id that the response and the log line share. */
  errorId?: string;
}

const REASONS: Record<number, [string, string]> = {
  400: ['badRequest', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['notFound', 'Not Found'],
  405: ['methodNotAllowed', 'Method Not Allowed'],
  406: ['notAcceptable', 'Not Acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payloadTooLarge', 'Payload Too Large'],
  415: ['unsupportedMediaType', 'Unsupported Media Type'],
  429: ['tooManyRequests', 'Too Many Requests'],
  503: ['serviceUnavailable', 'Service Unavailable'],
};

// Fastify's own request errors (body parsing, size, media type) are the client's fault: keep their status.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformedJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformedJson',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'badRequest',
  FST_ERR_CTP_INVALID_TYPE: 'unsupportedMediaType',
};

function body(status: number, code: string, reason: string, message?: string): TmfErrorBody {
  return { code, reason, ...(message ? { message } : {}), status: String(status), '@type': 'Error' };
}

/** Database unavailable (connection refused, lost, shutting down, too many clients): a 503, not a 500. */
function isDatabaseUnavailable(e: { code?: string; message?: string }): boolean {
  const code = e.code ?? '';
  return (
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(e.message ?? '')
  );
}

/** Turns anything thrown while serving a request into a status and a TMF Error body. */
export function mapError(error: unknown): MappedError {
  if (error instanceof TmfException) return { status: error.getStatus(), body: error.toBody() };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const [code, reason] = REASONS[status] ?? [String(status), error.name];
    const response = error.getResponse();
    const message = typeof response === 'object' && response && 'message' in response ? [(response as { message: unknown }).message].flat().join('; ') : error.message;
    return { status, body: body(status, code, reason, message) };
  }
  const e = (error ?? {}) as { statusCode?: number; code?: string; message?: string };
  if (e.code && FASTIFY_CODES[e.code] && e.statusCode) {
    const status = e.statusCode;
    return { status, body: body(status, FASTIFY_CODES[e.code], REASONS[status]?.[1] ?? 'Bad Request', e.message) };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const [code, reason] = REASONS[e.statusCode] ?? ['badRequest', 'Bad Request'];
    return { status: e.statusCode, body: body(e.statusCode, code, reason, e.message) };
  }
  // text PostgreSQL cannot store or read (NUL, invalid encoding) is bad input that slipped past validation
  if (e.code === '22021' || e.code === '22P05') {
    return { status: 400, body: body(400, 'invalidCharacter', 'Bad Request', 'The request contains characters that cannot be stored') };
  }
  if (isDatabaseUnavailable(e)) {
    return { status: 503, body: body(503, 'serviceUnavailable', 'Service Unavailable', 'The database is unavailable; retry later') };
  }
  const errorId = randomUUID();
  return { status: 500, errorId, body: body(500, 'internalError', 'Internal Server Error', `Unexpected error; quote error id ${errorId} when reporting it`) };
}

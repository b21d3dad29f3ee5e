import { HttpException, HttpStatus } from '@nestjs/common';

/** The TMF630 Error resource. `code` and `status` are strings, as the v4 specs type them. */
export interface TmfErrorBody {
  code: string;
  reason: string;
  message?: string;
  status: string;
  referenceError?: string;
  '@type': 'Error';
}

/** An error that leaves the API as a TMF Error body. `code` is a stable, machine-readable slug. */
export class TmfException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly reason: string,
    message?: string,
    readonly referenceError?: string,
  ) {
    super({ code, reason, message, referenceError }, status);
    if (message) this.message = message;
  }

  toBody(): TmfErrorBody {
    const body: TmfErrorBody = { code: this.code, reason: this.reason, status: String(this.getStatus()), '@type': 'Error' };
    if (this.message && this.message !== this.reason) body.message = this.message;
    if (this.referenceError) body.referenceError = this.referenceError;
    return body;
  }
}

export const badRequest = (code: string, message: string, referenceError?: string) =>
  new TmfException(HttpStatus.BAD_REQUEST, code, 'Bad Request', message, referenceError);

export const notFound = (resource: string, id: string, href?: string) =>
  new TmfException(HttpStatus.NOT_FOUND, 'notFound', 'Not Found', `${resource} '${id}' was not found`, href);

export const conflict = (code: string, message: string, referenceError?: string) =>
  new TmfException(HttpStatus.CONFLICT, code, 'Conflict', message, referenceError);

export const unsupportedMediaType = (contentType: string, supported: string[]) =>
  new TmfException(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'unsupportedMediaType',
    'Unsupported Media Type',
    `Content-Type '${contentType}' is not supported here; use one of ${supported.join(', ')}`,
  );

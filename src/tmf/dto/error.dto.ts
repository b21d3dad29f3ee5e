import { ApiSchema } from '@nestjs/swagger';

/** TMF630 Error: the body of every 4xx and 5xx answer. */
@ApiSchema({ name: 'Error' })
export class ErrorDto {
  /** Application error code, e.g. `invalidQuery`, `notFound`. */
  code!: string;
  /** Short explanation, e.g. `Bad Request`. */
  reason!: string;
  /** What went wrong and how to correct it. */
  message?: string;
  /** The HTTP status, as a string. */
  status!: string;
  /** For a reference that does not resolve: the href it would have. */
  referenceError?: string;
  /** Always `Error`. */
  '@type'!: string;
}

import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from './dto/error.dto';
import { FastifyReply, FastifyRequest } from 'fastify';
import { linkHeader } from './paging';
import { DEFAULT_LIMIT, MAX_LIMIT } from './query/query-parser';
import { ListResult } from './resource/resource.service';

/** The query string exactly as sent (filters need repeated keys and `>=` forms that a parsed object loses). */
export function rawQuery(req: FastifyRequest): string {
  const at = req.url.indexOf('?');
  return at < 0 ? '' : req.url.slice(at + 1);
}

/** TMF630 list headers: X-Total-Count, X-Result-Count and Link. */
export function setListHeaders(reply: FastifyReply, result: ListResult, collectionUrl: string, query: string): void {
  reply.header('X-Total-Count', String(result.total)).header('X-Result-Count', String(result.items.length));
  const link = linkHeader(collectionUrl, query, result.query.offset, result.query.limit, result.total);
  if (link) reply.header('Link', link);
}

/** OpenAPI description of the TMF630 list parameters shared by every list operation. */
export function ApiTmfList() {
  return applyDecorators(
    ApiQuery({ name: 'fields', required: false, description: 'Comma-separated attributes to return (id, href and @type always are), e.g. `name,engagedParty.id`' }),
    ApiQuery({ name: 'offset', required: false, type: Number, description: 'Index of the first item to return (default 0)' }),
    ApiQuery({ name: 'limit', required: false, type: Number, description: `Number of items to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})` }),
    ApiQuery({ name: 'sort', required: false, description: 'Comma-separated attributes to sort on; `-` for descending, e.g. `name,-status`' }),
    ApiQuery({
      name: 'filter',
      required: false,
      description:
        'Any attribute, dotted paths into objects and arrays included: `name=Acme`, `relatedParty.id=42`, ' +
        '`status=Approved,Validated` (OR), `validFor.startDateTime.gte=2024-01-01T00:00:00Z`, `name.regex=^Ac`, `name>=M`. ' +
        'Operators: .eq .ne .gt .gte .lt .lte .regex and = > >= < <=. Several parameters are ANDed. (Not a parameter of its own.)',
    }),
  );
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: malformed JSON, wrong types, unknown attributes, invalid filter / fields / sort / paging',
  404: 'No resource with this id',
  409: 'Conflict (e.g. a failed JSON Patch test operation)',
  413: 'Body over 1 MB',
  415: 'Unsupported media type',
  500: 'Unexpected error; the message carries an error id that is also logged',
  503: 'A dependency (PostgreSQL, Redis) is unavailable',
};

/** Documents the TMF Error answers of an operation. */
export function ApiTmfErrors(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorDto })));
}

import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';
import applyMergePatch from 'json-merge-patch/lib/apply';
import { badRequest, conflict, unsupportedMediaType } from './errors';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
const SUPPORTED = [MERGE_PATCH, 'application/json', JSON_PATCH];

export type Json = Record<string, unknown>;

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Applies a PATCH body to a copy of `current` according to its media type: RFC 7396 merge patch for
 * `application/merge-patch+json` and `application/json`, RFC 6902 JSON Patch for `application/json-patch+json`.
 */
export function applyPatchBody(current: Json, body: unknown, contentType: string | undefined): Json {
  const type = mediaType(contentType);
  if (type === JSON_PATCH) return applyJsonPatch(current, body);
  if (type === MERGE_PATCH || type === 'application/json') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('invalidPatch', 'A merge patch must be a JSON object (use application/json-patch+json for an operation list)');
    }
    return applyMergePatch(structuredClone(current), body) as Json;
  }
  throw unsupportedMediaType(contentType ?? '(none)', SUPPORTED);
}

function applyJsonPatch(current: Json, body: unknown): Json {
  if (!Array.isArray(body)) throw badRequest('invalidPatch', 'A JSON Patch (RFC 6902) body must be an array of operations');
  try {
    const result = applyPatch(structuredClone(current), body as Operation[], true, true, true).newDocument;
    if (!result || typeof result !== 'object' || Array.isArray(result)) throw badRequest('invalidPatch', 'The patch must leave a JSON object');
    return result;
  } catch (e) {
    if (e instanceof JsonPatchError) {
      if (e.name === 'TEST_OPERATION_FAILED') {
        throw conflict('patchTestFailed', `JSON Patch test failed at operation ${Number(e.index) + 1} (${(e.operation as Operation)?.path})`);
      }
      const at = e.index !== undefined ? ` at operation ${Number(e.index) + 1}` : '';
      throw badRequest('invalidPatch', `Invalid JSON Patch${at}: ${e.message.split('\n')[0]}`);
    }
    throw e;
  }
}

import { applyOperation, JsonPatchError, Operation } from 'fast-json-patch';
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
    return applyMergePatch(cloneJson(current), body) as Json;
  }
  throw unsupportedMediaType(contentType ?? '(none)', SUPPORTED);
}

/** A copy of a JSON document (documents are plain JSON; unlike structuredClone, the copy shares the caller's realm). */
function cloneJson(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function applyJsonPatch(current: Json, body: unknown): Json {
  if (!Array.isArray(body)) throw badRequest('invalidPatch', 'A JSON Patch (RFC 6902) body must be an array of operations');
  let doc: unknown = cloneJson(current);
  // one operation at a time, so an error names the operation that caused it
  body.forEach((operation, i) => {
    try {
      doc = applyOperation(doc, operation as Operation, true, true, true, i).newDocument;
    } catch (e) {
      if (e instanceof JsonPatchError && e.name === 'TEST_OPERATION_FAILED') {
        throw conflict('patchTestFailed', `JSON Patch test failed at operation ${i + 1} (${(operation as Operation)?.path})`);
      }
      // JsonPatchError for malformed operations; TypeError for prototype-polluting paths
      throw badRequest('invalidPatch', `Invalid JSON Patch operation ${i + 1}: ${(e as Error).message.split('\n')[0]}`);
    }
  });
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest('invalidPatch', 'The patch must leave a JSON object');
  return doc as Json;
}

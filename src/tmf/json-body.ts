import { badRequest } from './errors';

export const MAX_JSON_DEPTH = 64;

/**
 * One pass over the raw JSON text, before parsing: nesting no deeper than MAX_JSON_DEPTH (deeper input would
 * exhaust the stack of the validators) and no NUL character (`\u0000`, which PostgreSQL cannot store in text).
 */
export function assertSafeJsonText(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (text.startsWith('u0000', i + 1)) throw badRequest('invalidBody', 'Text may not contain the NUL character (\\u0000)');
        i++; // skip the escaped character
      } else if (c === 0x22 /* " */) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest('invalidBody', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
}

/**
 * Object keys that name members of Object.prototype (`constructor`, `toString`, …) are not TMF attributes, and
 * class-validator's whitelist does not see them as unknown: refuse them anywhere in a document.
 */
export function assertNoPrototypeKeys(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoPrototypeKeys(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key in Object.prototype) throw badRequest('invalidBody', `'${at}' is not an attribute of this resource`);
      assertNoPrototypeKeys((value as Record<string, unknown>)[key], at);
    }
  }
}

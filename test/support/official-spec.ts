// Validation against the official TMF OpenAPI (Swagger 2.0) documents in ../shared/tmf/specs. They are reference
// material next to the project, not part of it: where they are absent the checks are skipped, visibly.
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SPECS_DIR = join(__dirname, '..', '..', '..', 'shared', 'tmf', 'specs');

export function specAvailable(file: string): boolean {
  const present = existsSync(join(SPECS_DIR, file));
  // straight to stderr: Jest may swallow console output of a file whose tests are all skipped
  if (!present) process.stderr.write(`\nSKIPPED: checks against the official ${file} (not found under ${SPECS_DIR})\n`);
  return present;
}

/** A validator for `#/definitions/<name>` of an official spec (strict: no additional checks beyond the spec). */
export function specValidator(file: string, definition: string): ValidateFunction {
  const spec = JSON.parse(readFileSync(join(SPECS_DIR, file), 'utf8')) as { definitions: Record<string, unknown> };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'spec', definitions: spec.definitions });
  return ajv.compile({ $ref: `spec#/definitions/${definition}` });
}

/** Readable ajv errors for an assertion message. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError, ValidatorOptions } from 'class-validator';
import { badRequest } from './errors';

export const VALIDATOR_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** "engagedParty.id must be a string; name should not be empty" — every constraint, with its dotted path. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${path}${m.slice(e.property.length)}` : m.replace(/^property (\S+) should not exist$/, `${path} is not an attribute of this resource`),
    );
    return [...own, ...describeValidationErrors(e.children ?? [], path)];
  });
}

/**
 * The strict global pipe: whitelist, forbid unknown attributes, transform; errors as one TMF 400. With
 * `expectedType`, a parameter pipe for bodies whose class the reflected type does not name.
 */
export function strictValidationPipe(expectedType?: new () => object): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    expectedType,
    transform: true,
    exceptionFactory: (errors) => badRequest('invalidBody', describeValidationErrors(errors).join('; ')),
  });
}

/** Validates a plain document (e.g. the result of a PATCH) against a DTO class with the global pipe's rules. */
export async function validateDocument<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<void> {
  const errors = await validate(plainToInstance(cls, plain) as object, VALIDATOR_OPTIONS);
  if (errors.length) throw badRequest('invalidBody', describeValidationErrors(errors).join('; '));
}

import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, ValidationOptions } from 'class-validator';

export const IS_TMF_DATE_TIME = 'isTmfDateTime';

// RFC 3339 date-time: a date, a time and an offset (Z or ±hh:mm); fractions of a second allowed.
const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function isDateTime(value: unknown): value is string {
  if (typeof value !== 'string' || !RFC3339.test(value)) return false;
  // Date.parse rolls 2024-02-30 over to March: require the day to exist in its month
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return false;
  // the UTC instant must be a year PostgreSQL and ISO 8601 write with four digits (0001–9999)
  const year = new Date(value.replace(' ', 'T')).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** The UTC instant of an RFC 3339 date-time, as ISO 8601 with milliseconds and `Z`. */
export function toUtcInstant(value: string): string {
  return new Date(value.replace(' ', 'T')).toISOString();
}

/** An RFC 3339 date-time attribute (stored and returned as a UTC instant). */
export function IsDateTime(options: { required?: boolean } & ValidationOptions = {}) {
  const { required = false, ...validation } = options;
  return applyDecorators(
    ValidateBy(
      {
        name: IS_TMF_DATE_TIME,
        validator: {
          validate: (value) => isDateTime(value),
          defaultMessage: (args) => `${args?.property} must be an RFC 3339 date-time such as 2024-05-01T00:00:00Z`,
        },
      },
      validation,
    ),
    ApiProperty({ type: String, format: 'date-time', required }),
  );
}

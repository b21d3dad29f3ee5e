/**
 * SQL rendering a timestamptz expression as a TMF date-time (`2026-11-01T00:00:00.000Z`), in UTC whatever the
 * session's time zone. The expression comes from code, never from a request.
 */
export const sqlInstant = (expr: string) => `to_char((${expr})::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

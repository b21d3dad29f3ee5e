import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** Environment variables understood by the service. Every value is validated at boot. */
export class EnvironmentVariables {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL, e.g. postgres://user:pass@127.0.0.1:5432/bss' })
  DATABASE_URL!: string;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL!: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  PORT?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^/\s?#]+$/, {
    message: 'PUBLIC_BASE_URL must be scheme://host[:port] without a path or trailing slash, e.g. https://api.example.com',
  })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @IsIn(ROLES, { message: `ROLE must be one of ${ROLES.join(', ')}` })
  ROLE?: Role;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent' })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, - or _' })
  QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer between 1 and 200' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be an integer between 1 and 200' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be an integer between 1 and 200' })
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Matches(/^(https?:\/\/[^\s,]+)(,https?:\/\/[^\s,]+)*$/, {
    message: 'IMPORT_URL_ALLOWLIST must be comma-separated http(s) URL prefixes, e.g. https://files.example.com/catalog/',
  })
  IMPORT_URL_ALLOWLIST?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'IMPORT_MAX_BYTES must be an integer between 1024 and 1073741824' })
  @Min(1024, { message: 'IMPORT_MAX_BYTES must be an integer between 1024 and 1073741824' })
  @Max(1073741824, { message: 'IMPORT_MAX_BYTES must be an integer between 1024 and 1073741824' })
  IMPORT_MAX_BYTES?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.:/-]+(,[A-Za-z0-9.:/-]+)*$/, {
    message: 'HUB_CALLBACK_ALLOWLIST must be comma-separated host names, addresses or CIDR ranges, e.g. listener.internal,10.1.0.0/16',
  })
  HUB_CALLBACK_ALLOWLIST?: string;

  @IsOptional()
  @Matches(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, { message: 'DEFAULT_TAX_RATE must be a decimal fraction between 0 and 1, e.g. 0.19 for 19 %' })
  DEFAULT_TAX_RATE?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'QUOTE_VALIDITY_DAYS must be an integer between 1 and 3650' })
  @Min(1, { message: 'QUOTE_VALIDITY_DAYS must be an integer between 1 and 3650' })
  @Max(3650, { message: 'QUOTE_VALIDITY_DAYS must be an integer between 1 and 3650' })
  QUOTE_VALIDITY_DAYS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'BILL_RUN_CHUNK_SIZE must be an integer between 10 and 100000' })
  @Min(10, { message: 'BILL_RUN_CHUNK_SIZE must be an integer between 10 and 100000' })
  @Max(100000, { message: 'BILL_RUN_CHUNK_SIZE must be an integer between 10 and 100000' })
  BILL_RUN_CHUNK_SIZE?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'PAYMENT_TERM_DAYS must be an integer between 0 and 365' })
  @Min(0, { message: 'PAYMENT_TERM_DAYS must be an integer between 0 and 365' })
  @Max(365, { message: 'PAYMENT_TERM_DAYS must be an integer between 0 and 365' })
  PAYMENT_TERM_DAYS?: number;
}

export interface AppConfig {
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  port: number;
  publicBaseUrl: string;
  role: Role;
  logLevel: string;
  /** BullMQ key prefix; wrapped in a hash tag so every queue key lands on one Redis Cluster slot. */
  queuePrefix: string;
  /** URL prefixes an import job may read from, besides this service's own exports. */
  importUrlAllowlist: string[];
  /** The largest file an import job reads. */
  importMaxBytes: number;
  /** Tax rate (a fraction) for catalog prices that name none. A decimal string: money is exact. */
  defaultTaxRate: string;
  /** How long a quote is valid when its request gives no `validFor.endDateTime`. */
  quoteValidityDays: number;
  /** Hosts and address ranges hub callbacks may reach although private, loopback or link-local. */
  hubCallbackAllowlist: string[];
  /** Billing accounts per bill-run chunk job (one transaction each). */
  billRunChunkSize: number;
  /** Days from the bill date to the payment due date. */
  paymentTermDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads and validates the environment; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(raw, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (e.property === 'DATABASE_URL' || e.property === 'REDIS_URL') && e.value === undefined ? `${e.property} is required` : m),
  );
  for (const entry of raw.HUB_CALLBACK_ALLOWLIST?.split(',') ?? []) {
    const [address, prefix] = entry.split('/');
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    if (prefix !== undefined && (!version || !/^\d{1,3}$/.test(prefix) || Number(prefix) > max)) {
      problems.push(`HUB_CALLBACK_ALLOWLIST: '${entry}' is not a valid CIDR range (an IPv4 prefix is 0-32, an IPv6 one 0-128)`);
    }
  }
  if (problems.length) throw new ConfigError([...new Set(problems)]);
  const port = raw.PORT ?? 3000;
  return {
    databaseUrl: raw.DATABASE_URL,
    databasePoolSize: raw.DATABASE_POOL_SIZE ?? 20,
    redisUrl: raw.REDIS_URL,
    port,
    publicBaseUrl: raw.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    role: raw.ROLE ?? 'all',
    logLevel: raw.LOG_LEVEL ?? 'info',
    queuePrefix: `{${raw.QUEUE_PREFIX ?? 'bss'}}`,
    importUrlAllowlist: raw.IMPORT_URL_ALLOWLIST ? raw.IMPORT_URL_ALLOWLIST.split(',') : [],
    importMaxBytes: raw.IMPORT_MAX_BYTES ?? 100 * 1024 * 1024,
    defaultTaxRate: raw.DEFAULT_TAX_RATE ?? '0',
    quoteValidityDays: raw.QUOTE_VALIDITY_DAYS ?? 30,
    hubCallbackAllowlist: raw.HUB_CALLBACK_ALLOWLIST ? raw.HUB_CALLBACK_ALLOWLIST.split(',') : [],
    billRunChunkSize: raw.BILL_RUN_CHUNK_SIZE ?? 2000,
    paymentTermDays: raw.PAYMENT_TERM_DAYS ?? 30,
  };
}

import { ConfigError, loadConfig } from '../../src/config/config';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/bss', REDIS_URL: 'redis://127.0.0.1:6379' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(valid)).toEqual({
      databaseUrl: valid.DATABASE_URL,
      databasePoolSize: 20,
      redisUrl: valid.REDIS_URL,
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      role: 'all',
      logLevel: 'info',
      queuePrefix: '{bss}',
      importUrlAllowlist: [],
      importMaxBytes: 100 * 1024 * 1024,
      defaultTaxRate: '0',
      quoteValidityDays: 30,
      hubCallbackAllowlist: [],
      billRunChunkSize: 2000,
      paymentTermDays: 30,
    });
  });

  it('derives PUBLIC_BASE_URL from PORT unless given', () => {
    expect(loadConfig({ ...valid, PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...valid, PORT: '8080', PUBLIC_BASE_URL: 'https://api.example.com' }).publicBaseUrl).toBe('https://api.example.com');
  });

  it('reports every bad value with a clear message', () => {
    const found = problems({ DATABASE_URL: 'mysql://x', REDIS_URL: 'http://redis', PORT: '70000', PUBLIC_BASE_URL: 'https://api.example.com/', ROLE: 'both' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DATABASE_URL must be a postgres:// URL'),
        expect.stringContaining('REDIS_URL must be a redis:// URL'),
        expect.stringContaining('PORT must be an integer between 1 and 65535'),
        expect.stringContaining('PUBLIC_BASE_URL must be scheme://host[:port]'),
        expect.stringContaining('ROLE must be one of api, worker, all'),
      ]),
    );
    expect(found).toHaveLength(5);
  });

  it('names missing required variables', () => {
    expect(problems({})).toEqual(['DATABASE_URL is required', 'REDIS_URL is required']);
  });

  it('reads the import allow-list and size limit', () => {
    const config = loadConfig({ ...valid, IMPORT_URL_ALLOWLIST: 'https://files.example.com/catalog/,http://10.0.0.5:8080/', IMPORT_MAX_BYTES: '2048' });
    expect(config.importUrlAllowlist).toEqual(['https://files.example.com/catalog/', 'http://10.0.0.5:8080/']);
    expect(config.importMaxBytes).toBe(2048);
    expect(problems({ ...valid, IMPORT_URL_ALLOWLIST: 'ftp://x/,https://ok/' })).toEqual([expect.stringContaining('IMPORT_URL_ALLOWLIST')]);
    expect(problems({ ...valid, IMPORT_MAX_BYTES: '10' })).toEqual([expect.stringContaining('IMPORT_MAX_BYTES')]);
  });

  it('reads the hub callback allow-list and refuses bad ranges', () => {
    expect(loadConfig({ ...valid, HUB_CALLBACK_ALLOWLIST: 'listener.internal,10.1.0.0/16,::1' }).hubCallbackAllowlist).toEqual(['listener.internal', '10.1.0.0/16', '::1']);
    expect(problems({ ...valid, HUB_CALLBACK_ALLOWLIST: '10.0.0.0/33' })).toEqual([expect.stringContaining('not a valid CIDR range')]);
    expect(problems({ ...valid, HUB_CALLBACK_ALLOWLIST: 'host.example/8' })).toEqual([expect.stringContaining('not a valid CIDR range')]);
    expect(problems({ ...valid, HUB_CALLBACK_ALLOWLIST: 'a b' })).toEqual([expect.stringContaining('HUB_CALLBACK_ALLOWLIST')]);
  });

  it('reads the quote defaults', () => {
    expect(loadConfig({ ...valid, DEFAULT_TAX_RATE: '0.19', QUOTE_VALIDITY_DAYS: '14' })).toMatchObject({ defaultTaxRate: '0.19', quoteValidityDays: 14 });
    expect(problems({ ...valid, DEFAULT_TAX_RATE: '19' })).toEqual([expect.stringContaining('DEFAULT_TAX_RATE')]);
    expect(problems({ ...valid, QUOTE_VALIDITY_DAYS: '0' })).toEqual([expect.stringContaining('QUOTE_VALIDITY_DAYS')]);
  });

  it.each([['abc'], ['3000.5'], ['0']])('refuses PORT=%s', (port) => {
    expect(problems({ ...valid, PORT: port })).toEqual([expect.stringContaining('PORT')]);
  });
});

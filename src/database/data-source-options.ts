import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';

const compiled = !__filename.endsWith('.ts');

/**
 * TypeORM options shared by the application, the migration CLI and the tests. The schema comes only from
 * migrations (never `synchronize`); from sources the migrations are the .ts files, from dist the compiled ones.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: compiled ? [join(__dirname, '..', 'migrations', '*.js')] : [join(__dirname, '..', '..', 'migrations', '*.ts')],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: poolSize, application_name: 'tmf-bss' },
  };
}

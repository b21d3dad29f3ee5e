// The DataSource used by the TypeORM CLI (migration:run, migration:generate).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const url = process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  throw new Error('DATABASE_URL must be set to a postgres:// URL to run migrations');
}

export default new DataSource(dataSourceOptions(url, 4));

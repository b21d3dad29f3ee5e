import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/** Anything that runs SQL: the pool, or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

/**
 * Parameterized SQL on the pool TypeORM owns. Repositories use it for set-based and hot-path queries, where
 * an ORM round trip would cost more than the query.
 */
@Injectable()
export class Database {
  readonly pool: Pool;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  async query<R extends QueryResultRow = QueryResultRow>(text: string, values: unknown[] = [], name?: string): Promise<R[]> {
    const result = await this.pool.query<R>(name ? { name, text, values } : { text, values });
    return result.rows;
  }

  /** Runs `work` in one transaction on one client; rolls back on any error. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}

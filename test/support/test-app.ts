import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig, Role } from '../../src/config/config';
import { createHttpApp } from '../../src/http-app';
import { createTestDatabase, dropTestDatabase } from './databases';

export const PUBLIC_BASE_URL = 'http://bss.test:8080';

export interface TestApp {
  app: NestFastifyApplication;
  /** For supertest: request(t.server). */
  server: NestFastifyApplication['getHttpServer'] extends () => infer S ? S : never;
  config: AppConfig;
  /** Direct SQL on this file's database, for setting up and checking state. */
  sql: Pool;
  /** Starts a worker (BullMQ processors + outbox relay) on the same database and queues. */
  startWorker(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

/**
 * The real application on a fresh copy of the migrated database, with its own BullMQ key prefix; with
 * `listen`, its HTTP server listens on an ephemeral loopback port until close().
 */
export async function startTestApp(options: { role?: Role; env?: Record<string, string>; listen?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL,
    PUBLIC_BASE_URL,
    ROLE: options.role ?? 'api',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    DATABASE_POOL_SIZE: '5',
    // the tests' listeners run on loopback
    HUB_CALLBACK_ALLOWLIST: '127.0.0.0/8,::1,localhost',
    ...options.env,
  });
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  // listening once for the whole file lets supertest reuse the server (no listen/close race between parallel
  // requests) and lets raw HTTP requests reach it
  if (options.listen) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const sql = new Pool({ connectionString: database.url, max: 2 });
  sql.on('error', () => undefined); // an idle helper connection dropped at teardown is not a test failure
  const workers: INestApplicationContext[] = [];
  return {
    app,
    server,
    config,
    sql,
    async startWorker() {
      const worker = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, role: 'worker' }), { logger: false });
      await worker.init();
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => undefined);
      server.closeAllConnections();
      await app.close();
      await sql.end();
      await dropTestDatabase(database.name);
    },
  };
}

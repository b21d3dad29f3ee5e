import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'pino';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/config';
import { createHttpApp } from './http-app';
import { createLogger, PinoNestLogger } from './observability/logging';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }

  if (config.role === 'worker') {
    // BullMQ processors and the outbox relay only: no HTTP port
    const logger = createLogger(config);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: new PinoNestLogger(logger) });
    await app.init();
    stopGracefully(app, logger);
    logger.info(`worker started (queue prefix ${config.queuePrefix})`);
    return;
  }

  const app = await createHttpApp(config);
  await app.listen(config.port, '0.0.0.0');
  const logger = app.getHttpAdapter().getInstance().log;
  stopGracefully(app, logger);
  logger.info(`${config.role === 'all' ? 'API and worker' : 'API'} listening on port ${config.port}; public base URL ${config.publicBaseUrl}; Swagger UI at ${config.publicBaseUrl}/docs`);
}

const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * On SIGTERM / SIGINT: stop taking requests, let in-flight requests and jobs finish, close the pools, exit 0.
 * A shutdown that hangs past the timeout exits 1.
 */
function stopGracefully(app: INestApplicationContext, logger: Pick<Logger, 'info' | 'error'>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info(`${signal} received: finishing in-flight work`);
      setTimeout(() => {
        logger.error('shutdown timed out');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      app.close().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (e: Error) => {
          logger.error(`shutdown failed: ${e.message}`);
          process.exit(1);
        },
      );
    });
  }
}

void bootstrap();

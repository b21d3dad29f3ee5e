import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/config';
import { createHttpApp } from './http-app';

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
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
    stopGracefully(app);
    app.get(Logger).log(`worker started (queue prefix ${config.queuePrefix})`);
    return;
  }

  const app = await createHttpApp(config);
  await app.listen(config.port, '0.0.0.0');
  stopGracefully(app);
  app.get(Logger).log(`${config.role === 'all' ? 'API and worker' : 'API'} listening on port ${config.port}; public base URL ${config.publicBaseUrl}; Swagger UI at ${config.publicBaseUrl}/docs`);
}

const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * On SIGTERM / SIGINT: stop taking requests, let in-flight requests and jobs finish, close the pools, exit 0.
 * A shutdown that hangs past the timeout exits 1.
 */
function stopGracefully(app: INestApplicationContext): void {
  const logger = app.get(Logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received: finishing in-flight work`);
      setTimeout(() => {
        logger.error('shutdown timed out');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      app.close().then(
        () => {
          logger.log('stopped');
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

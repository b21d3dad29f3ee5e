import 'reflect-metadata';
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
    app.enableShutdownHooks();
    await app.init();
    app.get(Logger).log(`worker started (queue prefix ${config.queuePrefix})`);
    return;
  }

  const app = await createHttpApp(config);
  await app.listen(config.port, '0.0.0.0');
  app.get(Logger).log(`${config.role === 'all' ? 'API and worker' : 'API'} listening on port ${config.port}; public base URL ${config.publicBaseUrl}; Swagger UI at ${config.publicBaseUrl}/docs`);
}

void bootstrap();

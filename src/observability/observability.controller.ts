import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUES } from '../jobs/queues';
import { TmfException } from '../tmf/errors';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Controller()
export class ObservabilityController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly metrics: MetricsService,
    @InjectQueue(QUEUES.eventDelivery) private readonly queue: Queue,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer. */
  @Get('health/ready')
  @HealthCheck()
  async ready() {
    try {
      return await this.checks();
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const result = e.getResponse() as HealthCheckResult;
      const down = Object.entries(result.error ?? {}).map(([name, r]) => `${name}: ${r?.message ?? r?.status}`);
      throw new TmfException(503, 'serviceUnavailable', 'Service Unavailable', `Not ready: ${down.join('; ')}`);
    }
  }

  private checks() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const redis = this.indicators.check('redis');
        try {
          // the client promise itself waits for a connection: bound the whole check
          const ping = this.queue.client.then((client) => (client as unknown as Redis).ping());
          const pong = await Promise.race([ping, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref())]);
          return pong === 'PONG' ? redis.up() : redis.down({ message: String(pong) });
        } catch (e) {
          return redis.down({ message: (e as Error).message });
        }
      },
    ]);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

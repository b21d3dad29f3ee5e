import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUES } from '../jobs/queues';
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
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const redis = this.indicators.check('redis');
        try {
          const client = (await this.queue.client) as unknown as Redis;
          const pong = await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
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

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsService } from './metrics.service';
import { ObservabilityController } from './observability.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), JobsModule.forRole(false)],
  controllers: [ObservabilityController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class ObservabilityModule {}

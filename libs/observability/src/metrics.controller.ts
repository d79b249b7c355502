import { Controller, Get, Header } from '@nestjs/common';
import { Permission } from '@vigil/auth';
import { collectDefaultMetrics, register } from 'prom-client';

let defaultsCollected = false;

/**
 * Prometheus metrics of the process (prom-client's default registry). Not public: ingestion's
 * counters name agencies, so a scraper authenticates as an admin or a service (a service
 * account's personal token as the bearer token).
 */
@Controller('metrics')
@Permission('metrics:read')
export class MetricsController {
  constructor() {
    if (!defaultsCollected) {
      collectDefaultMetrics({ prefix: 'vigil_' });
      defaultsCollected = true;
    }
  }

  @Get()
  @Header('Content-Type', register.contentType)
  async metrics(): Promise<string> {
    return register.metrics();
  }
}

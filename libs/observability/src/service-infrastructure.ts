import type { DynamicModule } from '@nestjs/common';
import { ServiceConfigModule, type ServiceConfig } from '@vigil/config';
import { KafkaHealthIndicator, MessagingModule } from '@vigil/messaging';
import { RedisHealthIndicator, RedisModule } from '@vigil/redis';
import { ElasticsearchHealthIndicator, SearchModule, type IndexTemplate } from '@vigil/search';
import { ObservabilityModule } from './observability.module';

/**
 * The modules every Vigil service runs on: its config, Kafka, Elasticsearch (with the index
 * templates it owns), Redis, logs, metrics and health. Readiness needs all three servers.
 */
export function serviceInfrastructure(options: {
  service: string;
  config: ServiceConfig;
  templates?: IndexTemplate[];
}): DynamicModule[] {
  return [
    ServiceConfigModule.forRoot(options.config),
    MessagingModule.forRoot({ clientId: `vigil-${options.service}` }),
    SearchModule.forRoot({ templates: options.templates }),
    RedisModule.forRoot(),
    ObservabilityModule.forRoot({
      service: options.service,
      readiness: [KafkaHealthIndicator, ElasticsearchHealthIndicator, RedisHealthIndicator],
    }),
  ];
}

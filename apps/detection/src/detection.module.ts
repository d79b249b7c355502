import { Module, type DynamicModule } from '@nestjs/common';
import { serviceInfrastructure } from '@vigil/observability';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { DetectionConfig } from './config';
import { RedisCorrelationStore } from './correlation/infrastructure/redis-correlation.store';
import { AlertStore } from './detection/application/alert.store';
import { DetectEventsUseCase } from './detection/application/detect-events.use-case';
import { RuleCatalog } from './detection/application/rule-catalog';
import { SuppressionStore } from './detection/application/suppression.store';
import { RedisSuppressionStore } from './detection/infrastructure/redis-suppression.store';
import {
  ALERTS_INDEX_PREFIX,
  ElasticsearchAlertStore,
  alertsIndexTemplate,
} from './detection/infrastructure/elasticsearch-alert.store';
import { EventsConsumer } from './detection/interface/kafka/events.consumer';
import { RuleChangesConsumer } from './detection/interface/kafka/rule-changes.consumer';
import { rulesControllers, rulesProviders } from './rules/rules.providers';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * Detection: Sigma rules and correlations evaluated natively on the event stream; alerts to
 * vigil.alerts.v1 and Elasticsearch; correlation windows in Redis, shared by every instance;
 * rule management with hot reload through vigil.rules.v1.
 */
@Module({})
export class DetectionModule {
  static forRoot(config: DetectionConfig): DynamicModule {
    const alertsPrefix = `${config.namespace}-alerts`;
    return {
      module: DetectionModule,
      imports: [
        ...serviceInfrastructure({
          service: 'detection',
          config,
          templates: [alertsIndexTemplate(alertsPrefix, config.elasticsearchReplicas)],
        }),
      ],
      controllers: [...rulesControllers],
      providers: [
        { provide: ALERTS_INDEX_PREFIX, useValue: alertsPrefix },
        {
          provide: RuleCatalog,
          inject: [REDIS_CLIENT],
          useFactory: (redis: Redis) => {
            const catalog = new RuleCatalog({
              pipelines: list(config.pipelines),
              unmapped: config.unmappedRules,
              packDirs: list(config.rulePackDirs),
              store: new RedisCorrelationStore(redis, config.namespace),
              maxEntriesPerKey: config.correlationMaxEntries,
            });
            catalog.loadPack();
            return catalog;
          },
        },
        { provide: AlertStore, useClass: ElasticsearchAlertStore },
        {
          provide: SuppressionStore,
          inject: [REDIS_CLIENT],
          useFactory: (redis: Redis) => new RedisSuppressionStore(redis, config.namespace),
        },
        DetectEventsUseCase,
        EventsConsumer,
        RuleChangesConsumer,
        ...rulesProviders,
      ],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@vigil/auth';
import { serviceInfrastructure } from '@vigil/observability';
import type { DetectionConfig } from './config';
import { FireDueCorrelationsUseCase } from './correlation/application/fire-due-correlations.use-case';
import { DueWindowsTicker } from './correlation/interface/due-windows.ticker';
import { AlertStore } from './detection/application/alert.store';
import { DetectEventsUseCase } from './detection/application/detect-events.use-case';
import { evaluationProviders } from './detection/infrastructure/evaluation/evaluation.providers';
import { redisStateProviders } from './detection/infrastructure/redis-state.providers';
import {
  ALERTS_INDEX_PREFIX,
  ElasticsearchAlertStore,
  alertsIndexTemplate,
} from './detection/infrastructure/elasticsearch-alert.store';
import { EventsConsumer } from './detection/interface/kafka/events.consumer';
import { RuleChangesConsumer } from './detection/interface/kafka/rule-changes.consumer';
import { rulesControllers, rulesProviders } from './rules/rules.providers';

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
        AuthModule.forRoot({ config }),
      ],
      controllers: [...rulesControllers],
      providers: [
        { provide: ALERTS_INDEX_PREFIX, useValue: alertsPrefix },
        ...redisStateProviders(config),
        ...evaluationProviders(config),
        { provide: AlertStore, useClass: ElasticsearchAlertStore },
        DetectEventsUseCase,
        EventsConsumer,
        RuleChangesConsumer,
        FireDueCorrelationsUseCase,
        DueWindowsTicker,
        ...rulesProviders,
      ],
    };
  }
}

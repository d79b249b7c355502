import type { Provider, Type } from '@nestjs/common';
import type { IndexTemplate } from '@vigil/search';
import { AlertChanges } from './application/alert-changes';
import { AlertQueueRepository } from './application/alert-queue.repository';
import { BulkTriageUseCase } from './application/bulk-triage.use-case';
import { GetAlertsByIdsUseCase } from './application/get-alerts-by-ids.use-case';
import { MarkAlertsEscalatedUseCase } from './application/mark-alerts-escalated.use-case';
import { QueueFeed } from './application/queue-feed';
import { ReceiveAlertsUseCase } from './application/receive-alerts.use-case';
import { TriageAlertUseCase } from './application/triage-alert.use-case';
import { TriageItemUseCase } from './application/triage-item.use-case';
import {
  ALERT_QUEUE_INDICES,
  alertQueueIndices,
  alertQueueTemplates,
} from './infrastructure/alert-queue-indices';
import { ElasticsearchAlertQueueRepository } from './infrastructure/elasticsearch-alert-queue.repository';
import { RedisQueueFeed } from './infrastructure/redis-queue.feed';
import { QueueFeedController } from './interface/http/queue-feed.controller';
import { QueueController } from './interface/http/queue.controller';
import { TriageController } from './interface/http/triage.controller';
import { AlertsConsumer } from './interface/kafka/alerts.consumer';

/**
 * The alert queue: vigil.alerts.v1 consumed into Elasticsearch, similar alerts folded into items,
 * triage with optimistic concurrency, the live feed (Redis pub/sub) and the HTTP API
 * (alerts:read, alerts:triage). Needs what serviceInfrastructure gives (Kafka, Elasticsearch with
 * `alertQueueIndexTemplates`, Redis) and an `AuditTrail` (the audit module's).
 *
 * For the incidents context: MarkAlertsEscalatedUseCase and GetAlertsByIdsUseCase.
 */
export function alertQueueProviders(namespace: string): Provider[] {
  return [
    { provide: ALERT_QUEUE_INDICES, useValue: alertQueueIndices(namespace) },
    { provide: AlertQueueRepository, useClass: ElasticsearchAlertQueueRepository },
    RedisQueueFeed,
    { provide: QueueFeed, useExisting: RedisQueueFeed },
    AlertChanges,
    ReceiveAlertsUseCase,
    TriageAlertUseCase,
    TriageItemUseCase,
    BulkTriageUseCase,
    MarkAlertsEscalatedUseCase,
    GetAlertsByIdsUseCase,
    AlertsConsumer,
  ];
}

export const alertQueueControllers: Type[] = [QueueController, TriageController, QueueFeedController];

export function alertQueueIndexTemplates(namespace: string, replicas: number): IndexTemplate[] {
  return alertQueueTemplates(alertQueueIndices(namespace), replicas);
}

import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { IndexTemplate } from '@vigil/search';
import { BreachLog } from './application/breach-log';
import { DeliveryLog, type DeliveryChannel } from './application/delivery-log';
import { ReadDeliveriesUseCase } from './application/read-deliveries.use-case';
import { DeadlineTimers } from './application/deadline-timers';
import { EscalationClaims } from './application/escalation-claims';
import { EscalationNotifier } from './application/escalation-notifier';
import { FireDeadlineUseCase } from './application/fire-deadline.use-case';
import { ReportBreachesUseCase } from './application/report-breaches.use-case';
import { SLA_POLICY } from './application/sla-policy.token';
import { TrackDeadlinesUseCase } from './application/track-deadlines.use-case';
import { TrackedSubjects } from './application/tracked-subjects';
import type { DeadlinesConfig } from './deadlines.config';
import type { SlaPolicy } from './domain/sla-policy';
import { DEADLINES_BULL_CONFIG, deadlinesBullRoot } from './infrastructure/bullmq-connection';
import { BullmqDeadlineTimers, SLA_TIMERS_QUEUE } from './infrastructure/bullmq-deadline.timers';
import {
  BREACH_INDEX,
  breachIndexName,
  breachIndexTemplate,
  ElasticsearchBreachLog,
} from './infrastructure/elasticsearch-breach.log';
import {
  DELIVERY_INDEX,
  deliveryIndexName,
  deliveryIndexTemplate,
  ElasticsearchDeliveryLog,
} from './infrastructure/elasticsearch-delivery.log';
import { SLA_NOTIFY_QUEUE } from './infrastructure/escalation-delivery';
import {
  NOTIFY_ATTEMPTS,
  NOTIFY_CHANNELS,
  QueuedEscalationNotifier,
} from './infrastructure/queued-escalation.notifier';
import { RedisEscalationClaims } from './infrastructure/redis-escalation-claims.store';
import { DEADLINES_KEY_PREFIX, RedisTrackedSubjects } from './infrastructure/redis-tracked-subjects.store';
import { loadSlaPolicy } from './infrastructure/sla-policy.loader';
import { SLA_SMTP, SmtpEmailSender } from './infrastructure/smtp-email.sender';
import { SLA_WEBHOOK, WebhookSender } from './infrastructure/webhook.sender';
import { BreachesController } from './interface/http/breaches.controller';
import { DeadlineChangesConsumer } from './interface/kafka/deadline-changes.consumer';
import { DeadlineTimerProcessor } from './interface/queue/deadline-timer.processor';
import { EscalationDeliveryProcessor } from './interface/queue/escalation-delivery.processor';

export { deadlinesConfigSpec } from './deadlines.config';

/** The Elasticsearch indices of the deadlines: breaches (the report) and the delivery log. */
export function deadlinesIndexTemplates(namespace: string, replicas: number): IndexTemplate[] {
  return [breachIndexTemplate(namespace, replicas), deliveryIndexTemplate(namespace, replicas)];
}

export interface DeadlinesModuleOptions {
  readonly namespace: string;
  readonly config: DeadlinesConfig;
  /** The service's AuditModule (the one instance of it), through which breaches are recorded. */
  readonly audit: DynamicModule;
  /** A policy in place of the configured file (tests). */
  readonly policy?: SlaPolicy;
}

/**
 * Deadlines (SLA timers): follows alerts and incidents on vigil.alerts.v1 and the audit stream
 * vigil.incidents.v1 in its own consumer groups, keeps a BullMQ delayed job per warning and
 * breach (Redis: survives restarts, fires on one instance), escalates through the audit trail,
 * a signed webhook and e-mail, and reports breaches (GET /v1/deadlines/breaches). Needs the service
 * infrastructure (Kafka, Elasticsearch with deadlinesIndexTemplates, Redis).
 */
@Module({})
export class DeadlinesModule {
  static forRoot(options: DeadlinesModuleOptions): DynamicModule {
    const { namespace, config } = options;
    // A bad policy file stops the service here, at start-up, naming the file and the field.
    const policy = options.policy ?? loadSlaPolicy(config.slaPolicyFile);
    const channels: DeliveryChannel[] = [
      ...(config.slaWebhook === undefined ? [] : (['webhook'] as const)),
      ...(config.slaSmtp === undefined ? [] : (['email'] as const)),
    ];
    return {
      module: DeadlinesModule,
      imports: [
        options.audit,
        deadlinesBullRoot(namespace),
        BullModule.registerQueue(
          { name: SLA_TIMERS_QUEUE, configKey: DEADLINES_BULL_CONFIG },
          { name: SLA_NOTIFY_QUEUE, configKey: DEADLINES_BULL_CONFIG },
        ),
      ],
      controllers: [BreachesController],
      providers: [
        { provide: SLA_POLICY, useValue: policy },
        { provide: DEADLINES_KEY_PREFIX, useValue: `${namespace}:deadlines` },
        { provide: BREACH_INDEX, useValue: breachIndexName(namespace) },
        { provide: DELIVERY_INDEX, useValue: deliveryIndexName(namespace) },
        { provide: NOTIFY_CHANNELS, useValue: channels },
        { provide: NOTIFY_ATTEMPTS, useValue: config.slaNotifyAttempts },
        { provide: SLA_WEBHOOK, useValue: config.slaWebhook },
        { provide: SLA_SMTP, useValue: config.slaSmtp },
        { provide: TrackedSubjects, useClass: RedisTrackedSubjects },
        { provide: EscalationClaims, useClass: RedisEscalationClaims },
        { provide: DeadlineTimers, useClass: BullmqDeadlineTimers },
        { provide: BreachLog, useClass: ElasticsearchBreachLog },
        { provide: EscalationNotifier, useClass: QueuedEscalationNotifier },
        { provide: DeliveryLog, useClass: ElasticsearchDeliveryLog },
        WebhookSender,
        SmtpEmailSender,
        TrackDeadlinesUseCase,
        FireDeadlineUseCase,
        ReportBreachesUseCase,
        ReadDeliveriesUseCase,
        DeadlineChangesConsumer,
        DeadlineTimerProcessor,
        EscalationDeliveryProcessor,
      ],
      exports: [ReportBreachesUseCase],
    };
  }
}

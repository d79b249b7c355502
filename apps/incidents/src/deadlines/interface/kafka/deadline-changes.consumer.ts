import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TopicRegistry, Topics, type AlertV1, type IncidentChangeV1 } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { TrackDeadlinesUseCase } from '../../application/track-deadlines.use-case';
import type { AlertOpening, SubjectChange } from '../../domain/tracked-subject';

/**
 * Starts and stops the clocks from two streams, each in its own consumer group (shared by every
 * instance): the audit stream vigil.incidents.v1 (every change to alerts and incidents, keyed by
 * subject so a subject's changes come in order) and vigil.alerts.v1 (when an alert was raised,
 * which the audit stream does not carry). Offsets are committed after the timers are scheduled,
 * so a restart resumes where it stopped.
 */
@Injectable()
export class DeadlineChangesConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(TrackDeadlinesUseCase) private readonly track: TrackDeadlinesUseCase,
  ) {}

  onModuleInit(): void {
    this.messaging.consume({
      groupId: 'incidents-deadlines-changes',
      topic: Topics.IncidentsV1,
      fromBeginning: true,
      partitionsConsumedConcurrently: TopicRegistry[Topics.IncidentsV1].partitions,
      handle: async (messages) => {
        await this.track.changes(messages.map((message) => changeOf(message.value)));
        return undefined;
      },
    });
    this.messaging.consume({
      groupId: 'incidents-deadlines-alerts',
      topic: Topics.AlertsV1,
      // Not the alerts raised before the deadlines first ran: they would all breach at once.
      fromBeginning: false,
      partitionsConsumedConcurrently: TopicRegistry[Topics.AlertsV1].partitions,
      handle: async (messages) => {
        await this.track.alerts(messages.map((message) => openingOf(message.value)));
        return undefined;
      },
    });
  }
}

function changeOf(message: IncidentChangeV1): SubjectChange {
  return {
    subject: message.subject,
    organizationId: message.organization_id,
    at: message.at,
    action: message.action,
    seq: message.chain.seq,
    ...(message.after === undefined ? {} : { after: message.after }),
    ...(message.drill === undefined ? {} : { drillRunId: message.drill.run_id }),
  };
}

function openingOf(alert: AlertV1): AlertOpening {
  return {
    id: alert.id,
    organizationId: alert.organization.id,
    level: alert.rule.level,
    raisedAt: alert.raised_at,
    ...(alert.drill === undefined ? {} : { drillRunId: alert.drill.run_id }),
  };
}

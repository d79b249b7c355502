import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TopicRegistry, Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { ReceiveAlertsUseCase } from '../../application/receive-alerts.use-case';

/**
 * vigil.alerts.v1 → the alert queue. The runner validates each alert against its contract
 * (invalid → vigil.dlq.v1 with the reason) and commits only after the batch is stored; an alert
 * Elasticsearch refuses for good goes to the DLQ with Elasticsearch's reason.
 */
@Injectable()
export class AlertsConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(ReceiveAlertsUseCase) private readonly receive: ReceiveAlertsUseCase,
  ) {}

  onModuleInit(): void {
    this.messaging.consume({
      groupId: 'incidents-alert-queue',
      topic: Topics.AlertsV1,
      // Alerts raised before the queue first ran are still worth triaging.
      fromBeginning: true,
      partitionsConsumedConcurrently: TopicRegistry[Topics.AlertsV1].partitions,
      handle: async (messages) => {
        const { failed } = await this.receive.execute(messages.map((message) => message.value));
        return {
          poison: failed.flatMap(({ index, reason }) => {
            const message = messages.at(index);
            return message === undefined
              ? []
              : [{ message, reason, code: 'ALERT_REFUSED', stage: 'index' as const }];
          }),
        };
      },
    });
  }
}

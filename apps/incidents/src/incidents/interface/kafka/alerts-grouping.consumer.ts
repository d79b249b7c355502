import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { GroupAlertsUseCase } from '../../application/group-alerts.use-case';

/**
 * vigil.alerts.v1 → grouping rules, in a consumer group of its own (the alert queue reads the same
 * topic in another). Alerts are grouped one by one in offset order; a failure (Elasticsearch,
 * Redis, the queue not having the alert yet) retries the batch, and what was done is not redone.
 */
@Injectable()
export class AlertsGroupingConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(GroupAlertsUseCase) private readonly group: GroupAlertsUseCase,
  ) {}

  onModuleInit(): void {
    this.messaging.consume({
      groupId: 'incidents-grouping',
      topic: Topics.AlertsV1,
      fromBeginning: true,
      retry: { initialMs: 200, maxMs: 5000 },
      handle: async (messages) => {
        for (const message of messages) await this.group.execute(message.value);
        return undefined;
      },
    });
  }
}

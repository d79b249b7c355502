import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TopicRegistry, Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { DetectEventsUseCase } from '../../application/detect-events.use-case';

/**
 * vigil.events.v1 → rules and correlations → vigil.alerts.v1; commits after the alerts exist. An
 * event whose evaluation overran its budget goes to vigil.events.dlq.v1 with the rule's name.
 */
@Injectable()
export class EventsConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(DetectEventsUseCase) private readonly detect: DetectEventsUseCase,
  ) {}

  onModuleInit(): void {
    this.messaging.consume({
      groupId: 'detection',
      topic: Topics.EventsV1,
      // Every partition at once: a batch mostly waits (Redis, Kafka, Elasticsearch), and batches
      // of partitions left queued behind it wait for nothing.
      partitionsConsumedConcurrently: TopicRegistry[Topics.EventsV1].partitions,
      handle: async (messages) => {
        const { overruns } = await this.detect.execute(messages.map((message) => message.value));
        // An event that held evaluation past its budget is kept in the DLQ, naming the rule.
        return {
          poison: overruns.map(({ index, reason }) => ({
            message: messages[index],
            reason,
            code: 'EVALUATION_OVERRUN',
          })),
        };
      },
    });
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TopicRegistry, Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import { DetectEventsUseCase } from '../../application/detect-events.use-case';

/** Most bytes of vigil.events.v1 fetched per partition at a time (~3,000 normalized events). */
const EVENTS_BATCH_BYTES = 4 * 1024 * 1024;

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
      // A hot partition (one busy host) is drained in batches of a few thousand events: each
      // batch costs a commit, an alert publication and per slice two Redis round trips, so
      // larger batches spend less on them per event. A quiet stream still gives small batches.
      maxBytesPerPartition: EVENTS_BATCH_BYTES,
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

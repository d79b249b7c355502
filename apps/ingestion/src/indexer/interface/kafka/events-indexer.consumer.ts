import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import type { IngestionConfig } from '../../../config';
import { IndexEventsUseCase } from '../../application/index-events.use-case';

/**
 * The indexer: vigil.events.v1 → Elasticsearch. Offsets are committed only after Elasticsearch
 * accepted the batch; documents it refuses (mapping failures) go to the DLQ with its reason.
 */
@Injectable()
export class EventsIndexerConsumer implements OnModuleInit {
  constructor(
    @Inject(MessagingService) private readonly messaging: MessagingService,
    @Inject(IndexEventsUseCase) private readonly indexEvents: IndexEventsUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.indexerEnabled) return;
    this.messaging.consume({
      groupId: 'ingestion-indexer',
      topic: Topics.EventsV1,
      fromBeginning: true,
      partitionsConsumedConcurrently: 6,
      handle: async (messages) => {
        const failures = await this.indexEvents.execute(messages, (message) => message.value);
        return {
          poison: failures.map((failure) => ({
            message: failure.item,
            reason: failure.reason,
            code: failure.code,
            stage: 'index' as const,
          })),
        };
      },
    });
  }
}

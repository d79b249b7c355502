import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { TopicRegistry, Topics } from '@vigil/contracts';
import { MessagingService } from '@vigil/messaging';
import type { IngestionConfig } from '../../../config';
import { IndexEventsUseCase } from '../../application/index-events.use-case';

const INDEXER_CONSUMERS = 3;

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
    // Several consumers in the group, each over a share of the partitions: kafkajs fetches again
    // only once every batch of its last fetch is handled, so a single consumer leaves
    // Elasticsearch idle while it fetches and decodes; with several, one fetches while the others
    // write. Each commits its own partitions after Elasticsearch accepted their batch, as
    // separate copies of the service would. Batches of up to 4 MiB per partition make bulk
    // requests of a few thousand events, where Elasticsearch indexes most efficiently.
    for (let copy = 0; copy < INDEXER_CONSUMERS; copy++) this.consumeEvents();
  }

  private consumeEvents(): void {
    this.messaging.consume({
      groupId: 'ingestion-indexer',
      topic: Topics.EventsV1,
      fromBeginning: true,
      partitionsConsumedConcurrently: Math.ceil(
        TopicRegistry[Topics.EventsV1].partitions / INDEXER_CONSUMERS,
      ),
      maxBytesPerPartition: 4 * 1024 * 1024,
      handle: async (messages) => {
        const failures = await this.indexEvents.execute(
          messages,
          (message) => message.value,
          (message) => message.raw,
        );
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

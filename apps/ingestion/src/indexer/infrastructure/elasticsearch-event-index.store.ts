import { Inject, Injectable } from '@nestjs/common';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient } from '@vigil/search';
import { INGESTION_INDICES, type IngestionIndices } from '../../common/infrastructure/indices';
import { EventIndexStore } from '../application/event-index.store';

@Injectable()
export class ElasticsearchEventIndexStore extends EventIndexStore {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(INGESTION_INDICES) private readonly indices: IngestionIndices,
  ) {
    super();
  }

  async list(): Promise<string[]> {
    const found = await this.client.indices.get({
      index: `${this.indices.eventsPrefix}-*`,
      ignore_unavailable: true,
      allow_no_indices: true,
      features: ['settings'],
    });
    return Object.keys(found);
  }

  async delete(indices: readonly string[]): Promise<void> {
    // A few at a time: a URL listing hundreds of indices would be too long.
    for (let start = 0; start < indices.length; start += 20) {
      await this.client.indices.delete({ index: indices.slice(start, start + 20), ignore_unavailable: true });
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient } from '@vigil/search';
import { EventArchive, type ArchiveScan, type ArchivedEvent } from '../application/event-archive';
import { RULES_INDICES, type RulesIndices } from './rules-indices';

const PAGE_SIZE = 1000;

interface EventSource {
  '@timestamp'?: string;
  event?: { id?: string };
  organization?: { id?: string };
}

/**
 * Reads `<namespace>-events-*` over [from, to] in time order with a point in time and
 * search_after, so a backtest sees one consistent snapshot however long it runs.
 */
@Injectable()
export class ElasticsearchEventArchive extends EventArchive {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(RULES_INDICES) private readonly indices: RulesIndices,
  ) {
    super();
  }

  async *scan(query: ArchiveScan): AsyncIterable<ArchivedEvent[]> {
    const pit = await this.client.openPointInTime({
      index: this.indices.eventsPattern,
      keep_alive: '2m',
      ignore_unavailable: true,
    });
    const filter: object[] = [{ range: { '@timestamp': { gte: query.from, lte: query.to } } }];
    if (query.organizationId) filter.push({ term: { 'organization.id': query.organizationId } });
    let after: unknown[] | undefined;
    let remaining = query.maxEvents;
    try {
      while (remaining > 0) {
        const page = await this.client.search<EventSource>({
          pit: { id: pit.id, keep_alive: '2m' },
          size: Math.min(PAGE_SIZE, remaining),
          sort: [{ '@timestamp': 'asc' }, { _shard_doc: 'asc' }],
          search_after: after as never,
          query: { bool: { filter } },
        });
        const hits = page.hits.hits;
        if (hits.length === 0) return;
        remaining -= hits.length;
        yield hits.map((hit) => ({
          id: hit._source?.event?.id ?? hit._id ?? '',
          organizationId: hit._source?.organization?.id ?? 'unknown',
          timestamp: Date.parse(hit._source?.['@timestamp'] ?? '') || 0,
          source: (hit._source ?? {}) as Record<string, unknown>,
        }));
        after = hits.at(-1)?.sort;
      }
    } finally {
      await this.client.closePointInTime({ id: pit.id }).catch(() => undefined);
    }
  }
}

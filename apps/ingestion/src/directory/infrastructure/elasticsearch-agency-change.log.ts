import { Inject, Injectable } from '@nestjs/common';
import { inScope, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import { INGESTION_INDICES, type IngestionIndices } from '../../common/infrastructure/indices';
import { AgencyChangeLog, type AgencyChange } from '../application/agency-change-log';

export function agencyChangesIndexTemplate(indices: IngestionIndices): IndexTemplate {
  return {
    name: indices.agencyChanges,
    indexPatterns: [indices.agencyChanges],
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      dynamic: false,
      properties: {
        agencyId: { type: 'keyword' },
        version: { type: 'integer' },
        action: { type: 'keyword' },
        actor: {
          properties: { id: { type: 'keyword' }, name: { type: 'keyword' }, roles: { type: 'keyword' } },
        },
        at: { type: 'date' },
      },
    },
  };
}

/** One document per directory change, id `<agency>:<version>` (a retried write is the same entry). */
@Injectable()
export class ElasticsearchAgencyChangeLog extends AgencyChangeLog {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(INGESTION_INDICES) private readonly indices: IngestionIndices,
  ) {
    super();
  }

  async append(change: AgencyChange): Promise<void> {
    await this.client.index({
      index: this.indices.agencyChanges,
      id: `${change.agencyId}:${change.version}`,
      document: change,
      refresh: 'wait_for',
    });
  }

  async of(agencyId: string, scope: AgencyScope): Promise<AgencyChange[]> {
    if (!inScope(scope, agencyId)) return [];
    const found = await this.client.search<AgencyChange>({
      index: this.indices.agencyChanges,
      size: 1000,
      sort: [{ version: 'desc' }],
      query: { term: { agencyId } },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, inScope, type AgencyScope } from '@vigil/auth';
import {
  ELASTICSEARCH_CLIENT,
  elasticsearchStatusOf,
  type ElasticsearchClient,
  type IndexTemplate,
} from '@vigil/search';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { AgencyRepository, type Versioned } from '../application/agency.repository';
import type { Agency } from '../domain/agency';
import { INGESTION_INDICES, type IngestionIndices } from '../../common/infrastructure/indices';

export function agencyIndexTemplate(indices: IngestionIndices): IndexTemplate {
  return {
    name: indices.agencies,
    indexPatterns: [indices.agencies],
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      dynamic: false,
      properties: {
        id: { type: 'keyword' },
        name: { type: 'text', fields: { raw: { type: 'keyword' } } },
        status: { type: 'keyword' },
        apiKeys: { properties: { id: { type: 'keyword' } } },
        systems: { properties: { id: { type: 'keyword' }, securityLevel: { type: 'integer' } } },
        updatedAt: { type: 'date' },
      },
    },
  };
}

const isStatus = (error: unknown, status: number): boolean => elasticsearchStatusOf(error) === status;

/** Agencies as documents keyed by agency id, written with optimistic concurrency. */
@Injectable()
export class ElasticsearchAgencyRepository extends AgencyRepository {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(INGESTION_INDICES) private readonly indices: IngestionIndices,
  ) {
    super();
  }

  async get(id: string, scope: AgencyScope): Promise<Versioned<Agency> | undefined> {
    if (!inScope(scope, id)) return undefined;
    try {
      const found = await this.client.get<Agency>({ index: this.indices.agencies, id });
      if (!found._source) return undefined;
      return { value: found._source, revision: `${found._seq_no ?? 0}:${found._primary_term ?? 0}` };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async create(agency: Agency): Promise<void> {
    try {
      await this.client.create({
        index: this.indices.agencies,
        id: agency.id,
        document: agency,
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isStatus(error, 409)) {
        throw new IngestionError(IngestionErrorCode.AgencyExists, `agency "${agency.id}" already exists`);
      }
      throw error;
    }
  }

  async update(agency: Agency, revision: string): Promise<void> {
    const [seqNo = 0, primaryTerm = 0] = revision.split(':').map(Number);
    try {
      await this.client.index({
        index: this.indices.agencies,
        id: agency.id,
        document: agency,
        if_seq_no: seqNo,
        if_primary_term: primaryTerm,
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isStatus(error, 409)) {
        throw new IngestionError(
          IngestionErrorCode.ConcurrentChange,
          `agency "${agency.id}" was changed meanwhile; retry`,
        );
      }
      throw error;
    }
  }

  async list(scope: AgencyScope): Promise<Agency[]> {
    const only = agencyFilter(scope);
    if (only?.length === 0) return [];
    const agencies: Agency[] = [];
    let after: string[] | undefined;
    for (;;) {
      const page = await this.client.search<Agency>({
        index: this.indices.agencies,
        size: 500,
        sort: [{ id: 'asc' }],
        query: only === undefined ? undefined : { terms: { id: [...only] } },
        search_after: after,
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      const hits = page.hits.hits;
      for (const hit of hits) if (hit._source) agencies.push(hit._source);
      const last = hits.at(-1);
      if (hits.length < 500 || last === undefined) return agencies;
      after = last.sort as string[];
    }
  }

  async findByKeyId(keyId: string): Promise<Agency | undefined> {
    const found = await this.client.search<Agency>({
      index: this.indices.agencies,
      size: 1,
      query: { term: { 'apiKeys.id': keyId } },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits[0]?._source;
  }
}

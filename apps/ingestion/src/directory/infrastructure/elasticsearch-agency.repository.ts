import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, inScope, type AgencyScope } from '@vigil/auth';
import type { OutboxEntry, OutboxLocation, OutboxMessage } from '@vigil/messaging';
import {
  ELASTICSEARCH_CLIENT,
  elasticsearchStatusOf,
  OUTBOX_FIELD,
  outboxMappingProperties,
  withOutbox,
  WITHOUT_OUTBOX,
  writtenOutboxEntry,
  type ElasticsearchClient,
  type IndexTemplate,
  type WithOutbox,
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
        ...outboxMappingProperties,
      },
    },
  };
}

const isStatus = (error: unknown, status: number): boolean => elasticsearchStatusOf(error) === status;

/**
 * Agencies as documents keyed by agency id, written with optimistic concurrency. Each document
 * also holds the directory messages of its latest change until they are published (the outbox).
 */
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
      const found = await this.client.get<Agency>({ index: this.indices.agencies, id, ...WITHOUT_OUTBOX });
      if (!found._source) return undefined;
      return { value: found._source, revision: `${found._seq_no ?? 0}:${found._primary_term ?? 0}` };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async create(agency: Agency, messages: readonly OutboxMessage[]): Promise<OutboxEntry> {
    try {
      const written = await this.client.create({
        index: this.indices.agencies,
        id: agency.id,
        document: withOutbox(agency, messages),
        refresh: 'wait_for',
      });
      return writtenOutboxEntry(this.indices.agencies, agency.id, written, messages);
    } catch (error) {
      if (isStatus(error, 409)) {
        throw new IngestionError(IngestionErrorCode.AgencyExists, `agency "${agency.id}" already exists`);
      }
      throw error;
    }
  }

  async update(agency: Agency, revision: string, messages?: readonly OutboxMessage[]): Promise<OutboxEntry> {
    const [seqNo = 0, primaryTerm = 0] = revision.split(':').map(Number);
    try {
      const document =
        messages === undefined
          ? await this.keepingOutbox(agency, revision)
          : withOutbox<Agency>(agency, messages);
      const written = await this.client.index({
        index: this.indices.agencies,
        id: agency.id,
        document,
        if_seq_no: seqNo,
        if_primary_term: primaryTerm,
        refresh: 'wait_for',
      });
      const outbox = document[OUTBOX_FIELD];
      const entry = writtenOutboxEntry(this.indices.agencies, agency.id, written, outbox?.messages ?? []);
      return { ...entry, pending: entry.pending && outbox?.pending_since !== null };
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

  outboxOf(id: string): OutboxLocation {
    return { collection: this.indices.agencies, id };
  }

  /** The agency with the outbox its document holds at `revision` (a stale revision is a concurrent change). */
  private async keepingOutbox(agency: Agency, revision: string): Promise<WithOutbox<Agency>> {
    const found = await this.client.get<WithOutbox<Agency>>({
      index: this.indices.agencies,
      id: agency.id,
      _source_includes: [OUTBOX_FIELD],
    });
    if (`${found._seq_no ?? 0}:${found._primary_term ?? 0}` !== revision) {
      throw new IngestionError(
        IngestionErrorCode.ConcurrentChange,
        `agency "${agency.id}" was changed meanwhile; retry`,
      );
    }
    const outbox = found._source?.[OUTBOX_FIELD];
    return outbox ? { ...agency, [OUTBOX_FIELD]: outbox } : agency;
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
        ...WITHOUT_OUTBOX,
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
      ...WITHOUT_OUTBOX,
    });
    return found.hits.hits[0]?._source;
  }
}

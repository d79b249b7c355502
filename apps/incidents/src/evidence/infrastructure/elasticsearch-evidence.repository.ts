import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import { EvidenceRepository } from '../application/evidence-store';
import type { Evidence } from '../domain/evidence';

export const EVIDENCE_INDEX = Symbol('vigil.incidents.evidence-index');
export const evidenceIndexName = (namespace: string): string => `${namespace}-evidence`;

export function evidenceIndexTemplate(namespace: string, replicas: number): IndexTemplate {
  const keyword = { type: 'keyword' };
  return {
    name: evidenceIndexName(namespace),
    indexPatterns: [evidenceIndexName(namespace)],
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: false,
      properties: {
        incidentId: keyword,
        agencyId: keyword,
        sha256: keyword,
        fileName: keyword,
        mediaType: keyword,
        size: { type: 'long' },
        addedAt: { type: 'date' },
        drillRunId: keyword,
      },
    },
  };
}

const idOf = (incidentId: string, sha256: string): string => `${incidentId}:${sha256}`;

/** One record per incident and file (`<incident>:<sha256>`), written with `create`. */
@Injectable()
export class ElasticsearchEvidenceRepository extends EvidenceRepository {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(EVIDENCE_INDEX) private readonly index: string,
  ) {
    super();
  }

  async create(evidence: Evidence): Promise<boolean> {
    try {
      await this.client.create({
        index: this.index,
        id: idOf(evidence.incidentId, evidence.sha256),
        document: evidence,
        refresh: 'wait_for',
      });
      return true;
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return false;
      throw error;
    }
  }

  async get(incidentId: string, sha256: string, scope: AgencyScope): Promise<Evidence | undefined> {
    const found = await this.client.get<Evidence>(
      { index: this.index, id: idOf(incidentId, sha256) },
      { ignore: [404] },
    );
    const evidence = found.found ? found._source : undefined;
    const agencies = agencyFilter(scope);
    if (!evidence || (agencies !== undefined && !agencies.includes(evidence.agencyId))) return undefined;
    return evidence;
  }

  async ofIncident(incidentId: string, scope: AgencyScope): Promise<Evidence[]> {
    const agencies = agencyFilter(scope);
    const found = await this.client.search<Evidence>({
      index: this.index,
      size: 1000,
      sort: [{ addedAt: 'asc' }],
      query: {
        bool: {
          filter: [
            { term: { incidentId } },
            ...(agencies === undefined ? [] : [{ terms: { agencyId: [...agencies] } }]),
          ],
        },
      },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }
}

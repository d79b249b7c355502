import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient } from '@vigil/search';
import type { IncidentTimes } from '../domain/response-figures';
import { FigureSources, type FigurePeriod } from '../application/figure-sources';

export const FIGURE_INDICES = Symbol('vigil.incidents.figure-indices');

export interface FigureIndices {
  incidents: string;
  audit: string;
}

interface StoredIncident {
  id: string;
  agencyId: string;
  priority: string;
  category?: string;
  createdAt: string;
  times?: { detected?: string; contained?: string; closed?: string };
}

const PAGE = 1000;

/**
 * Reads the incidents index (the incidents context's documents) and the audit index: the first
 * response to an incident is its first `transitioned` audit entry, found per incident with a
 * terms + min aggregation (the local Elasticsearch runs no scripts, so durations are computed here).
 */
@Injectable()
export class ElasticsearchFigureSources extends FigureSources {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(FIGURE_INDICES) private readonly indices: FigureIndices,
  ) {
    super();
  }

  async incidents(
    period: FigurePeriod,
    scope: AgencyScope,
    limit: number,
  ): Promise<{ incidents: IncidentTimes[]; truncated: boolean }> {
    const agencies = agencyFilter(scope);
    const filter = [
      { range: { createdAt: { gte: period.from, lt: period.to } } },
      ...(agencies === undefined ? [] : [{ terms: { agencyId: [...agencies] } }]),
    ];
    const mustNot = [
      { exists: { field: 'dissolved.at' } },
      ...(period.drills ? [] : [{ exists: { field: 'drillRunId' } }]),
    ];
    const found: StoredIncident[] = [];
    let truncated = false;
    for (let after: unknown[] | undefined; ;) {
      const page = await this.client.search<StoredIncident>({
        index: this.indices.incidents,
        size: PAGE,
        sort: [{ createdAt: 'asc' }, { id: 'asc' }],
        _source: ['id', 'agencyId', 'priority', 'category', 'createdAt', 'times'],
        query: { bool: { filter, must_not: mustNot } },
        ...(after && { search_after: after }),
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      const hits = page.hits.hits;
      for (const hit of hits) if (hit._source) found.push(hit._source);
      if (found.length >= limit) {
        truncated = hits.length === PAGE || found.length > limit;
        found.length = Math.min(found.length, limit);
        break;
      }
      if (hits.length < PAGE) break;
      after = hits[hits.length - 1]?.sort;
    }
    const responses = await this.firstResponses(found.map((incident) => incident.id));
    return {
      truncated,
      incidents: found.map((incident) => ({
        id: incident.id,
        agencyId: incident.agencyId,
        priority: incident.priority,
        ...(incident.category !== undefined && { category: incident.category }),
        createdAt: incident.createdAt,
        ...(incident.times?.detected !== undefined && { detectedAt: incident.times.detected }),
        ...(responses.get(incident.id) !== undefined && { firstResponseAt: responses.get(incident.id) }),
        ...(incident.times?.contained !== undefined && { containedAt: incident.times.contained }),
        ...(incident.times?.closed !== undefined && { closedAt: incident.times.closed }),
      })),
    };
  }

  private async firstResponses(ids: readonly string[]): Promise<Map<string, string>> {
    const first = new Map<string, string>();
    for (let start = 0; start < ids.length; start += PAGE) {
      const chains = ids.slice(start, start + PAGE).map((id) => `incident:${id}`);
      const found = await this.client.search({
        index: this.indices.audit,
        size: 0,
        query: { bool: { filter: [{ terms: { chain: chains } }, { term: { action: 'transitioned' } }] } },
        aggs: {
          chains: {
            terms: { field: 'chain', size: chains.length },
            aggs: { first: { min: { field: 'at' } } },
          },
        },
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      const buckets = (
        found.aggregations?.chains as
          { buckets?: { key: string; first: { value_as_string?: string } }[] } | undefined
      )?.buckets;
      for (const bucket of buckets ?? []) {
        if (bucket.first.value_as_string)
          first.set(bucket.key.slice('incident:'.length), bucket.first.value_as_string);
      }
    }
    return first;
  }
}

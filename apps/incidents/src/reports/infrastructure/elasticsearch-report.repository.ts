import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import type { Report } from '../domain/report';
import { ReportRepository } from '../application/report.repository';

export const REPORTS_INDEX = Symbol('vigil.incidents.reports-index');
export const reportsIndexName = (namespace: string): string => `${namespace}-reports`;

export function reportsIndexTemplate(namespace: string, replicas: number): IndexTemplate {
  const keyword = { type: 'keyword' };
  return {
    name: reportsIndexName(namespace),
    indexPatterns: [reportsIndexName(namespace)],
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      // The report's text and the incident copy stay in _source: read whole, never searched.
      dynamic: false,
      properties: {
        id: keyword,
        incidentId: keyword,
        agencyId: keyword,
        kind: keyword,
        number: { type: 'integer' },
        createdAt: { type: 'date' },
        drill: { type: 'boolean' },
      },
    },
  };
}

/** One document per report, id = report id, written with `create`: a number is taken once. */
@Injectable()
export class ElasticsearchReportRepository extends ReportRepository {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(REPORTS_INDEX) private readonly index: string,
  ) {
    super();
  }

  async create(report: Report): Promise<boolean> {
    try {
      await this.client.create({ index: this.index, id: report.id, document: report, refresh: 'wait_for' });
      return true;
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return false;
      throw error;
    }
  }

  async get(id: string, scope: AgencyScope): Promise<Report | undefined> {
    const found = await this.client.get<Report>({ index: this.index, id }, { ignore: [404] });
    const report = found.found ? found._source : undefined;
    const agencies = agencyFilter(scope);
    if (!report || (agencies !== undefined && !agencies.includes(report.agencyId))) return undefined;
    return report;
  }

  async ofIncident(incidentId: string, scope: AgencyScope): Promise<Report[]> {
    const agencies = agencyFilter(scope);
    const found = await this.client.search<Report>({
      index: this.index,
      size: 1000,
      sort: [{ createdAt: 'asc' }, { number: 'asc' }],
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

import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, inScope, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, elasticsearchStatusOf, type ElasticsearchClient } from '@vigil/search';
import { IncidentRepository, type IncidentQuery } from '../application/incident.repository';
import { versionConflict } from '../application/incident-changes';
import type { Incident } from '../domain/incident';

/** DI token of the incidents index name (`<namespace>-incidents`). */
export const INCIDENTS_INDEX = Symbol('vigil.incidents.index');
export const incidentsIndexName = (namespace: string): string => `${namespace}-incidents`;

const keyword = { type: 'keyword' } as const;

/**
 * Only what is filtered or sorted on is indexed; the rest of an incident (free text, observables,
 * comments chosen by anyone) is kept in _source without growing the mapping.
 */
const MAPPINGS = {
  dynamic: false,
  properties: {
    id: keyword,
    version: { type: 'long' },
    title: { type: 'text' },
    agencyId: keyword,
    source: keyword,
    state: keyword,
    category: keyword,
    priority: keyword,
    legalClass: keyword,
    suspectedSerious: { type: 'boolean' },
    drillRunId: keyword,
    groupingKeys: keyword,
    linkedAlerts: { properties: { id: keyword } },
    releasedAlertIds: keyword,
    dissolved: { properties: { at: { type: 'date' } } },
    createdAt: { type: 'date' },
    updatedAt: { type: 'date' },
  },
} as const;

const isStatus = (error: unknown, status: number): boolean => elasticsearchStatusOf(error) === status;

/**
 * Incidents as documents keyed by incident id in one index (created on first use), written with
 * `if_seq_no`/`if_primary_term` so two writers cannot both win; refreshed on write, so grouping's
 * look-ups on another instance see the latest link at once.
 */
@Injectable()
export class ElasticsearchIncidentRepository extends IncidentRepository {
  private ready?: Promise<void>;

  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(INCIDENTS_INDEX) private readonly index: string,
  ) {
    super();
  }

  async get(id: string, scope: AgencyScope): Promise<Incident | undefined> {
    const found = await this.read(id);
    if (!found || !inScope(scope, found.incident.agencyId)) return undefined;
    return found.incident;
  }

  async create(incident: Incident): Promise<void> {
    await this.ensureIndex();
    await this.client.create({ index: this.index, id: incident.id, document: incident, refresh: true });
  }

  async replace(incident: Incident, expectedVersion: number): Promise<void> {
    const stored = await this.read(incident.id);
    if (!stored) throw new Error(`incident ${incident.id} vanished while being changed`);
    if (stored.incident.version !== expectedVersion) throw versionConflict(stored.incident, expectedVersion);
    try {
      await this.client.index({
        index: this.index,
        id: incident.id,
        document: incident,
        if_seq_no: stored.seqNo,
        if_primary_term: stored.primaryTerm,
        refresh: true,
      });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      // Another writer got in between our read and our write: report what is there now.
      const current = await this.read(incident.id);
      throw versionConflict(current?.incident ?? stored.incident, expectedVersion);
    }
  }

  async list(query: IncidentQuery, scope: AgencyScope): Promise<{ total: number; incidents: Incident[] }> {
    const agencies = agencyFilter(scope);
    if (agencies?.length === 0) return { total: 0, incidents: [] };
    await this.ensureIndex();
    const filter: object[] = [];
    if (agencies) filter.push({ terms: { agencyId: agencies } });
    if (query.agencyId !== undefined) filter.push({ term: { agencyId: query.agencyId } });
    if (query.state !== undefined) filter.push({ term: { state: query.state } });
    if (query.priority !== undefined) filter.push({ term: { priority: query.priority } });
    if (query.category !== undefined) filter.push({ term: { category: query.category } });
    const mustNot: object[] = [{ exists: { field: 'dissolved.at' } }];
    if (query.drill === true) filter.push({ exists: { field: 'drillRunId' } });
    if (query.drill === false) mustNot.push({ exists: { field: 'drillRunId' } });
    const found = await this.client.search<Incident>({
      index: this.index,
      from: query.from,
      size: query.size,
      track_total_hits: true,
      sort: [{ createdAt: 'desc' }, { id: 'desc' }],
      query: { bool: { filter, must_not: mustNot } },
    });
    const total = found.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      incidents: found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : [])),
    };
  }

  async withGroupingKey(key: string): Promise<Incident[]> {
    await this.ensureIndex();
    const found = await this.client.search<Incident>({
      index: this.index,
      size: 50,
      query: {
        bool: {
          filter: [{ term: { groupingKeys: key } }],
          must_not: [{ exists: { field: 'dissolved.at' } }],
        },
      },
    });
    return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }

  async holdingAlert(alertId: string): Promise<Incident | undefined> {
    await this.ensureIndex();
    const found = await this.client.search<Incident>({
      index: this.index,
      size: 1,
      sort: [{ createdAt: 'asc' }],
      query: {
        bool: {
          should: [{ term: { 'linkedAlerts.id': alertId } }, { term: { releasedAlertIds: alertId } }],
          minimum_should_match: 1,
        },
      },
    });
    return found.hits.hits[0]?._source;
  }

  private async read(
    id: string,
  ): Promise<{ incident: Incident; seqNo: number; primaryTerm: number } | undefined> {
    await this.ensureIndex();
    try {
      const found = await this.client.get<Incident>({ index: this.index, id });
      if (!found._source) return undefined;
      return { incident: found._source, seqNo: found._seq_no ?? 0, primaryTerm: found._primary_term ?? 0 };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private ensureIndex(): Promise<void> {
    this.ready ??= this.createIndex().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createIndex(): Promise<void> {
    try {
      await this.client.indices.create({
        index: this.index,
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: MAPPINGS,
      });
    } catch (error) {
      if (!isStatus(error, 400)) throw error; // resource_already_exists_exception
    }
  }
}

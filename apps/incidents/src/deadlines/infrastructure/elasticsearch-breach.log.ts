import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import type { LegalClass, Priority } from '../../incidents/domain/classification';
import type { DeadlineKind } from '../domain/sla-policy';
import {
  BreachLog,
  type Breach,
  type BreachCount,
  type BreachQuery,
  type BreachReport,
} from '../application/breach-log';

export const BREACH_INDEX = Symbol('vigil.incidents.sla-breach-index');

export const breachIndexName = (namespace: string): string => `${namespace}-sla-breaches`;

/** Bucket limits: agencies of one province, a handful of teams, kinds and priorities. */
const MAX_KEYS = 1000;
const MAX_PERIODS = 400;

export function breachIndexTemplate(namespace: string, replicas: number): IndexTemplate {
  const keyword = { type: 'keyword' };
  return {
    name: breachIndexName(namespace),
    indexPatterns: [breachIndexName(namespace)],
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: 'strict',
      properties: {
        deadline_id: keyword,
        kind: keyword,
        subject: { properties: { type: keyword, id: keyword } },
        organization_id: keyword,
        team: keyword,
        priority: keyword,
        legal_class: keyword,
        start_at: { type: 'date' },
        due_at: { type: 'date' },
        breached_at: { type: 'date' },
        drill_run_id: keyword,
      },
    },
  };
}

interface BreachDocument {
  deadline_id: string;
  kind: DeadlineKind;
  subject: { type: string; id: string };
  organization_id: string;
  team: string;
  priority?: Priority;
  legal_class?: LegalClass;
  start_at: string;
  due_at: string;
  breached_at: string;
  drill_run_id?: string;
}

interface Buckets {
  buckets?: { key: string | number; key_as_string?: string; doc_count: number }[];
}

/** One document per breached deadline (id = deadline id, written with `create`: once however often it fires). */
@Injectable()
export class ElasticsearchBreachLog extends BreachLog {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(BREACH_INDEX) private readonly index: string,
  ) {
    super();
  }

  async record(breach: Breach): Promise<void> {
    try {
      await this.client.create({
        index: this.index,
        id: breach.deadlineId,
        document: toDocument(breach),
        refresh: 'wait_for',
      });
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode !== 409) throw error;
    }
  }

  async report(query: BreachQuery, scope: AgencyScope): Promise<BreachReport> {
    const filter: Record<string, unknown>[] = [];
    const mustNot: Record<string, unknown>[] = [];
    // The scope first: a scoped caller never counts another agency's breaches, whatever it asks.
    const visible = agencyFilter(scope);
    if (visible !== undefined) filter.push({ terms: { organization_id: [...visible] } });
    if (query.agencies?.length) filter.push({ terms: { organization_id: [...query.agencies] } });
    if (query.priorities?.length) filter.push({ terms: { priority: [...query.priorities] } });
    if (query.kinds?.length) filter.push({ terms: { kind: [...query.kinds] } });
    if (query.teams?.length) filter.push({ terms: { team: [...query.teams] } });
    if (query.from !== undefined || query.to !== undefined)
      filter.push({
        range: {
          breached_at: {
            ...(query.from === undefined ? {} : { gte: query.from }),
            ...(query.to === undefined ? {} : { lt: query.to }),
          },
        },
      });
    if (query.drill === 'exclude') mustNot.push({ exists: { field: 'drill_run_id' } });
    if (query.drill === 'only') filter.push({ exists: { field: 'drill_run_id' } });
    const terms = (field: string) => ({ terms: { field, size: MAX_KEYS } });
    const response = await this.client.search<BreachDocument>({
      index: this.index,
      size: query.limit,
      track_total_hits: true,
      sort: [{ breached_at: 'desc' }, { deadline_id: 'asc' }],
      query: { bool: { filter, must_not: mustNot } },
      aggs: {
        by_agency: terms('organization_id'),
        by_team: terms('team'),
        by_priority: terms('priority'),
        by_kind: terms('kind'),
        by_period: {
          date_histogram: { field: 'breached_at', calendar_interval: query.interval, min_doc_count: 1 },
        },
      },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    const aggs = (response.aggregations ?? {}) as Record<string, Buckets | undefined>;
    const counts = (name: string, limit = MAX_KEYS): BreachCount[] =>
      (aggs[name]?.buckets ?? []).slice(-limit).map((bucket) => ({
        key: bucket.key_as_string ?? String(bucket.key),
        count: bucket.doc_count,
      }));
    const total = response.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      byAgency: counts('by_agency'),
      byTeam: counts('by_team'),
      byPriority: counts('by_priority'),
      byKind: counts('by_kind'),
      byPeriod: counts('by_period', MAX_PERIODS),
      breaches: response.hits.hits.flatMap((hit) => (hit._source ? [fromDocument(hit._source)] : [])),
    };
  }
}

function toDocument(breach: Breach): BreachDocument {
  return {
    deadline_id: breach.deadlineId,
    kind: breach.kind,
    subject: { type: breach.subject.type, id: breach.subject.id },
    organization_id: breach.organizationId,
    team: breach.team,
    ...(breach.priority === undefined ? {} : { priority: breach.priority }),
    ...(breach.legalClass === undefined ? {} : { legal_class: breach.legalClass }),
    start_at: breach.startAt,
    due_at: breach.dueAt,
    breached_at: breach.breachedAt,
    ...(breach.drillRunId === undefined ? {} : { drill_run_id: breach.drillRunId }),
  };
}

function fromDocument(document: BreachDocument): Breach {
  return {
    deadlineId: document.deadline_id,
    kind: document.kind,
    subject: document.subject,
    organizationId: document.organization_id,
    team: document.team,
    ...(document.priority === undefined ? {} : { priority: document.priority }),
    ...(document.legal_class === undefined ? {} : { legalClass: document.legal_class }),
    startAt: document.start_at,
    dueAt: document.due_at,
    breachedAt: document.breached_at,
    ...(document.drill_run_id === undefined ? {} : { drillRunId: document.drill_run_id }),
  };
}

import { Inject, Injectable } from '@nestjs/common';
import type { AgencyScope } from '@vigil/auth';
import {
  BulkWriter,
  ELASTICSEARCH_CLIENT,
  elasticsearchStatusOf,
  type ElasticsearchClient,
} from '@vigil/search';
import {
  AlertQueueRepository,
  type GroupCount,
  type GroupField,
  type Page,
  type PageRequest,
  type QueueFilter,
  type ReceivedWrite,
} from '../application/alert-queue.repository';
import { AlertsError, AlertsErrorCode } from '../domain/alerts.error';
import { levelOfRank, type QueueAlert, type Versioned } from '../domain/queue-alert';
import { emptyStateCounts, queueItemOf, type QueueItem } from '../domain/queue-item';
import { TriageStates, type TriageState } from '../domain/triage';
import {
  fromAlertDocument,
  fromItemDocument,
  toAlertDocument,
  toItemDocument,
  type AlertDocument,
  type ItemDocument,
} from './alert-queue.documents';
import { ALERT_QUEUE_INDICES, type AlertQueueIndices } from './alert-queue-indices';
import {
  alertFilters,
  alertScopeFilter,
  alertVisible,
  decodeSortCursor,
  isAfterKey,
  itemFilters,
  itemScopeFilter,
  itemVisible,
  type Query,
} from './alert-queue.queries';
import { decodeCursor, encodeCursor } from './queue-cursor';

const GROUP_FIELD: Record<GroupField, string> = {
  rule: 'rule.id',
  agency: 'organization.id',
  host: 'host.name',
  source: 'source_ip',
  level: 'rule.level',
  state: 'triage.state',
  assignee: 'assignment.assignee_id',
};

/** Items recomputed per aggregation request: bounded so one request stays small. */
const REFRESH_CHUNK = 200;
const REFRESH_ATTEMPTS = 10;
const LIST_LIMIT = 20;

const versionOf = (hit: { _seq_no?: number; _primary_term?: number }): string =>
  `${hit._seq_no ?? 0}:${hit._primary_term ?? 0}`;

function parseVersion(version: string): { if_seq_no: number; if_primary_term: number } | undefined {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(version);
  if (!match) return undefined;
  return { if_seq_no: Number(match[1]), if_primary_term: Number(match[2]) };
}

/**
 * The queue in two Elasticsearch indices. Alerts: document id = alert id, written with
 * op_type=create, so a redelivered alert is a 409 the bulk writer counts as a duplicate and its
 * triage is never overwritten. Items: document id = queueItemIdOf (deterministic), a summary
 * recomputed from the alerts by one aggregation and written with if_seq_no/if_primary_term.
 *
 * Why materialized items rather than folding at read time (composite aggregation per request):
 * the queue is read far more often than alerts arrive, and it must be sorted by last activity
 * and paged with search_after, which a composite aggregation cannot do (it pages only in key
 * order). Why recompute rather than increment: at-least-once delivery repeats alerts, and an
 * increment is not idempotent; a recount is. Each recompute reads the item's version *before*
 * aggregating and writes conditionally on it, so a recompute that read older alerts than a
 * concurrent one loses the race (409) and runs again; the last successful write has always
 * counted every alert change that preceded it, whichever consumer or API instance made it.
 *
 * The scope is applied here, in every read: agency scopes see their agencies' alerts and never a
 * SOC-only one (its organization is '*', and its `scope` is `soc`).
 */
@Injectable()
export class ElasticsearchAlertQueueRepository extends AlertQueueRepository {
  private readonly writer: BulkWriter;

  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(ALERT_QUEUE_INDICES) private readonly indices: AlertQueueIndices,
  ) {
    super();
    // Items are recomputed right after by searching the alerts: they must be searchable first.
    this.writer = new BulkWriter(client, { refresh: 'wait_for' });
  }

  async insertReceived(alerts: readonly QueueAlert[]): Promise<ReceivedWrite> {
    if (alerts.length === 0) return { created: 0, duplicates: 0, failed: [] };
    const result = await this.writer.write(
      alerts.map((queued) => ({
        index: this.indices.alerts,
        id: queued.alert.id,
        document: toAlertDocument(queued),
      })),
    );
    return {
      created: result.written,
      duplicates: result.duplicates,
      failed: result.failed.map((failure) => ({
        alertId: failure.doc.id,
        reason: `Elasticsearch refused the alert: ${failure.type}: ${failure.reason}`,
      })),
    };
  }

  async getAlert(id: string, scope: AgencyScope): Promise<Versioned<QueueAlert> | undefined> {
    const [found] = await this.getAlerts([id], scope);
    return found;
  }

  async getAlerts(ids: readonly string[], scope: AgencyScope): Promise<Versioned<QueueAlert>[]> {
    const storable = ids.filter(isStorableId);
    if (storable.length === 0) return [];
    // Realtime: a triage right after the alert arrived sees it, and sees the version to write on.
    const found = await this.client.mget<AlertDocument>({ index: this.indices.alerts, ids: storable });
    return found.docs.flatMap((doc) => {
      if (!('found' in doc) || !doc.found || doc._source === undefined) return [];
      if (!alertVisible(doc._source, scope)) return [];
      return [{ value: fromAlertDocument(doc._source), version: versionOf(doc) }];
    });
  }

  async alertsOfItem(
    itemId: string,
    states: readonly TriageState[],
    scope: AgencyScope,
    max: number,
  ): Promise<Versioned<QueueAlert>[]> {
    const alerts: Versioned<QueueAlert>[] = [];
    let after: (string | number)[] | undefined;
    const query = {
      bool: {
        filter: [
          { term: { item_id: itemId } },
          { terms: { 'triage.state': [...states] } },
          ...alertScopeFilter(scope),
        ],
      },
    };
    while (alerts.length < max) {
      const page = await this.client.search<AlertDocument>({
        index: this.indices.alerts,
        size: Math.min(1000, max - alerts.length),
        query,
        sort: [{ raised_at: 'asc' }, { id: 'asc' }],
        search_after: after,
        seq_no_primary_term: true,
        ignore_unavailable: true,
      });
      const hits = page.hits.hits;
      for (const hit of hits)
        if (hit._source) alerts.push({ value: fromAlertDocument(hit._source), version: versionOf(hit) });
      if (hits.length === 0 || hits.length < 1000) break;
      after = hits.at(-1)?.sort as (string | number)[] | undefined;
    }
    return alerts;
  }

  async saveAlerts(
    changes: readonly { alert: QueueAlert; version: string }[],
  ): Promise<(string | undefined)[]> {
    return this.writeConditionally(
      this.indices.alerts,
      changes.map(({ alert, version }) => ({
        id: alert.alert.id,
        document: toAlertDocument(alert),
        version,
      })),
    );
  }

  /**
   * One bulk request of writes each conditional on a version (or `create` when there is none yet):
   * per document the new version, or undefined when it lost to another writer. The request
   * refreshes at once (`refresh: true`), not `wait_for`: the item recount that follows searches
   * these writes, and waiting for the next periodic refresh twice per action made an item action
   * take ~3 s instead of ~1 s on the loaded test machine. Triage and consumer batches write a
   * few times a second at most, far from the rate where forced refreshes cost Elasticsearch much.
   */
  private async writeConditionally(
    index: string,
    docs: readonly { id: string; document: object; version?: string }[],
  ): Promise<(string | undefined)[]> {
    if (docs.length === 0) return [];
    const operations: object[] = [];
    const writable: boolean[] = [];
    for (const doc of docs) {
      const condition = doc.version === undefined ? undefined : parseVersion(doc.version);
      writable.push(doc.version === undefined || condition !== undefined);
      if (doc.version !== undefined && condition === undefined) continue;
      operations.push(
        condition === undefined
          ? { create: { _index: index, _id: doc.id } }
          : { index: { _index: index, _id: doc.id, ...condition } },
        doc.document,
      );
    }
    const response =
      operations.length === 0 ? { items: [] } : await this.client.bulk({ operations, refresh: true });
    const items = [...response.items];
    return writable.map((ok) => {
      if (!ok) return undefined;
      const item = items.shift();
      const outcome = item?.index ?? item?.create;
      if (outcome === undefined) throw new Error('Elasticsearch answered fewer bulk items than it was sent');
      if (outcome.status === 409) return undefined;
      if (outcome.error)
        throw new Error(
          `Elasticsearch refused a queue write: ${outcome.error.type}: ${outcome.error.reason ?? ''}`,
        );
      return versionOf(outcome);
    });
  }

  async getItem(id: string, scope: AgencyScope): Promise<Versioned<QueueItem> | undefined> {
    if (!isStorableId(id)) return undefined;
    try {
      const found = await this.client.get<ItemDocument>({ index: this.indices.items, id });
      if (!found._source || !itemVisible(found._source, scope)) return undefined;
      return { value: fromItemDocument(found._source), version: versionOf(found) };
    } catch (error) {
      if (elasticsearchStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async claimItem(item: QueueItem, version: string): Promise<string | undefined> {
    const condition = parseVersion(version);
    if (condition === undefined) return undefined;
    try {
      const written = await this.client.index({
        index: this.indices.items,
        id: item.id,
        document: toItemDocument(item),
        ...condition,
      });
      return versionOf(written);
    } catch (error) {
      if (elasticsearchStatusOf(error) === 409) return undefined;
      throw error;
    }
  }

  async refreshItems(itemIds: readonly string[]): Promise<Versioned<QueueItem>[]> {
    const stored: Versioned<QueueItem>[] = [];
    for (let start = 0; start < itemIds.length; start += REFRESH_CHUNK) {
      let pending = itemIds.slice(start, start + REFRESH_CHUNK);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > REFRESH_ATTEMPTS)
          throw new Error(
            `queue items still contended after ${REFRESH_ATTEMPTS} recomputes: ${pending.join(', ')}`,
          );
        const outcome = await this.recompute(pending);
        stored.push(...outcome.stored);
        pending = outcome.contended;
      }
    }
    return stored;
  }

  /** One round: versions first, then the aggregation, then conditional writes; returns the losers. */
  private async recompute(
    itemIds: readonly string[],
  ): Promise<{ stored: Versioned<QueueItem>[]; contended: string[] }> {
    const current = await this.client.mget<ItemDocument>({ index: this.indices.items, ids: [...itemIds] });
    const existing = new Map<string, { version: string; doc: ItemDocument }>();
    for (const doc of current.docs)
      if ('found' in doc && doc.found && doc._source)
        existing.set(doc._id, { version: versionOf(doc), doc: doc._source });
    const stats = await this.aggregate(itemIds);
    const built: { item: QueueItem; version?: string }[] = [];
    for (const id of itemIds) {
      const fresh = stats.get(id);
      if (fresh === undefined) continue;
      const before = existing.get(id);
      built.push({
        item: queueItemOf(fresh.sample, fresh.stats, before?.doc.last_action),
        version: before?.version,
      });
    }
    const versions = await this.writeConditionally(
      this.indices.items,
      built.map(({ item, version }) => ({ id: item.id, document: toItemDocument(item), version })),
    );
    const stored: Versioned<QueueItem>[] = [];
    const contended: string[] = [];
    built.forEach(({ item }, index) => {
      const version = versions[index];
      if (version === undefined) contended.push(item.id);
      else stored.push({ value: item, version });
    });
    return { stored, contended };
  }

  private async aggregate(
    itemIds: readonly string[],
  ): Promise<Map<string, { sample: QueueAlert; stats: Parameters<typeof queueItemOf>[1] }>> {
    const terms = (field: string, size = LIST_LIMIT): Query => ({ terms: { field, size } });
    const response = await this.client.search<AlertDocument>({
      index: this.indices.alerts,
      size: 0,
      query: { terms: { item_id: [...itemIds] } },
      aggs: {
        items: {
          terms: { field: 'item_id', size: itemIds.length },
          aggs: {
            first_seen: { min: { field: 'raised_at' } },
            last_seen: { max: { field: 'last_raised_at' } },
            matches: { sum: { field: 'count', missing: 1 } },
            level: { max: { field: 'level_rank' } },
            states: terms('triage.state', TriageStates.length),
            hosts: terms('host.name'),
            sources: terms('source_ip'),
            assignees: terms('assignment.assignee_id'),
            incidents: terms('triage.incident_id'),
            sample: { top_hits: { size: 1, sort: [{ raised_at: 'desc' }] } },
          },
        },
      },
      ignore_unavailable: true,
    });
    const result = new Map<string, { sample: QueueAlert; stats: Parameters<typeof queueItemOf>[1] }>();
    const buckets = (response.aggregations?.items as { buckets?: ItemBucket[] } | undefined)?.buckets ?? [];
    for (const bucket of buckets) {
      const sample = bucket.sample.hits.hits[0]?._source;
      if (sample === undefined) continue;
      const counts = emptyStateCounts();
      for (const state of bucket.states.buckets)
        if ((TriageStates as readonly string[]).includes(state.key))
          counts[state.key as TriageState] = state.doc_count;
      const keys = (agg: { buckets: { key: string | number; key_as_string?: string }[] }): string[] =>
        agg.buckets.map((b) => b.key_as_string ?? String(b.key)).sort();
      result.set(bucket.key, {
        sample: fromAlertDocument(sample),
        stats: {
          alertCount: bucket.doc_count,
          matchCount: bucket.matches.value,
          firstSeen: new Date(bucket.first_seen.value ?? 0).toISOString(),
          lastSeen: new Date(bucket.last_seen.value ?? 0).toISOString(),
          maxLevel: levelOfRank(bucket.level.value ?? 0),
          stateCounts: counts,
          hosts: keys(bucket.hosts),
          sourceIps: keys(bucket.sources),
          assigneeIds: keys(bucket.assignees),
          incidentIds: keys(bucket.incidents),
        },
      });
    }
    return result;
  }

  async listItems(
    filter: QueueFilter,
    page: PageRequest,
    scope: AgencyScope,
  ): Promise<Page<Versioned<QueueItem>>> {
    const response = await this.client
      .search<ItemDocument>({
        index: this.indices.items,
        size: page.limit,
        query: { bool: { filter: [...itemFilters(filter), ...itemScopeFilter(scope)] } },
        sort: [{ last_seen: 'desc' }, { id: 'asc' }],
        search_after: decodeSortCursor(page.cursor),
        seq_no_primary_term: true,
        track_total_hits: true,
        ignore_unavailable: true,
      })
      .catch(unavailable);
    return pageOf(response.hits, page.limit, (doc) => fromItemDocument(doc));
  }

  async listAlerts(
    filter: QueueFilter,
    page: PageRequest,
    scope: AgencyScope,
  ): Promise<Page<Versioned<QueueAlert>>> {
    const response = await this.client
      .search<AlertDocument>({
        index: this.indices.alerts,
        size: page.limit,
        query: { bool: { filter: [...alertFilters(filter), ...alertScopeFilter(scope)] } },
        sort: [{ raised_at: 'desc' }, { id: 'asc' }],
        search_after: decodeSortCursor(page.cursor),
        seq_no_primary_term: true,
        track_total_hits: true,
        ignore_unavailable: true,
      })
      .catch(unavailable);
    return pageOf(response.hits, page.limit, (doc) => fromAlertDocument(doc));
  }

  async groups(
    by: GroupField,
    filter: QueueFilter,
    page: PageRequest,
    scope: AgencyScope,
  ): Promise<Page<GroupCount>> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, isAfterKey);
    const response = await this.client
      .search({
        index: this.indices.alerts,
        size: 0,
        query: { bool: { filter: [...alertFilters(filter), ...alertScopeFilter(scope)] } },
        aggs: {
          groups: {
            composite: {
              size: page.limit,
              sources: [{ value: { terms: { field: GROUP_FIELD[by] } } }],
              ...(after === undefined ? {} : { after }),
            },
          },
        },
        track_total_hits: true,
        ignore_unavailable: true,
      })
      .catch((error: unknown) => {
        // A cursor of the right shape but the wrong type for the field (a number for a host …).
        if (after !== undefined && elasticsearchStatusOf(error) === 400)
          throw AlertsError.invalidRequest('cursor', 'not a cursor of this grouping');
        return unavailable(error);
      });
    const groups = response.aggregations?.groups as
      | {
          buckets: { key: { value: string | number }; doc_count: number }[];
          after_key?: { value: string | number };
        }
      | undefined;
    const buckets = groups?.buckets ?? [];
    return {
      items: buckets.map((bucket) => ({ value: String(bucket.key.value), alerts: bucket.doc_count })),
      total: totalOf(response.hits.total),
      ...(buckets.length === page.limit && groups?.after_key !== undefined
        ? { next: encodeCursor(groups.after_key) }
        : {}),
    };
  }
}

interface ItemBucket {
  key: string;
  doc_count: number;
  first_seen: { value: number | null };
  last_seen: { value: number | null };
  matches: { value: number };
  level: { value: number | null };
  states: { buckets: { key: string; doc_count: number }[] };
  hosts: { buckets: { key: string }[] };
  sources: { buckets: { key: string; key_as_string?: string }[] };
  assignees: { buckets: { key: string }[] };
  incidents: { buckets: { key: string }[] };
  sample: { hits: { hits: { _source?: AlertDocument }[] } };
}

/** Elasticsearch refuses ids over 512 bytes (a request error, not "not found"): none is stored. */
const isStorableId = (id: string): boolean => id !== '' && Buffer.byteLength(id) <= 512;

/**
 * An index that the first alert is creating has no started shard for a moment, and a node under
 * load may refuse (429/503): the caller should retry, not read it as a fault of ours (500).
 */
function unavailable(error: unknown): never {
  const status = elasticsearchStatusOf(error);
  const text = String(error);
  if (status === 429 || status === 503 || text.includes('no_shard_available_action_exception'))
    throw new AlertsError(
      AlertsErrorCode.Unavailable,
      'the alert queue cannot answer right now; retry shortly',
    );
  throw error;
}

function totalOf(total: number | { value: number } | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

function pageOf<D, T>(
  hits: {
    total?: number | { value: number };
    hits: { _source?: D; _seq_no?: number; _primary_term?: number; sort?: unknown[] }[];
  },
  limit: number,
  convert: (doc: D) => T,
): Page<Versioned<T>> {
  const items = hits.hits.flatMap((hit) =>
    hit._source === undefined ? [] : [{ value: convert(hit._source), version: versionOf(hit) }],
  );
  const last = hits.hits.at(-1)?.sort;
  return {
    items,
    total: totalOf(hits.total),
    ...(hits.hits.length === limit && last !== undefined ? { next: encodeCursor(last) } : {}),
  };
}

import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import {
  ELASTICSEARCH_CLIENT,
  retryWhileUnavailable,
  type ElasticsearchClient,
  type IndexTemplate,
} from '@vigil/search';
import type { StoredAuditEntry } from '../domain/audit-chain';
import { AuditLog } from '../application/audit-log';

export const AUDIT_INDEX = Symbol('vigil.incidents.audit-index');

export const auditIndexName = (namespace: string): string => `${namespace}-audit`;

/** Chains are read whole; one longer than this is read in pages. */
const PAGE = 1000;

export function auditIndexTemplate(namespace: string): IndexTemplate {
  const keyword = { type: 'keyword' };
  return {
    name: auditIndexName(namespace),
    indexPatterns: [auditIndexName(namespace)],
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      // before/after stay in _source exactly as hashed, unindexed: their shapes differ per action.
      dynamic: false,
      properties: {
        change_id: keyword,
        chain: keyword,
        seq: { type: 'long' },
        at: { type: 'date' },
        subject: { properties: { type: keyword, id: keyword } },
        incident_id: keyword,
        organization_id: keyword,
        actor: { properties: { id: keyword, name: keyword, roles: keyword } },
        action: keyword,
        drill_run_id: keyword,
        prev_hash: keyword,
        hash: keyword,
        published_at: { type: 'date' },
      },
    },
  };
}

const entryId = (chain: string, seq: number): string => `${chain}#${String(seq).padStart(10, '0')}`;

/** One document per entry, id `<chain>#<seq>`: `create` makes a position in a chain taken once. */
@Injectable()
export class ElasticsearchAuditLog extends AuditLog {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(AUDIT_INDEX) private readonly index: string,
  ) {
    super();
  }

  async create(
    entry: StoredAuditEntry,
  ): Promise<{ created: true } | { created: false; existing: StoredAuditEntry }> {
    try {
      // An append is the middle of a change already made: a busy node or a just-created index
      // is waited for, not turned into a failed change.
      await retryWhileUnavailable(() =>
        this.client.create({ index: this.index, id: entryId(entry.chain, entry.seq), document: entry }),
      );
      return { created: true };
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      const existing = await this.entryAt(entry.chain, entry.seq);
      if (!existing) throw error;
      return { created: false, existing };
    }
  }

  async entryAt(chain: string, seq: number): Promise<StoredAuditEntry | undefined> {
    const found = await retryWhileUnavailable(() =>
      this.client.get<StoredAuditEntry>({ index: this.index, id: entryId(chain, seq) }, { ignore: [404] }),
    );
    return found.found ? found._source : undefined;
  }

  async lastIndexed(chain: string): Promise<StoredAuditEntry | undefined> {
    const found = await retryWhileUnavailable(() =>
      this.client.search<StoredAuditEntry>({
        index: this.index,
        size: 1,
        sort: [{ seq: 'desc' }],
        query: { term: { chain } },
        ignore_unavailable: true,
        allow_no_indices: true,
      }),
    );
    return found.hits.hits[0]?._source;
  }

  async chain(chain: string, scope: AgencyScope): Promise<StoredAuditEntry[] | undefined> {
    const agencies = agencyFilter(scope);
    const filter = [
      { term: { chain } },
      ...(agencies === undefined ? [] : [{ terms: { organization_id: [...agencies] } }]),
    ];
    const entries: StoredAuditEntry[] = [];
    for (let after: number | undefined; ;) {
      const page = await this.client.search<StoredAuditEntry>({
        index: this.index,
        size: PAGE,
        sort: [{ seq: 'asc' }],
        query: { bool: { filter } },
        ...(after !== undefined && { search_after: [after] }),
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      const hits = page.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
      entries.push(...hits);
      if (hits.length < PAGE) break;
      after = hits.at(-1)?.seq;
    }
    // The search view lags writes by up to a refresh interval: the newest entries by real-time reads.
    const visible = (entry: StoredAuditEntry): boolean =>
      agencies === undefined || agencies.includes(entry.organization_id);
    for (
      let next = await this.entryAt(chain, (entries.at(-1)?.seq ?? 0) + 1);
      next && visible(next);
      next = await this.entryAt(chain, next.seq + 1)
    ) {
      entries.push(next);
    }
    if (entries.length === 0) return undefined;
    return entries;
  }

  async markPublished(entries: readonly StoredAuditEntry[], at: string): Promise<void> {
    if (entries.length === 0) return;
    await this.client.bulk({
      operations: entries.flatMap((entry) => [
        { update: { _index: this.index, _id: entryId(entry.chain, entry.seq) } },
        { doc: { published_at: at } },
      ]),
    });
  }

  async unpublished(
    olderThanMs: number,
    limit: number,
    after?: StoredAuditEntry,
  ): Promise<StoredAuditEntry[]> {
    const found = await this.client.search<StoredAuditEntry>({
      index: this.index,
      size: limit,
      sort: [{ chain: 'asc' }, { seq: 'asc' }],
      ...(after && { search_after: [after.chain, after.seq] }),
      query: {
        bool: {
          must_not: [{ exists: { field: 'published_at' } }],
          filter: [{ range: { at: { lt: new Date(Date.now() - olderThanMs).toISOString() } } }],
        },
      },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } }).meta?.statusCode;
}

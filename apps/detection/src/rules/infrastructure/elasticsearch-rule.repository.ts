import { Inject, Injectable } from '@nestjs/common';
import { ELASTICSEARCH_CLIENT, elasticsearchStatusOf, type ElasticsearchClient } from '@vigil/search';
import type { RuleRecord, RuleVersion } from '../domain/rule-record';
import { RulesError, RulesErrorCode } from '../domain/rules.error';
import { RuleRepository, type RuleQuery, type Versioned } from '../application/rule.repository';
import { RULES_INDICES, rulesIndexMappings, type RulesIndices } from './rules-indices';

const isStatus = (error: unknown, status: number): boolean => elasticsearchStatusOf(error) === status;

/**
 * Rules as documents keyed by rule id, written with optimistic concurrency, and their history
 * keyed `<id>:<version>` (created once: a version is never overwritten). The indices are created
 * on first use with their mappings, so the service needs no template registered elsewhere.
 */
@Injectable()
export class ElasticsearchRuleRepository extends RuleRepository {
  private ready?: Promise<void>;

  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(RULES_INDICES) private readonly indices: RulesIndices,
  ) {
    super();
  }

  async get(id: string): Promise<Versioned<RuleRecord> | undefined> {
    await this.ensureIndices();
    try {
      const found = await this.client.get<RuleRecord>({ index: this.indices.rules, id });
      if (!found._source) return undefined;
      return { value: found._source, revision: `${found._seq_no ?? 0}:${found._primary_term ?? 0}` };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async save(version: RuleVersion, revision: string | undefined): Promise<void> {
    await this.ensureIndices();
    const { action: _action, ...record } = version;
    try {
      if (revision === undefined) {
        await this.client.create({
          index: this.indices.rules,
          id: record.id,
          document: record,
          refresh: true,
        });
      } else {
        const [seqNo = 0, primaryTerm = 0] = revision.split(':').map(Number);
        await this.client.index({
          index: this.indices.rules,
          id: record.id,
          document: record,
          if_seq_no: seqNo,
          if_primary_term: primaryTerm,
          refresh: true,
        });
      }
    } catch (error) {
      if (isStatus(error, 409))
        throw new RulesError(
          RulesErrorCode.ConcurrentChange,
          `rule "${record.id}" was changed meanwhile; retry`,
        );
      throw error;
    }
    await this.client.index({
      index: this.indices.versions,
      id: `${version.id}:${version.version}`,
      document: version,
      refresh: true,
    });
  }

  async list(query: RuleQuery): Promise<{ total: number; rules: RuleRecord[] }> {
    await this.ensureIndices();
    const filter: object[] = [{ term: { deleted: false } }];
    if (query.enabled !== undefined) filter.push({ term: { enabled: query.enabled } });
    if (query.level) filter.push({ term: { level: query.level } });
    if (query.tag) filter.push({ term: { tags: query.tag } });
    const must = query.q ? [{ match: { title: { query: query.q, operator: 'and' as const } } }] : [];
    const found = await this.client.search<RuleRecord>({
      index: this.indices.rules,
      from: query.from,
      size: query.size,
      track_total_hits: true,
      sort: [{ id: 'asc' }],
      query: { bool: { filter, must } },
    });
    const total = found.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      rules: found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : [])),
    };
  }

  async versions(id: string): Promise<RuleVersion[]> {
    await this.ensureIndices();
    const found = await this.client.search<RuleVersion>({
      index: this.indices.versions,
      size: 1000,
      sort: [{ version: 'asc' }],
      query: { term: { id } },
    });
    return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }

  private ensureIndices(): Promise<void> {
    this.ready ??= this.createIndices().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createIndices(): Promise<void> {
    for (const index of [this.indices.rules, this.indices.versions]) {
      try {
        await this.client.indices.create({
          index,
          settings: { number_of_shards: 1, number_of_replicas: 0 },
          mappings: rulesIndexMappings(),
        });
      } catch (error) {
        if (!isStatus(error, 400)) throw error; // resource_already_exists_exception
      }
    }
  }
}

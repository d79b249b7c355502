import { Inject, Injectable } from '@nestjs/common';
import { Topics, type RuleChangeV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import type { RuleRecord, RuleVersion } from '../domain/rule-record';
import { RuleRepository, type Versioned } from './rule.repository';

/**
 * The one way a rule changes: read it, decide the next version, write it to Elasticsearch, and
 * only then publish it on vigil.rules.v1. A decision of "nothing to change" re-publishes the
 * current state, so retrying after a failed publish still reaches the engines.
 */
@Injectable()
export class RuleChanges {
  constructor(
    @Inject(RuleRepository) private readonly rules: RuleRepository,
    @Inject(Publisher) private readonly publisher: Publisher,
  ) {}

  async apply(
    id: string,
    decide: (current: Versioned<RuleRecord> | undefined) => RuleVersion | RuleRecord,
  ): Promise<{ record: RuleRecord; changed: boolean }> {
    const current = await this.rules.get(id);
    const decided = decide(current);
    const changed = 'action' in decided;
    if (changed) await this.rules.save(decided, current?.revision);
    await this.publisher.publish(Topics.RulesV1, ruleChangeOf(decided));
    return { record: withoutAction(decided), changed };
  }
}

export function ruleChangeOf(record: RuleRecord): RuleChangeV1 {
  const base = {
    rule_id: record.id,
    version: record.version,
    enabled: record.enabled,
    changed_by: record.updatedBy,
    changed_at: record.updatedAt,
  };
  if (record.deleted) return { ...base, action: 'delete' };
  return { ...base, action: 'upsert', sigma: record.sigma, metadata: { ...record.metadata } };
}

function withoutAction(record: RuleVersion | RuleRecord): RuleRecord {
  if (!('action' in record)) return record;
  const { action: _action, ...rest } = record;
  return rest;
}

import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@vigil/auth';
import {
  setEnabled,
  setMetadata,
  tombstone,
  writeRule,
  type Change,
  type RuleMetadata,
  type RuleRecord,
  type RuleVersion,
} from '../domain/rule-record';
import { checkMetadata } from '../domain/rule-metadata';
import { RulesError } from '../domain/rules.error';
import { PackRules } from './pack-rules';
import { RuleChanges } from './rule-changes';
import { RuleValidator } from './rule-validator';

export type RuleStateChange =
  | { kind: 'enable' }
  | { kind: 'disable' }
  | { kind: 'metadata'; metadata: RuleMetadata }
  | { kind: 'delete' };

/**
 * Enables, disables, re-tunes or deletes an existing rule: each a new version, published. A rule
 * of the shipped packs that rule management does not hold yet is adopted on its first change
 * (its pack text, origin `pack`): the managed version then overrides the pack's, so a pack rule
 * can be tuned or silenced without being saved by hand first. Deleting needs a managed rule.
 */
@Injectable()
export class ChangeRuleStateUseCase {
  constructor(
    @Inject(RuleChanges) private readonly changes: RuleChanges,
    @Inject(PackRules) private readonly pack: PackRules,
    @Inject(RuleValidator) private readonly validator: RuleValidator,
  ) {}

  async execute(id: string, change: RuleStateChange, actor: Actor): Promise<RuleRecord> {
    if (change.kind === 'metadata') checkMetadata(change.metadata);
    const { record } = await this.changes.apply(id, (current) => {
      const previous = current?.value;
      const at = { actor, at: new Date().toISOString() };
      if (!previous || previous.deleted) return this.adopt(id, change, previous, at);
      switch (change.kind) {
        case 'enable':
          return previous.enabled ? previous : setEnabled(previous, true, at);
        case 'disable':
          return previous.enabled ? setEnabled(previous, false, at) : previous;
        case 'metadata':
          return setMetadata(previous, change.metadata, at);
        case 'delete':
          return tombstone(previous, at);
      }
    });
    return record;
  }

  private adopt(
    id: string,
    change: RuleStateChange,
    previous: RuleRecord | undefined,
    at: Change,
  ): RuleVersion {
    const text = change.kind === 'delete' ? undefined : this.pack.textOf(id);
    if (text === undefined) throw RulesError.notFound(id);
    const content = this.validator.validate(text, undefined, () => id);
    return writeRule(
      previous,
      content,
      {
        origin: 'pack',
        enabled: change.kind !== 'disable',
        metadata: change.kind === 'metadata' ? change.metadata : undefined,
      },
      at,
    );
  }
}

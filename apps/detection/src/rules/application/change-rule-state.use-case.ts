import { Inject, Injectable } from '@nestjs/common';
import {
  setEnabled,
  setMetadata,
  tombstone,
  type RuleMetadata,
  type RuleRecord,
} from '../domain/rule-record';
import { checkMetadata } from '../domain/rule-metadata';
import { RulesError } from '../domain/rules.error';
import { RuleChanges } from './rule-changes';

export type RuleStateChange =
  | { kind: 'enable' }
  | { kind: 'disable' }
  | { kind: 'metadata'; metadata: RuleMetadata }
  | { kind: 'delete' };

/** Enables, disables, re-tunes or deletes an existing rule: each a new version, published. */
@Injectable()
export class ChangeRuleStateUseCase {
  constructor(@Inject(RuleChanges) private readonly changes: RuleChanges) {}

  async execute(id: string, change: RuleStateChange, actor: string): Promise<RuleRecord> {
    if (change.kind === 'metadata') checkMetadata(change.metadata);
    const { record } = await this.changes.apply(id, (current) => {
      const previous = current?.value;
      if (!previous || previous.deleted) throw RulesError.notFound(id);
      const at = { actor, at: new Date().toISOString() };
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
}

import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@vigil/auth';
import {
  isUnchanged,
  writeRule,
  type RuleMetadata,
  type RuleOrigin,
  type RuleRecord,
} from '../domain/rule-record';
import { RulesError, RulesErrorCode } from '../domain/rules.error';
import { RuleChanges } from './rule-changes';
import { RuleValidator } from './rule-validator';

export interface SaveRuleInput {
  sigma: string;
  enabled?: boolean;
  metadata?: RuleMetadata;
  origin: RuleOrigin;
  /** PUT /v1/rules/:id: the id the YAML must carry (written into it when absent). */
  id?: string;
  /** POST /v1/rules: refuse when a live rule has the id. */
  createOnly?: boolean;
}

/** Creates a rule or writes a new version of it from Sigma YAML. */
@Injectable()
export class SaveRuleUseCase {
  constructor(
    @Inject(RuleValidator) private readonly validator: RuleValidator,
    @Inject(RuleChanges) private readonly changes: RuleChanges,
  ) {}

  async execute(input: SaveRuleInput, actor: Actor): Promise<{ record: RuleRecord; created: boolean }> {
    const parsed = this.validator.validate(
      input.sigma,
      input.metadata,
      input.id === undefined ? undefined : () => input.id as string,
    );
    if (input.id !== undefined && parsed.id !== input.id) {
      throw new RulesError(
        RulesErrorCode.IdMismatch,
        `the YAML's id "${parsed.id}" differs from the id in the URL "${input.id}"`,
      );
    }
    let created = false;
    const { record } = await this.changes.apply(parsed.id, (current) => {
      const previous = current?.value;
      if (input.createOnly && previous && !previous.deleted) {
        throw new RulesError(RulesErrorCode.RuleExists, `rule "${parsed.id}" already exists`);
      }
      const next = writeRule(previous, parsed, input, { actor, at: new Date().toISOString() });
      created = next.action === 'create';
      return previous && isUnchanged(previous, next) ? previous : next;
    });
    return { record, created };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { getField, SigmaEngine } from '@vigil/sigma';
import { BacktestTally, type AgencyTally } from '../domain/backtest-tally';
import { agencyScopedFilter } from '../domain/rule-metadata';
import type { RuleMetadata } from '../domain/rule-record';
import { RulesError, RulesErrorCode } from '../domain/rules.error';
import { EventArchive } from './event-archive';
import { RuleRepository } from './rule.repository';
import { RULE_SETTINGS, type RuleSettings } from './rule-settings';
import { compileBundle } from './sigma-bundle';

export interface BacktestInput {
  sigma?: string;
  ruleId?: string;
  metadata?: RuleMetadata;
  from: string;
  to: string;
  organizationId?: string;
  maxEvents: number;
}

export interface BacktestReport {
  events_scanned: number;
  truncated: boolean;
  alerts: number;
  agencies: AgencyTally[];
}

/**
 * Replays indexed events through a rule (a stored one, with its suppression and per-agency
 * filters, or Sigma text) and reports the alerts it would have raised, per agency.
 */
@Injectable()
export class BacktestRuleUseCase {
  constructor(
    @Inject(RULE_SETTINGS) private readonly settings: RuleSettings,
    @Inject(RuleRepository) private readonly rules: RuleRepository,
    @Inject(EventArchive) private readonly archive: EventArchive,
  ) {}

  async execute(input: BacktestInput): Promise<BacktestReport> {
    const [from, to] = [Date.parse(input.from), Date.parse(input.to)];
    if (Number.isNaN(from) || Number.isNaN(to) || from > to)
      throw new RulesError(RulesErrorCode.InvalidRequest, 'from and to must be ISO-8601 times, from ≤ to');
    const { sigma, metadata } = await this.ruleOf(input);
    const base = compileBundle(sigma, this.settings);
    if (base.rules.length !== 1 || base.correlations.length > 0)
      throw new RulesError(RulesErrorCode.InvalidRequest, 'a backtest runs exactly one detection rule');
    const ruleKey = SigmaEngine.ruleKey(base.rules[0]);
    const scoped = agencyScopedFilter(input.ruleId ?? ruleKey, [ruleKey], metadata.filters ?? []);
    const engine = scoped ? compileBundle(sigma, this.settings, [scoped]).engine : base.engine;
    const tally = new BacktestTally(metadata.suppression);
    let scanned = 0;
    for await (const page of this.archive.scan({ ...input, maxEvents: input.maxEvents })) {
      for (const event of page) {
        scanned++;
        if (engine.match(event.source).length === 0) continue;
        tally.record(event.organizationId, event.id, event.timestamp, (field) =>
          getField(event.source, field),
        );
      }
    }
    const agencies = tally.result();
    return {
      events_scanned: scanned,
      truncated: scanned >= input.maxEvents,
      alerts: agencies.reduce((sum, agency) => sum + agency.alerts, 0),
      agencies,
    };
  }

  private async ruleOf(input: BacktestInput): Promise<{ sigma: string; metadata: RuleMetadata }> {
    if (input.sigma !== undefined) return { sigma: input.sigma, metadata: input.metadata ?? {} };
    if (input.ruleId === undefined)
      throw new RulesError(RulesErrorCode.InvalidRequest, 'give either sigma or rule_id');
    const found = await this.rules.get(input.ruleId);
    if (!found || found.value.deleted) throw RulesError.notFound(input.ruleId);
    return { sigma: found.value.sigma, metadata: input.metadata ?? found.value.metadata };
  }
}

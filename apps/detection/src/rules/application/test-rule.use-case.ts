import { Inject, Injectable } from '@nestjs/common';
import {
  baseRuleIdentities,
  CorrelationEngine,
  getField,
  InMemoryCorrelationStore,
  loadPipelines,
  type CorrelationResult,
  type SigmaMatch,
} from '@vigil/sigma';
import { RulesError, RulesErrorCode } from '../domain/rules.error';
import { RULE_SETTINGS, type RuleSettings } from './rule-settings';
import { compileBundle } from './sigma-bundle';

export interface EventVerdict {
  index: number;
  matches: SigmaMatch[];
  correlations: CorrelationResult[];
}

/**
 * Runs Sigma text (rules, filters and correlations) over sample events and explains each match:
 * which selections matched, with the field values. Correlations keep their windows in memory.
 * Windows judged at their end (lt / lte) are judged as `sigma scan` judges them: once the events'
 * time has passed their end (listed with the event that passed it), and those still open after
 * the last event with the last event.
 */
@Injectable()
export class TestRuleUseCase {
  constructor(@Inject(RULE_SETTINGS) private readonly settings: RuleSettings) {}

  async execute(input: { sigma: string; events: object[]; pipelines?: string[] }): Promise<EventVerdict[]> {
    const pipelines = input.pipelines ? this.pipelinesNamed(input.pipelines) : this.settings.pipelines;
    const bundle = compileBundle(input.sigma, { pipelines, placeholders: this.settings.placeholders });
    const correlation =
      bundle.correlations.length === 0
        ? undefined
        : new CorrelationEngine<object>(bundle.correlations, baseRuleIdentities(bundle.rules), {
            store: new InMemoryCorrelationStore(),
            getField,
          });
    const verdicts: EventVerdict[] = [];
    let reached = Number.NEGATIVE_INFINITY;
    for (const [index, event] of input.events.entries()) {
      const matches = bundle.engine.match(event);
      const correlations = correlation
        ? await correlation.process(
            event,
            matches.map((match) => ({ id: match.ruleKey, name: match.ruleName })),
          )
        : [];
      if (correlation && matches.length > 0) {
        const time = Date.parse(String(getField(event, '@timestamp')));
        if (!Number.isNaN(time)) reached = Math.max(reached, time);
        correlations.push(...(await correlation.fireDue(reached, () => Promise.resolve())));
      }
      verdicts.push({ index, matches, correlations });
    }
    const last = verdicts.at(-1);
    if (correlation && last)
      last.correlations.push(
        ...(await correlation.fireDue(Number.POSITIVE_INFINITY, () => Promise.resolve())),
      );
    return verdicts;
  }

  private pipelinesNamed(names: string[]): RuleSettings['pipelines'] {
    if (names.some((name) => !/^[a-z0-9-]+$/.test(name)))
      throw new RulesError(RulesErrorCode.InvalidRequest, 'pipelines are named, e.g. "windows"');
    try {
      return loadPipelines(names);
    } catch (error) {
      throw new RulesError(
        RulesErrorCode.InvalidRequest,
        error instanceof Error ? error.message : String(error),
      );
    }
  }
}

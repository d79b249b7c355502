import type { Provider } from '@nestjs/common';
import type { DetectionConfig } from '../../../config';
import { RULE_SETTINGS, type RuleSettings } from '../../../rules/application/rule-settings';
import { EventEvaluator, RULE_TIMING_SAMPLE } from '../../application/event-evaluator';
import { RuleCatalog } from '../../application/rule-catalog';
import { rulePackDirectories } from '../rule-packs';
import { WorkerEventEvaluator } from './worker-event-evaluator';

/** Events are matched in a worker thread under a watchdog, mirroring the catalog (see WorkerEventEvaluator). */
export function evaluationProviders(config: DetectionConfig): Provider[] {
  return [
    {
      provide: EventEvaluator,
      inject: [RuleCatalog, RULE_SETTINGS],
      useFactory: (catalog: RuleCatalog, settings: RuleSettings) =>
        new WorkerEventEvaluator(
          catalog,
          {
            pipelineNames: settings.pipelineNames,
            unmapped: config.unmappedRules,
            placeholders: settings.placeholders,
            packDirs: rulePackDirectories(config.rulePackDirs),
            maxEntriesPerKey: config.correlationMaxEntries,
          },
          {
            budgetMs: config.evaluationBudgetMs,
            overrunsBeforeDisable: config.overrunsBeforeDisable,
            timeEvery: RULE_TIMING_SAMPLE,
          },
        ),
    },
  ];
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { serviceActor } from '@vigil/auth';
import { Topics, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import type { CorrelationEngine, CorrelationResult, MatchedRule, RuleTiming } from '@vigil/sigma';
import { Counter, Histogram } from 'prom-client';
import { ChangeRuleStateUseCase } from '../../rules/application/change-rule-state.use-case';
import {
  correlationAlert,
  matchAlert,
  ruleFailureAlert,
  type RuleFailureNotice,
} from '../domain/alert-factory';
import { suppressionKey } from '../domain/suppression';
import { AlertStore } from './alert.store';
import { RuleCatalog } from './rule-catalog';
import { SuppressionStore } from './suppression.store';

const matchesByRule = new Counter({
  name: 'vigil_detection_rule_matches_total',
  help: 'Matches per rule (before suppression)',
  labelNames: ['rule'],
});
const evaluationSeconds = new Histogram({
  name: 'vigil_detection_evaluation_seconds',
  help: 'Time to evaluate one event against every rule',
  buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05],
});
/** One event in this many has each of its rule evaluations timed (two clock reads per rule). */
const RULE_TIMING_SAMPLE = 100;
const ruleEvaluationSeconds = new Counter({
  name: 'vigil_detection_rule_evaluation_seconds_total',
  help: `Time spent evaluating each rule, on a sample of events (one in ${String(RULE_TIMING_SAMPLE)}); divide by vigil_detection_rule_evaluations_sampled_total for the mean`,
  labelNames: ['rule'],
});
const ruleEvaluationsSampled = new Counter({
  name: 'vigil_detection_rule_evaluations_sampled_total',
  help: 'Evaluations of each rule that were timed (rules rejected by their literal pre-filter cost nothing and are not counted)',
  labelNames: ['rule'],
});
const timeRule: RuleTiming = (rule, seconds) => {
  ruleEvaluationSeconds.inc({ rule }, seconds);
  ruleEvaluationsSampled.inc({ rule });
};
const ingestToAlertSeconds = new Histogram({
  name: 'vigil_detection_ingest_to_alert_seconds',
  help: 'From event ingested to alert published (end-to-end latency)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/** Correlation updates of one batch in flight at once (each is a few Redis round trips). */
const CORRELATION_CONCURRENCY = 256;

interface Correlating {
  event: NormalizedEvent;
  rules: MatchedRule[];
}

/**
 * A batch's matches through the correlation engine, many at once. The store's scripts are atomic
 * and made for several instances updating one window (the claim lets exactly one fire), so the
 * events of one batch may update together just as events on two instances do: their Redis round
 * trips overlap instead of adding up.
 */
async function correlateAll(
  engine: CorrelationEngine<object>,
  inputs: readonly Correlating[],
): Promise<{ event: NormalizedEvent; results: CorrelationResult[] }[]> {
  const done: { event: NormalizedEvent; results: CorrelationResult[] }[] = [];
  for (let start = 0; start < inputs.length; start += CORRELATION_CONCURRENCY) {
    const chunk = inputs.slice(start, start + CORRELATION_CONCURRENCY);
    done.push(
      ...(await Promise.all(
        chunk.map(async ({ event, rules }) => ({ event, results: await engine.process(event, rules) })),
      )),
    );
  }
  return done;
}

/**
 * Evaluates a batch of events: every rule match and every correlation that fires becomes an
 * alert, published on vigil.alerts.v1 and stored in Elasticsearch (at the same time). It resolves
 * only when both are done, so the consumer commits after the alerts exist. Ids are deterministic, so a
 * redelivered batch yields the same alerts, not new ones. A rule with a suppression policy folds
 * repeated matches with the same key into the window's first alert (count, last seen), which is
 * updated in Elasticsearch and published again under its id.
 */
@Injectable()
export class DetectEventsUseCase {
  private readonly logger = new Logger(DetectEventsUseCase.name);
  private evaluated = 0;

  constructor(
    @Inject(RuleCatalog) private readonly catalog: RuleCatalog,
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(AlertStore) private readonly alerts: AlertStore,
    @Inject(SuppressionStore) private readonly suppression: SuppressionStore,
    @Inject(ChangeRuleStateUseCase) private readonly ruleStates: ChangeRuleStateUseCase,
  ) {}

  async execute(events: readonly NormalizedEvent[]): Promise<AlertV1[]> {
    const raised = new Map<string, AlertV1>();
    const repeats = new Map<string, { index: string; alert: AlertV1 }>();
    const correlating: Correlating[] = [];
    const correlations = this.catalog.correlations; // one rule set for the whole batch
    for (const event of events) {
      const started = process.hrtime.bigint();
      const sampled = ++this.evaluated % RULE_TIMING_SAMPLE === 0;
      const matches = this.catalog.engine.match(event, sampled ? timeRule : undefined);
      evaluationSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      for (const failure of this.catalog.takeFailedRules()) {
        const everywhere = await this.disableEverywhere(failure);
        const alert = ruleFailureAlert(failure, everywhere, event, new Date());
        raised.set(alert.id, alert);
      }
      if (matches.length === 0) continue;
      const now = new Date();
      for (const match of matches) {
        matchesByRule.inc({ rule: match.ruleId ?? match.ruleKey });
        if (correlations && !correlations.emitsStandalone({ id: match.ruleId, name: match.ruleName }))
          continue;
        const alert = matchAlert(match, event, undefined, now);
        const policy = this.catalog.suppressionOf(alert.rule.id);
        if (policy) {
          const claim = await this.suppression.claim(
            suppressionKey(alert.rule.id, policy, event),
            policy.windowSeconds,
            {
              id: alert.id,
              index: this.alerts.indexOf(alert),
            },
          );
          if (claim.alertId !== alert.id) {
            const folded = {
              ...alert,
              id: claim.alertId,
              count: claim.count,
              last_seen_at: now.toISOString(),
            };
            repeats.set(claim.alertId, { index: claim.index, alert: folded });
            continue;
          }
          alert.count = claim.count; // 1, or more when this is a redelivery of the window's first match
          alert.last_seen_at = now.toISOString();
        }
        raised.set(alert.id, alert);
      }
      if (correlations)
        correlating.push({
          event,
          rules: matches.map((match) => ({ id: match.ruleKey, name: match.ruleName })),
        });
    }
    if (correlations) {
      for (const { event, results } of await correlateAll(correlations, correlating)) {
        for (const result of results) {
          if (!result.emit) continue;
          const alert = correlationAlert(result, event, new Date());
          raised.set(alert.id, alert);
        }
      }
    }
    // A repeat of an alert raised in this same batch folds into it before anything is written.
    for (const [id, repeat] of repeats) {
      const first = raised.get(id);
      if (first) first.count = Math.max(first.count ?? 1, repeat.alert.count ?? 1);
    }
    const alerts = [...raised.values()];
    const updates = [...repeats.values()].filter((repeat) => !raised.has(repeat.alert.id));
    const published = [...alerts, ...updates.map((update) => update.alert)];
    if (published.length === 0) return published;
    // Kafka and Elasticsearch are written at the same time, so an alert reaches the analysts
    // without waiting for an Elasticsearch busy indexing events; the batch is committed once both
    // are done, and ids are deterministic, so a redelivered batch rewrites the same alerts.
    const publishing = this.publisher.publish(Topics.AlertsV1, published).then(() => {
      const publishedAt = Date.now();
      for (const alert of alerts) {
        if (alert.event_ingested_at !== undefined) {
          ingestToAlertSeconds.observe((publishedAt - Date.parse(alert.event_ingested_at)) / 1000);
        }
      }
    });
    await Promise.all([
      publishing,
      alerts.length > 0 ? this.alerts.save(alerts) : undefined,
      updates.length > 0 ? this.alerts.recordRepeats(updates) : undefined,
    ]);
    return published;
  }

  /**
   * A managed rule that threw is disabled through rule management (a new version by
   * `detection`, published on vigil.rules.v1), so every instance drops it and a restart does not
   * bring it back. A pack rule is out of this instance only; the admin alert says so.
   */
  private async disableEverywhere(failure: RuleFailureNotice): Promise<boolean> {
    if (failure.managedRuleId === undefined) return false;
    try {
      await this.ruleStates.execute(
        failure.managedRuleId,
        { kind: 'disable' },
        serviceActor('detection', 'detection (runtime error)'),
      );
      return true;
    } catch (error) {
      this.logger.error({
        msg: 'could not disable the failed rule',
        rule: failure.managedRuleId,
        error: String(error),
      });
      return false;
    }
  }
}

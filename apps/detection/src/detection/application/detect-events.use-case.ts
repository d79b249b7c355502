import { Inject, Injectable, Logger } from '@nestjs/common';
import { serviceActor } from '@vigil/auth';
import { Topics, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import type { MatchedRule } from '@vigil/sigma';
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
import { EventEvaluator, RULE_TIMING_SAMPLE, type BatchEvaluation } from './event-evaluator';
import { RuleCatalog } from './rule-catalog';
import { SuppressionStore, type SuppressionRequest } from './suppression.store';

const matchesByRule = new Counter({
  name: 'vigil_detection_rule_matches_total',
  help: 'Matches per rule (before suppression)',
  labelNames: ['rule'],
});
const evaluationSeconds = new Histogram({
  name: 'vigil_detection_evaluation_seconds',
  help: 'Time to evaluate one event against every rule',
  buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25],
});
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
const ingestToAlertSeconds = new Histogram({
  name: 'vigil_detection_ingest_to_alert_seconds',
  help: 'From event ingested to alert published (end-to-end latency)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/**
 * Events per request to the evaluation worker. A batch is matched slice by slice, each slice
 * correlated as soon as it is matched and its alerts published while the next is correlated, so
 * the worker's matching, the correlation work (and its Redis round trips) and the publication of
 * consecutive slices overlap, and an alert waits for its slice, not for the whole batch.
 */
const EVALUATION_SLICE = 500;

/** What one slice of a batch gathers before its alerts are written (overruns: the batch's). */
interface SliceState {
  overruns: DetectionOutcome['overruns'];
  raised: Map<string, AlertV1>;
  /** Matches folded into a suppression window's alert: that alert id → the updated alert. */
  repeats: Map<string, { index: string; alert: AlertV1 }>;
}

/** What a batch gave: the alerts published, and the events whose evaluation overran (for the DLQ). */
export interface DetectionOutcome {
  alerts: AlertV1[];
  overruns: { index: number; reason: string }[];
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

  constructor(
    @Inject(RuleCatalog) private readonly catalog: RuleCatalog,
    @Inject(EventEvaluator) private readonly evaluator: EventEvaluator,
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(AlertStore) private readonly alerts: AlertStore,
    @Inject(SuppressionStore) private readonly suppression: SuppressionStore,
    @Inject(ChangeRuleStateUseCase) private readonly ruleStates: ChangeRuleStateUseCase,
  ) {}

  async execute(events: readonly NormalizedEvent[]): Promise<DetectionOutcome> {
    const correlations = this.catalog.correlations; // one rule set for the whole batch
    const slices: { offset: number; events: readonly NormalizedEvent[] }[] = [];
    for (let offset = 0; offset < events.length; offset += EVALUATION_SLICE)
      slices.push({ offset, events: events.slice(offset, offset + EVALUATION_SLICE) });
    // Every slice is queued for matching at once; the worker takes them in order, so slice n + 1
    // is matched while slice n is correlated here and its windows are written to Redis. Slices
    // are correlated in order, so the windows see the partition's events in order as before.
    const evaluations = slices.map((slice) => this.evaluator.evaluate(slice.events));
    // a failed slice fails the batch (retried whole); the others must not reject unobserved
    for (const evaluation of evaluations) evaluation.catch(() => undefined);
    const overruns: DetectionOutcome['overruns'] = [];
    const published: AlertV1[] = [];
    // Each slice's alerts go out while the next slice is correlated, one slice after the other,
    // so a repeat's update follows the alert it updates; the batch is committed once all are out.
    let publishing: Promise<void> = Promise.resolve();
    for (const [n, slice] of slices.entries()) {
      const state: SliceState = { overruns, raised: new Map(), repeats: new Map() };
      await this.detectSlice(slice.events, slice.offset, await evaluations[n], correlations, state);
      publishing = publishing.then(async () => {
        published.push(...(await this.publish(state)));
      });
      // observed here, so a slice failing meanwhile leaves no rejection unhandled; awaited below
      publishing.catch(() => undefined);
    }
    await publishing;
    return { alerts: published, overruns };
  }

  /**
   * Publishes a slice's alerts on vigil.alerts.v1 and stores them in Elasticsearch, at the same
   * time, so an alert reaches the analysts without waiting for an Elasticsearch busy indexing
   * events. Ids are deterministic, so a redelivered batch rewrites the same alerts.
   */
  private async publish({ raised, repeats }: SliceState): Promise<AlertV1[]> {
    // A repeat of an alert raised in this same slice folds into it before anything is written.
    for (const [id, repeat] of repeats) {
      const first = raised.get(id);
      if (first) first.count = Math.max(first.count ?? 1, repeat.alert.count ?? 1);
    }
    const alerts = [...raised.values()];
    const updates = [...repeats.values()].filter((repeat) => !raised.has(repeat.alert.id));
    const published = [...alerts, ...updates.map((update) => update.alert)];
    if (published.length === 0) return published;
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
   * One slice of the batch: its matches become alerts (into `slice.raised`), its suppressed matches
   * claim their windows and its correlation inputs go through the engine, both in one Redis step.
   */
  private async detectSlice(
    events: readonly NormalizedEvent[],
    offset: number,
    evaluation: BatchEvaluation,
    correlations: RuleCatalog['correlations'],
    slice: SliceState,
  ): Promise<void> {
    const { raised, repeats } = slice;
    for (const [rule, seconds, count] of evaluation.timings) {
      ruleEvaluationSeconds.inc({ rule }, seconds);
      ruleEvaluationsSampled.inc({ rule }, count);
    }
    const suppressed: { alert: AlertV1; seenAt: string; request: SuppressionRequest }[] = [];
    const correlating: { event: NormalizedEvent; matchedRules: MatchedRule[] }[] = [];
    for (const [index, event] of events.entries()) {
      const { matches, failures, overrun, seconds } = evaluation.events[index];
      evaluationSeconds.observe(seconds);
      for (const failure of failures) {
        const everywhere = await this.disableEverywhere(failure);
        const alert = ruleFailureAlert(failure, everywhere, event, new Date());
        raised.set(alert.id, alert);
      }
      if (overrun) {
        slice.overruns.push({ index: offset + index, reason: overrun.reason });
        continue;
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
          const key = suppressionKey(alert.rule.id, policy, event);
          const holder = { id: alert.id, index: this.alerts.indexOf(alert) };
          suppressed.push({
            alert,
            seenAt: now.toISOString(),
            request: { key, windowSeconds: policy.windowSeconds, alert: holder },
          });
          continue;
        }
        raised.set(alert.id, alert);
      }
      if (correlations)
        correlating.push({
          event,
          matchedRules: matches.map((match) => ({ id: match.ruleKey, name: match.ruleName })),
        });
    }
    // The slice's suppression windows and correlation windows: one Redis step each (the
    // correlation engine reads, evaluates in memory, then writes), both at the same time.
    const [claims, correlated] = await Promise.all([
      suppressed.length > 0 ? this.suppression.claimAll(suppressed.map(({ request }) => request)) : [],
      correlations && correlating.length > 0 ? correlations.processBatch(correlating) : [],
    ]);
    suppressed.forEach(({ alert, seenAt }, index) => {
      const claim = claims[index];
      if (claim.alertId !== alert.id) {
        const folded = { ...alert, id: claim.alertId, count: claim.count, last_seen_at: seenAt };
        repeats.set(claim.alertId, { index: claim.index, alert: folded });
        return;
      }
      alert.count = claim.count; // 1, or more when this is a redelivery of the window's first match
      alert.last_seen_at = seenAt;
      raised.set(alert.id, alert);
    });
    correlated.forEach((results, index) => {
      const { event } = correlating[index];
      for (const result of results) {
        if (!result.emit) continue;
        const alert = correlationAlert(result, event, new Date());
        raised.set(alert.id, alert);
      }
    });
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

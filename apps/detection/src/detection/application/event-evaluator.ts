import type { NormalizedEvent } from '@vigil/contracts';
import type { SigmaMatch } from '@vigil/sigma';
import type { RuleFailureNotice } from '../domain/alert-factory';

/** Each rule's evaluations are timed on one event in this many (two clock reads per rule evaluated). */
export const RULE_TIMING_SAMPLE = 100;

/** What evaluating one event against every rule gave. */
export interface EventEvaluation {
  matches: SigmaMatch[];
  /** Rules taken out while evaluating this event (they threw, or overran their budget too often). */
  failures: RuleFailureNotice[];
  /** Set when the event's evaluation overran its budget: it was stopped and goes to the DLQ. */
  overrun?: { ruleKey?: string; reason: string };
  /** Wall time spent on the event, in seconds. */
  seconds: number;
}

/** Per-rule time of the sampled evaluations of a batch: [rule key, seconds, evaluations]. */
export type RuleTimings = readonly (readonly [string, number, number])[];

export interface BatchEvaluation {
  events: EventEvaluation[];
  timings: RuleTimings;
}

/**
 * Evaluates events against the catalog's rules somewhere that cannot stop this process: a rule
 * that runs away on an event costs that event (dead-lettered, naming the rule), not the service's
 * API, health or Kafka heartbeats.
 */
export abstract class EventEvaluator {
  abstract evaluate(events: readonly NormalizedEvent[]): Promise<BatchEvaluation>;
}

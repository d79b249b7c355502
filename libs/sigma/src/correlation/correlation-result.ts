import { CorrelationLevel, CorrelationType } from './correlation-rule';

/** A correlation rule that fired for one group over one window. */
export interface CorrelationResult {
  /** Deterministic (rule, group, window end): a redelivered burst yields the same id. */
  id: string;
  correlation: {
    key: string;
    id?: string;
    name?: string;
    title: string;
    level?: CorrelationLevel;
    type: CorrelationType;
  };
  /**
   * Whose events the window held (partitionKey of a CorrelationPartition with the default
   * partitionOf: one agency and drill run, or every agency for a cross-agency rule).
   */
  partition: string;
  /** group-by name (or alias) → the value shared by the group; empty without group-by. */
  groupBy: Record<string, unknown>;
  /**
   * The contributing matches: event ids, or result ids of correlations this one chains on;
   * at most `maxEventRefs` of them, oldest first (eventCount says how many there were).
   */
  eventRefs: string[];
  /** How many matches made the window fire (a temporal window may hold several per rule). */
  eventCount: number;
  /** Event time (ms since epoch) of the first contributing match. */
  windowStart: number;
  /**
   * Event time of the end of the window that fired: the match that completed it (for a late
   * match, the later match whose window it completed). windowEnd − windowStart ≤ timespan.
   */
  windowEnd: number;
  /** The aggregated value the condition held for (count, distinct count, sum, average, …). */
  value: number;
  /**
   * Whether this result is an alert in its own right: false for a correlation that only feeds
   * another correlation without `generate: true` (see CorrelationRuleSet.emitsStandalone).
   */
  emit: boolean;
  /** Some contributing event had no usable timestamp and was placed at processing time. */
  approximateTime: boolean;
}

/** Reported when a group's window reached the per-key cap and its oldest entries were dropped. */
export interface CapacityNotice {
  correlationKey: string;
  storeKey: string;
  evicted: number;
  maxEntries: number;
}

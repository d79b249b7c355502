/** The correlation types of the Sigma correlation specification v2.1. */
export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const CORRELATION_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type CorrelationLevel = (typeof CORRELATION_LEVELS)[number];

export type ComparisonOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

/** One comparison; a condition is the AND of its comparisons (a range is two of them). */
export interface Comparison {
  operator: ComparisonOperator;
  value: number;
}

export interface CorrelationCondition {
  comparisons: Comparison[];
  /** The event field(s) a value_* correlation aggregates; several fields count as one tuple. */
  fields: string[];
  /**
   * pySigma's `percentile` extension for value_percentile: compare the p-th percentile of a
   * numeric field instead of the spec's share of events carrying the current value.
   */
  percentile?: number;
}

/** Where a rule came from, carried into errors. */
export interface CorrelationRuleSource {
  file?: string;
  documentIndex?: number;
}

/** A parsed, self-consistent correlation rule; references are resolved over a set later. */
export interface CorrelationRule {
  /**
   * The key this rule is known by inside the engine and in state keys: its id, else its name,
   * else its position in its file (such a rule works but cannot be referenced).
   */
  key: string;
  id?: string;
  name?: string;
  title: string;
  level?: CorrelationLevel;
  status?: string;
  description?: string;
  type: CorrelationType;
  /** References to base rules or other correlations, by id or name, in the order given. */
  rules: string[];
  groupBy: string[];
  /** alias → (rule reference → field name in events matched by that rule). */
  aliases: Record<string, Record<string, string>>;
  timespanMs: number;
  timespan: string;
  condition: CorrelationCondition;
  generate: boolean;
  /** Vigil's `vigil: { cross_agency: true }`: windows pool every agency (see correlation-partition.ts). */
  crossAgency?: boolean;
  source: CorrelationRuleSource;
}

/** What the engine needs to know about a base (detection) rule. */
export interface BaseRuleIdentity {
  id: string;
  name?: string;
  title: string;
}

/** A rule an event matched, as reported by the matching engine. */
export interface MatchedRule {
  id: string;
  name?: string;
}

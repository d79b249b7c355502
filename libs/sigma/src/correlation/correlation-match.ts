import type { CapacityNotice, CorrelationResult } from './correlation-result';
import type { CorrelationRule } from './correlation-rule';
import type { RuleTarget } from './correlation-rule-set';
import type { WindowItem } from './window-entry-codec';
import { canonicalValue, numericValue } from './event-values';

// What flows through the correlation engine (correlation-engine.ts) and the result it builds.

/** Where a match goes for one correlation: its window (group) and its entry there. */
export interface Subject {
  group: { key: string; partition: string; values: Record<string, unknown> };
  item: WindowItem;
}

/** A window judged at its end: what it held, and the result when its condition held. */
export interface Judgement {
  key: string;
  rule: CorrelationRule;
  /** The due window's group, as scheduled (rule, partition, group-by values). */
  group: string;
  members: string[];
  end: number;
  result?: CorrelationResult;
}

/** What one evaluation of a batch gathers besides its results. */
export interface Pass {
  notices: CapacityNotice[];
  /** Windows judged at their end that the batch appended to, and the times it appended. */
  deferred: Map<string, { rule: CorrelationRule; group: Subject['group']; times: number[] }>;
}

/** One rule match flowing through the engine: a base-rule match of an event, or a fired correlation. */
export interface Match<E> {
  target: RuleTarget;
  source: { kind: 'event'; event: E } | { kind: 'correlation'; result: CorrelationResult };
  timestamp: number;
  approximate: boolean;
  ref: string;
}

/** A correlation's result for one window: the rule, the group, the events it counted. */
export function correlationResult(
  rule: CorrelationRule,
  group: { key: string; partition: string; values: Record<string, unknown> },
  window: WindowItem[],
  end: number,
  value: number,
  maxEventRefs: number,
  emit: boolean,
): CorrelationResult {
  return {
    id: `${group.key}|${end}`,
    correlation: {
      key: rule.key,
      ...(rule.id === undefined ? {} : { id: rule.id }),
      ...(rule.name === undefined ? {} : { name: rule.name }),
      title: rule.title,
      ...(rule.level === undefined ? {} : { level: rule.level }),
      type: rule.type,
    },
    partition: group.partition,
    groupBy: group.values,
    eventRefs: [...new Set(window.map((i) => i.ref))].slice(0, maxEventRefs),
    eventCount: window.length,
    windowStart: window[0].timestamp,
    windowEnd: end,
    value,
    emit,
    approximateTime: window.some((i) => i.approximate),
  };
}

/**
 * A match's window group from its group-by values, or undefined when one is missing: events
 * lacking a group-by field are not pooled into one "unknown" group, which would merge unrelated
 * sources and fire falsely (as `stats … by` drops them in query backends).
 */
export function windowGroup(
  rule: CorrelationRule,
  partition: string,
  named: readonly [string, unknown][],
): Subject['group'] | undefined {
  const canonical: string[] = [];
  for (const [, value] of named) {
    const text = canonicalValue(value);
    if (text === undefined) return undefined;
    canonical.push(text);
  }
  return {
    key: `${rule.key}|${partition}|${JSON.stringify(canonical)}`,
    partition,
    values: Object.fromEntries(named),
  };
}

/** The value a value_* correlation aggregates; null for types without one, undefined when missing. */
export function aggregatedValue(
  rule: CorrelationRule,
  fields: readonly unknown[],
): number | string | null | undefined {
  switch (rule.type) {
    case 'event_count':
    case 'temporal':
    case 'temporal_ordered':
      return null;
    case 'value_count': {
      const texts = fields.map(canonicalValue);
      if (texts.some((text) => text === undefined)) return undefined;
      return texts.length === 1 ? (texts[0] ?? undefined) : JSON.stringify(texts);
    }
    case 'value_percentile':
      return rule.condition.percentile === undefined ? canonicalValue(fields[0]) : numericValue(fields[0]);
    case 'value_sum':
    case 'value_avg':
      return numericValue(fields[0]);
  }
}

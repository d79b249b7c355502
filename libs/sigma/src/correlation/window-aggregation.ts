import { CorrelationRule } from './correlation-rule';
import { WindowItem } from './window-entry-codec';

/**
 * The number a correlation's condition is compared with, over the entries of one window.
 * `subject` is the match being processed (value_percentile asks how common its value is).
 */
export function aggregateWindow(
  rule: CorrelationRule,
  window: readonly WindowItem[],
  subject: WindowItem,
): number {
  switch (rule.type) {
    case 'event_count':
      return new Set(window.map((item) => item.ref)).size;
    case 'value_count':
      return new Set(window.map((item) => item.value).filter((value) => value !== null)).size;
    case 'temporal':
      return new Set(window.map((item) => item.ruleIndex)).size;
    case 'temporal_ordered':
      return orderedPrefixLength(window, rule.rules.length);
    case 'value_sum':
      return sum(numbers(window));
    case 'value_avg': {
      const values = numbers(window);
      return values.length === 0 ? 0 : sum(values) / values.length;
    }
    case 'value_percentile':
      return rule.condition.percentile === undefined
        ? shareOfSubjectValue(window, subject)
        : nearestRankPercentile(numbers(window), rule.condition.percentile);
  }
}

/**
 * The matches a firing window is made of, reported in the result and removed from the state
 * (reset-after-fire). For the spec's value_percentile that is only the matches carrying the rare
 * value: the rest of the window is the baseline it was rare against, and must stay to judge the
 * next value.
 */
export function contributingItems(
  rule: CorrelationRule,
  window: readonly WindowItem[],
  subject: WindowItem,
): WindowItem[] {
  if (rule.type === 'value_percentile' && rule.condition.percentile === undefined) {
    return window.filter((item) => item.value === subject.value);
  }
  return [...window];
}

/**
 * temporal_ordered: how many of the rules, in the order listed, matched one after the other in
 * the window (the full count means the whole sequence occurred). Matches with the same timestamp
 * may satisfy consecutive steps, since many sources log with one-second resolution.
 */
function orderedPrefixLength(window: readonly WindowItem[], ruleCount: number): number {
  let next = 0;
  let index = 0;
  while (index < window.length && next < ruleCount) {
    const timestamp = window[index].timestamp;
    const present = new Set<number>();
    for (; index < window.length && window[index].timestamp === timestamp; index++)
      present.add(window[index].ruleIndex);
    while (next < ruleCount && present.has(next)) next++;
  }
  return next;
}

/**
 * value_percentile as the spec describes it ("a process name [seen] in the last 24h [in less]
 * than 1% of all the processes", `lte: 1`): the percentage of the window's events that carry the
 * current event's value. A condition `lte: 1` therefore fires on values that are rare in the group.
 */
function shareOfSubjectValue(window: readonly WindowItem[], subject: WindowItem): number {
  if (window.length === 0) return 0;
  return (100 * window.filter((item) => item.value === subject.value).length) / window.length;
}

function nearestRankPercentile(values: number[], percentile: number): number {
  if (values.length === 0) return 0;
  const ordered = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * ordered.length));
  return ordered[rank - 1];
}

function numbers(window: readonly WindowItem[]): number[] {
  return window.map((item) => item.value).filter((value): value is number => typeof value === 'number');
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

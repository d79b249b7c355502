import type { EventVerdict } from '../../application/test-rule.use-case';

/** One event's verdict as the test endpoint shows it. */
export function presentVerdict(verdict: EventVerdict): Record<string, unknown> {
  return {
    index: verdict.index,
    matched: verdict.matches.length > 0 || verdict.correlations.length > 0,
    matches: verdict.matches.map((match) => ({
      rule_id: match.ruleId ?? match.ruleKey,
      title: match.ruleTitle,
      level: match.level,
      tags: match.tags,
      mapping: match.mapping,
      selections: match.selections,
    })),
    correlations: verdict.correlations
      .filter((result) => result.emit)
      .map((result) => ({
        rule_id: result.correlation.id ?? result.correlation.key,
        title: result.correlation.title,
        type: result.correlation.type,
        group_by: result.groupBy,
        event_count: result.eventCount,
        value: result.value,
        event_refs: result.eventRefs,
      })),
  };
}

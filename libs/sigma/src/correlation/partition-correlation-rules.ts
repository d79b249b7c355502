import { BaseRuleIdentity, CorrelationRule } from './correlation-rule';
import { CorrelationRuleSet } from './correlation-rule-set';
import { SigmaCorrelationError } from './sigma-correlation.error';

export interface CorrelationRulePartition {
  loadable: CorrelationRule[];
  rejected: SigmaCorrelationError[];
}

/**
 * Splits correlation rules into those that load together and those refused, each with its reason,
 * so that one bad correlation (unknown reference, cycle, ambiguous name) does not keep the others
 * from running. A correlation that refers to a refused one is refused in turn, as its reference
 * no longer resolves. `CorrelationRuleSet.compile(loadable, baseRules)` then succeeds.
 */
export function partitionCorrelationRules(
  correlations: readonly CorrelationRule[],
  baseRules: readonly BaseRuleIdentity[],
): CorrelationRulePartition {
  let remaining = [...correlations];
  const rejected: SigmaCorrelationError[] = [];
  for (;;) {
    try {
      CorrelationRuleSet.compile(remaining, baseRules);
      return { loadable: remaining, rejected };
    } catch (error) {
      if (!(error instanceof SigmaCorrelationError) || error.ruleKey === undefined) throw error;
      rejected.push(error);
      remaining = withoutRuleAtFault(remaining, error);
    }
  }
}

/** Drops the rule the error names: the one from its file and document, else every rule with its key. */
function withoutRuleAtFault(rules: CorrelationRule[], error: SigmaCorrelationError): CorrelationRule[] {
  const atFault = rules.findLastIndex(
    (rule) =>
      rule.key === error.ruleKey &&
      rule.source.file === error.file &&
      rule.source.documentIndex === error.documentIndex,
  );
  if (atFault >= 0) return rules.filter((_, index) => index !== atFault);
  return rules.filter((rule) => rule.key !== error.ruleKey);
}

import type { BaseRuleIdentity } from '../correlation';
import type { SigmaRule, SigmaRuleReference } from '../rule/sigma-rule';
import { SigmaEngine } from './sigma-engine';

/** How a correlation rule can refer to a base rule: by id or by name. */
export function ruleReference(rule: SigmaRule): SigmaRuleReference {
  return { id: rule.id, name: rule.name, title: rule.title };
}

/** The base-rule identities the correlation engine needs, keyed like SigmaMatch.ruleKey. */
export function baseRuleIdentities(rules: readonly SigmaRule[]): BaseRuleIdentity[] {
  return rules.map((rule) => ({ id: SigmaEngine.ruleKey(rule), name: rule.name, title: rule.title }));
}

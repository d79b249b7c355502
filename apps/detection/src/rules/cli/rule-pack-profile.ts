/**
 * Which SigmaHQ rules a rule pack takes, by the rule's own `status` and `level`. `core` and
 * `core+` are SigmaHQ's release packages of the same names (sigma_core.zip, sigma_core+.zip);
 * `all` takes every rule SigmaHQ still maintains.
 */
export interface RulePackProfile {
  name: RulePackProfileName;
  /** One line for NOTICE.md and the docs. */
  description: string;
  selects(status: string | undefined, level: string | undefined): boolean;
}

export const RULE_PACK_PROFILE_NAMES = ['core', 'core+', 'all'] as const;
export type RulePackProfileName = (typeof RULE_PACK_PROFILE_NAMES)[number];

const MAINTAINED = new Set(['stable', 'test']);
const RETIRED = new Set(['deprecated', 'unsupported']);

const PROFILES: Record<RulePackProfileName, RulePackProfile> = {
  core: {
    name: 'core',
    description: 'status stable or test, level high or critical',
    selects: (status, level) => MAINTAINED.has(status ?? '') && (level === 'high' || level === 'critical'),
  },
  'core+': {
    name: 'core+',
    description: 'status stable or test, level medium, high or critical',
    selects: (status, level) =>
      MAINTAINED.has(status ?? '') && (level === 'medium' || level === 'high' || level === 'critical'),
  },
  all: {
    name: 'all',
    description: 'every status but deprecated and unsupported (experimental included), every level',
    selects: (status) => !RETIRED.has(status ?? ''),
  },
};

export function rulePackProfile(name: string): RulePackProfile {
  if (!(RULE_PACK_PROFILE_NAMES as readonly string[]).includes(name))
    throw new Error(`unknown profile '${name}' (choose ${RULE_PACK_PROFILE_NAMES.join(', ')})`);
  return PROFILES[name as RulePackProfileName];
}

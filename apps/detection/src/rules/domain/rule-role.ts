/** Who may change rules: administrators do everything, rule authors all but delete and import. */
export type RuleRole = 'admin' | 'rule-author';

export type RuleAction = 'read' | 'write' | 'test' | 'delete' | 'import';

const ALLOWED: Record<RuleRole, ReadonlySet<RuleAction>> = {
  admin: new Set<RuleAction>(['read', 'write', 'test', 'delete', 'import']),
  'rule-author': new Set<RuleAction>(['read', 'write', 'test']),
};

export function roleMayPerform(role: RuleRole, action: RuleAction): boolean {
  return ALLOWED[role].has(action);
}

/** What can go wrong in rule management, as stable codes; the HTTP filter maps each to a status. */
export const RulesErrorCode = {
  InvalidRequest: 'invalid_request',
  InvalidRule: 'invalid_rule',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  RuleNotFound: 'rule_not_found',
  RuleExists: 'rule_exists',
  IdMismatch: 'id_mismatch',
  ConcurrentChange: 'concurrent_change',
} as const;
export type RulesErrorCode = (typeof RulesErrorCode)[keyof typeof RulesErrorCode];

/** Where in the submitted YAML a rule is wrong (1-based line and column). */
export interface RuleErrorLocation {
  line?: number;
  column?: number;
  /** Path inside the document, e.g. `detection.selection[0].Image|re`. */
  path?: string;
  reason: string;
}

export class RulesError extends Error {
  constructor(
    readonly code: RulesErrorCode,
    message: string,
    /** Extra fields for the response body (line, path, reason …). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RulesError';
  }

  static invalidRule(location: RuleErrorLocation): RulesError {
    const where = location.line === undefined ? '' : `line ${location.line}: `;
    const path = location.path ? `${location.path}: ` : '';
    return new RulesError(RulesErrorCode.InvalidRule, `${where}${path}${location.reason}`, {
      line: location.line,
      column: location.column,
      path: location.path,
      reason: location.reason,
    });
  }

  static notFound(id: string): RulesError {
    return new RulesError(RulesErrorCode.RuleNotFound, `rule "${id}" does not exist`);
  }
}

import type { ConditionNode } from './condition-parser';
import type { FieldClause } from './field-clause';

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type SigmaStatus = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';

export interface SigmaLogsource {
  category?: string;
  product?: string;
  service?: string;
  definition?: string;
  [key: string]: string | undefined;
}

/** A search identifier: OR of alternatives, each an AND of field clauses. */
export interface SearchIdentifier {
  name: string;
  alternatives: FieldClause[][];
}

export interface SigmaDetection {
  searches: Map<string, SearchIdentifier>;
  condition: ConditionNode;
}

export interface RelatedRule {
  id: string;
  type: 'derived' | 'obsolete' | 'merged' | 'renamed' | 'similar';
}

/** A Sigma detection rule (spec v2.1), validated and with its detection parsed. */
export interface SigmaRule {
  title: string;
  id?: string;
  name?: string;
  status?: SigmaStatus;
  level?: SigmaLevel;
  description?: string;
  author?: string;
  license?: string;
  date?: string;
  modified?: string;
  taxonomy: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  fields: string[];
  scope: string[];
  related: RelatedRule[];
  logsource: SigmaLogsource;
  detection: SigmaDetection;
  /** Where the rule came from: the file and document index, for error messages. */
  source: string;
  /** Custom attributes the spec allows ("arbitrary custom fields"), kept as written. */
  custom: Record<string, unknown>;
}

/** What a correlation rule needs to refer to a base rule (by id or by name). */
export interface SigmaRuleReference {
  id?: string;
  name?: string;
  title: string;
}

/** A Sigma global filter (sigma-filters-specification v2.1). */
export interface SigmaFilter {
  title: string;
  id?: string;
  description?: string;
  logsource: SigmaLogsource;
  /** Ids or names of the rules the filter applies to. */
  rules: string[];
  detection: SigmaDetection;
  source: string;
}

import { parseSigmaFile, type ConditionNode, type SearchIdentifier, type SigmaFilter } from '@vigil/sigma';
import { stringify } from 'yaml';
import type { RuleMetadata } from './rule-record';
import { located } from './sigma-rule-text';
import { RulesError } from './rules.error';

export type AgencyFilterEntry = NonNullable<RuleMetadata['filters']>[number];

/** Checks the metadata beside a rule: suppression fields, and that each per-agency filter parses. */
export function checkMetadata(metadata: RuleMetadata): void {
  const suppression = metadata.suppression;
  if (suppression && (suppression.fields.length === 0 || suppression.window_seconds <= 0)) {
    throw RulesError.invalidRule({
      path: 'metadata.suppression',
      reason: 'suppression needs at least one field and a positive window_seconds',
    });
  }
  (metadata.filters ?? []).forEach((entry, index) => agencyFilter(entry.sigma, index));
}

/** Parses one per-agency filter document; errors carry `metadata.filters[i]` and the line in it. */
export function agencyFilter(sigma: string, index: number): SigmaFilter {
  const content = parseSigmaFile(sigma, '');
  const error = content.errors.at(0);
  const where = `metadata.filters[${index}]`;
  if (error) {
    const inner = located(sigma, 0, error);
    throw RulesError.invalidRule({
      line: inner.details.line as number | undefined,
      path: `${where}${error.path ? `.${error.path}` : ''}`,
      reason: error.reason,
    });
  }
  const filter = content.filters.at(0);
  if (!filter || content.rules.length + content.correlations.length + content.filters.length !== 1) {
    throw RulesError.invalidRule({ path: where, reason: 'must be one Sigma filter document (filter: …)' });
  }
  return filter;
}

/**
 * A rule's per-agency filters as one Sigma filter that can run on a stream of every agency's
 * events: filter i applies only to its agencies' events, so the rule must satisfy
 * `(condition_i or not agency_i)` for every i. Each filter's search identifiers are renamed
 * `_agency<i>_<name>` (and its agency scope `_agency<i>`), so they never collide. The same filter
 * serves the detection stream and the backtest. Undefined when there are no filters.
 */
export function agencyScopedFilter(
  ruleId: string,
  ruleKeys: readonly string[],
  entries: readonly AgencyFilterEntry[],
): SigmaFilter | undefined {
  if (entries.length === 0) return undefined;
  const searches = new Map<string, SearchIdentifier>();
  const terms = entries.map((entry, index): ConditionNode => {
    const filter = agencyFilter(entry.sigma, index);
    const prefix = `_agency${index}_`;
    for (const [name, search] of filter.detection.searches)
      searches.set(prefix + name, { ...search, name: prefix + name });
    const scope = agencyScope(`_agency${index}`, entry.organization_ids);
    searches.set(scope.name, scope);
    return {
      kind: 'or',
      children: [
        renamed(filter.detection.condition, prefix),
        { kind: 'not', child: { kind: 'search', name: scope.name } },
      ],
    };
  });
  return {
    title: `per-agency filters of rule ${ruleId}`,
    id: agencyFilterId(ruleId),
    logsource: {},
    rules: [...ruleKeys],
    detection: { searches, condition: { kind: 'and', children: terms } },
    source: `rule ${ruleId} metadata.filters`,
  };
}

/** The id of a rule's per-agency filter in an engine. */
export const agencyFilterId = (ruleId: string): string => `vigil-agency-filters/${ruleId}`;

function renamed(node: ConditionNode, prefix: string): ConditionNode {
  switch (node.kind) {
    case 'search':
      return { kind: 'search', name: prefix + node.name };
    case 'not':
      return { kind: 'not', child: renamed(node.child, prefix) };
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((child) => renamed(child, prefix)) };
  }
}

/** `organization.id` is one of the ids (compared as written: wildcards and backslashes escaped). */
function agencyScope(name: string, organizationIds: readonly string[]): SearchIdentifier {
  const escaped = organizationIds.map((id) => id.replace(/[\\*?]/g, (char) => `\\${char}`));
  const text = stringify({
    title: 'agency scope',
    logsource: { product: 'any' },
    filter: { rules: ['agency-scope'], scope: { 'organization.id': escaped }, condition: 'scope' },
  });
  const search = parseSigmaFile(text, 'agency scope').filters.at(0)?.detection.searches.get('scope');
  if (!search) throw new Error(`cannot build the agency scope for ${organizationIds.join(', ')}`);
  return { ...search, name };
}

/** The per-agency filters in a rule change's metadata (checked when saved; malformed entries dropped). */
export function agencyFilterEntriesOf(metadata: Record<string, unknown> | undefined): AgencyFilterEntry[] {
  const value = metadata?.filters;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is AgencyFilterEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as AgencyFilterEntry).sigma === 'string' &&
      Array.isArray((entry as AgencyFilterEntry).organization_ids) &&
      (entry as AgencyFilterEntry).organization_ids.every((id) => typeof id === 'string'),
  );
}

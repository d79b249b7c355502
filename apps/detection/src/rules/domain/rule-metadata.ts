import { parseSigmaFile, type SigmaFilter } from '@vigil/sigma';
import type { RuleMetadata } from './rule-record';
import { located } from './sigma-rule-text';
import { RulesError } from './rules.error';

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

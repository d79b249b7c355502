import type { RuleRecord, RuleVersion } from '../../domain/rule-record';

/** A rule as the API shows it (snake_case, the Sigma text as stored). */
export function presentRule(record: RuleRecord): Record<string, unknown> {
  return {
    id: record.id,
    title: record.title,
    kind: record.kind,
    level: record.level,
    tags: record.tags,
    enabled: record.enabled,
    version: record.version,
    origin: record.origin,
    metadata: record.metadata,
    // Who: the person (or service) and their roles; earlier records knew only a role name.
    updated_by: record.actor ?? { id: record.updatedBy, name: record.updatedBy, roles: [] },
    updated_at: record.updatedAt,
    sigma: record.sigma,
  };
}

export function presentVersion(version: RuleVersion): Record<string, unknown> {
  return { ...presentRule(version), action: version.action };
}

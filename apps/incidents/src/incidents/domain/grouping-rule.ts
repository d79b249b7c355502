import type { AlertV1 } from '@vigil/contracts';
import { createHash } from 'node:crypto';
import type { GroupingReason, IncidentCategory } from './incident';

/**
 * A grouping rule (apps/incidents/workflow/grouping.yml): alerts it matches that share its
 * group_by values, within one agency and one drill run, join one open incident while each comes
 * within `windowMinutes` of an alert already in it.
 */
export interface GroupingRule {
  name: string;
  description?: string;
  match: { ruleIds?: string[]; levels?: string[]; tags?: string[] };
  /** Alert fields: rule.id, rule.level, host.name, group_key, organization.id, explanation.<field>. */
  groupBy: string[];
  windowMinutes: number;
  incident: { title: string; category?: IncidentCategory };
}

/** What a rule made of one alert: where it groups, and why. */
export interface Grouping {
  rule: GroupingRule;
  /** Stable and bounded whatever the alert's values: `<rule>|<sha256 of agency, drill run, values>`. */
  key: string;
  reason: GroupingReason;
}

/** Longest value kept in a grouping's reason and the incident title (alert text is the attacker's). */
const MAX_VALUE = 256;

/**
 * A scalar field of the alert by its dotted path. `explanation.<field>` reads the explanation's own
 * key, or, for a correlation alert, the value it grouped by (detection writes `group_by: {field: …}`).
 */
export function alertField(alert: AlertV1, path: string): string | undefined {
  let value: unknown;
  if (path.startsWith('explanation.')) {
    const field = path.slice('explanation.'.length);
    const groupBy = alert.explanation?.group_by;
    value =
      alert.explanation?.[field] ??
      (typeof groupBy === 'object' && groupBy !== null && !Array.isArray(groupBy)
        ? (groupBy as Record<string, unknown>)[field]
        : undefined);
  } else {
    value = path.split('.').reduce<unknown>((node, part) => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
      return Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined;
    }, alert);
  }
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The drill run an alert belongs to (drill traffic is fenced off from real incidents). */
export function drillRunOf(alert: AlertV1): string | undefined {
  return alertField(alert, 'drill.run_id');
}

function matches(rule: GroupingRule, alert: AlertV1): boolean {
  const { ruleIds, levels, tags } = rule.match;
  if (ruleIds && !ruleIds.includes(alert.rule.id)) return false;
  if (levels && !levels.includes(alert.rule.level)) return false;
  if (tags && !tags.some((tag) => alert.rule.tags.includes(tag))) return false;
  return true;
}

/**
 * The first rule that groups the alert (rules are tried in file order), or undefined. SOC-scope
 * (cross-agency) alerts are never grouped automatically: an incident belongs to one agency.
 */
export function groupingOf(rules: readonly GroupingRule[], alert: AlertV1): Grouping | undefined {
  if (alert.scope === 'soc') return undefined;
  for (const rule of rules) {
    if (!matches(rule, alert)) continue;
    const matched: Record<string, string> = {};
    for (const field of rule.groupBy) {
      const value = alertField(alert, field);
      if (value === undefined) break;
      matched[field] = value;
    }
    if (Object.keys(matched).length !== rule.groupBy.length) continue;
    const digest = createHash('sha256')
      .update(
        JSON.stringify([alert.organization.id, drillRunOf(alert) ?? '', rule.groupBy.map((f) => matched[f])]),
      )
      .digest('hex')
      .slice(0, 32);
    const shown = Object.fromEntries(Object.entries(matched).map(([f, v]) => [f, v.slice(0, MAX_VALUE)]));
    const key = `${rule.name}|${digest}`;
    return { rule, key, reason: { rule: rule.name, key, matched: shown } };
  }
  return undefined;
}

/** Whether an alert at `at` comes within the rule's window of one of the incident's alerts of the key. */
export function withinWindow(groupedAt: readonly string[], at: string, windowMinutes: number): boolean {
  const time = Date.parse(at);
  const window = windowMinutes * 60_000;
  return groupedAt.some((other) => Math.abs(Date.parse(other) - time) <= window);
}

/** The rule's incident title with `{field}` replaced by the matched values. */
export function groupedTitle(grouping: Grouping): string {
  return grouping.rule.incident.title.replace(/\{([a-z0-9_.@-]+)\}/gi, (whole, field: string) =>
    Object.hasOwn(grouping.reason.matched, field) ? (grouping.reason.matched[field] ?? whole) : whole,
  );
}

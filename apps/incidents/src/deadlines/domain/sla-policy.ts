import type { LegalClass, Priority } from '../../incidents/domain/classification';

/**
 * The deadlines Vigil keeps (DESIGN.md "Incidents", Quyết định 05/2017/QĐ-TTg). Each kind has a
 * fixed clock (what starts and stops it, see evaluateDeadlines); the windows, who owns them and
 * when they warn are data (apps/incidents/workflow/sla.yml).
 */
export const DEADLINE_KINDS = [
  'acknowledge',
  'national-notification',
  'immediate-report',
  'final-report',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** How long before the deadline the warning goes out: a share of the window, or fixed minutes. */
export type WarnLead = { readonly percent: number } | { readonly minutes: number };

/** One deadline's window: by legal class first, then by priority, then the default; none → no deadline. */
export interface DeadlineRule {
  readonly team: string;
  readonly windowMs?: number;
  readonly byPriority: Partial<Record<Priority, number>>;
  readonly byLegalClass: Partial<Record<LegalClass, number>>;
  readonly warnBefore?: WarnLead;
  /** Report kinds whose sending ('report-sent' change) meets the deadline; acknowledge ignores it. */
  readonly metByReports: readonly string[];
}

export interface SlaPolicy {
  readonly warnBefore: WarnLead;
  /** Alerts carry a rule level, not a priority: levels without an entry have no acknowledge clock. */
  readonly alertPriority: Partial<Record<string, Priority>>;
  /** States in which a subject waits to be acknowledged (alert `new`, incident `received`). */
  readonly waitingStates: { readonly alert: readonly string[]; readonly incident: readonly string[] };
  /** The incident state whose first entry ends the response (starts the final-report clock). */
  readonly responseEndsAtState: string;
  /** Incident states that stop every clock (closed and the early exits). */
  readonly stopStates: readonly string[];
  readonly deadlines: Partial<Record<DeadlineKind, DeadlineRule>>;
}

/** The window of one deadline for a subject, or undefined when the deadline does not apply to it. */
export function windowOf(
  rule: DeadlineRule,
  facts: { priority?: Priority; legalClass?: LegalClass },
): number | undefined {
  const byClass = facts.legalClass === undefined ? undefined : rule.byLegalClass[facts.legalClass];
  if (byClass !== undefined) return byClass;
  const byPriority = facts.priority === undefined ? undefined : rule.byPriority[facts.priority];
  return byPriority ?? rule.windowMs;
}

/** How long before the deadline the warning fires: never more than the window itself. */
export function warnLeadMs(policy: SlaPolicy, rule: DeadlineRule, windowMs: number): number {
  const lead = rule.warnBefore ?? policy.warnBefore;
  const ms = 'percent' in lead ? Math.round((windowMs * lead.percent) / 100) : lead.minutes * 60_000;
  return Math.max(0, Math.min(ms, windowMs));
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `1h`, `5d`, `30s` → milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^0*(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2]] ?? 0);
  return ms > 0 ? ms : undefined;
}

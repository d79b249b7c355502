import type { CorrelationRule } from './correlation-rule';
import { canonicalValue } from './event-values';
import { SigmaCorrelationErrorCode } from './sigma-correlation.error';
import type { RaiseCorrelationError } from './correlation-condition';

/**
 * Whose events one correlation window holds. In Vigil a window belongs to one agency
 * (`organization.id`) and one drill run (`vigil.drill.run_id`, absent for real traffic): the same
 * attacker seen by two agencies is two windows, and drill traffic never mixes with real traffic
 * nor one drill with another. A rule that asks for it (`vigil: { cross_agency: true }`) pools
 * every agency's events, still per drill run; its results belong to the SOC, not to one agency.
 */
export interface CorrelationPartition {
  /** The agency whose events the window holds; null for a cross-agency window. */
  organization: string | null;
  /** The drill run the events belong to; null for real traffic. */
  drillRun: string | null;
}

/** The partition as the text prefixed to every window key (JSON: hostile values cannot blur it). */
export function partitionKey(partition: CorrelationPartition): string {
  return JSON.stringify([partition.organization, partition.drillRun]);
}

/** The partition a result's `partition` names; undefined for text that is not one. */
export function parsePartitionKey(key: string): CorrelationPartition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [organization, drillRun] = parsed as unknown[];
  const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
  if (!textOrNull(organization) || !textOrNull(drillRun)) return undefined;
  return { organization, drillRun };
}

/**
 * The engine's default partition of an event for a rule: agency and drill run, or drill run only
 * for a cross-agency rule. Every engine (stream, CLI, rule test, backtest) keys windows alike.
 */
export function agencyPartitionOf<E>(
  getField: (event: E, fieldPath: string) => unknown,
): (event: E, rule: CorrelationRule) => string {
  return (event, rule) =>
    partitionKey({
      organization:
        rule.crossAgency === true ? null : (canonicalValue(getField(event, 'organization.id')) ?? null),
      drillRun: canonicalValue(getField(event, 'vigil.drill.run_id')) ?? null,
    });
}

/**
 * Vigil's own attribute of a correlation document, `vigil: { cross_agency: true }` (a custom
 * attribute, which the Sigma specification allows). Anything but a map with a boolean
 * `cross_agency` is refused, so a typo never silently keeps a rule per agency or pools agencies.
 */
export function crossAgencyOf(doc: Record<string, unknown>, raise: RaiseCorrelationError): boolean {
  const vigil = doc.vigil;
  if (vigil === undefined || vigil === null) return false;
  const flag =
    typeof vigil === 'object' && !Array.isArray(vigil)
      ? (vigil as Record<string, unknown>).cross_agency
      : vigil;
  // rule YAML is read with the failsafe schema: booleans arrive as text
  if (flag === undefined || flag === false || flag === 'false') return false;
  if (flag === true || flag === 'true') return true;
  return raise(
    SigmaCorrelationErrorCode.InvalidAttribute,
    'vigil.cross_agency',
    'vigil is a map whose cross_agency is true or false',
    'Correlation section',
  );
}

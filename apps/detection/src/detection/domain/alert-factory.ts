import {
  AlertLevels,
  SOC_ORGANIZATION_ID,
  type AlertEventRef,
  type AlertLevel,
  type AlertV1,
  type NormalizedEvent,
} from '@vigil/contracts';
import { getField, parsePartitionKey, type CorrelationResult, type SigmaMatch } from '@vigil/sigma';
import { createHash } from 'node:crypto';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

const levelOf = (level: string | undefined): AlertLevel =>
  AlertLevels.find((known) => known === level) ?? 'medium';

/** The time an alert happened: the event's own time when it is a valid date, else ingest time. */
function eventTime(event: NormalizedEvent): string {
  const time = Date.parse(event['@timestamp']);
  return Number.isNaN(time) ? event.event.ingested : new Date(time).toISOString();
}

/**
 * The reference a correlation window keeps for an event: its agency with its `event.id`. An agency
 * chooses its own event ids (JSON input), so an id alone could name another agency's event, and in
 * a cross-agency window two agencies' equal ids would count as one event.
 */
export function agencyEventRef(event: object): string | undefined {
  const organization = getField(event, 'organization.id');
  const id = getField(event, 'event.id');
  return typeof organization === 'string' && typeof id === 'string'
    ? JSON.stringify([organization, id])
    : undefined;
}

/**
 * An alert's event reference from a window's: agency and id; or, for a chained correlation's
 * result id, the ref as it is, of the window's agency (a partition holds only that agency's).
 */
function eventOfRef(ref: string, owner: string | null): AlertEventRef {
  const other = owner === null ? { id: ref } : { id: ref, organization_id: owner };
  let parsed: unknown;
  try {
    parsed = JSON.parse(ref);
  } catch {
    return other;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [organization, id] = parsed as unknown[];
    if (typeof organization === 'string' && typeof id === 'string')
      return { id, organization_id: organization };
  }
  return other;
}

/** Longest field value an explanation quotes; the event itself keeps the whole value. */
export const EXPLANATION_VALUE_CHARS = 1024;

/** Field values as an analyst reads them: long strings cut (with their length), so an alert stays small. */
function quoted(value: unknown): unknown {
  if (typeof value === 'string' && value.length > EXPLANATION_VALUE_CHARS)
    return `${value.slice(0, EXPLANATION_VALUE_CHARS)}… (${value.length} characters)`;
  if (Array.isArray(value)) return value.map(quoted);
  return value;
}

/**
 * A rule match as an alert. The id is derived from rule, agency, drill run and event id, so a
 * redelivered event never raises a second alert and an agency reusing another's event id raises
 * its own; the explanation carries the matched selections and their field values.
 */
export function matchAlert(
  match: SigmaMatch,
  event: NormalizedEvent,
  index: string | undefined,
  now: Date,
): AlertV1 {
  const ruleId = match.ruleId ?? match.ruleKey;
  const organization = event.organization.id;
  return {
    id: digest(JSON.stringify([ruleId, organization, event.vigil?.drill?.run_id ?? null, event.event.id])),
    kind: 'match',
    '@timestamp': eventTime(event),
    raised_at: now.toISOString(),
    event_ingested_at: event.event.ingested,
    rule: { id: ruleId, title: match.ruleTitle, level: levelOf(match.level), tags: match.tags },
    organization: { id: organization },
    scope: 'agency',
    agencies: [organization],
    host: event.host?.name === undefined ? undefined : { name: event.host.name },
    events: [{ id: event.event.id, index, organization_id: organization }],
    group_key: `${ruleId}|${organization}|${event.host?.name ?? ''}`,
    explanation: {
      mapping: match.mapping,
      selections: match.selections.map(({ selection, fields }) => ({
        selection,
        fields: Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, quoted(value)])),
      })),
    },
    drill: event.vigil?.drill,
  };
}

/**
 * A correlation result as an alert, referencing the contributing events. It belongs to the agency
 * whose window fired (the result's partition), or to the SOC for a cross-agency rule's window:
 * `scope: 'soc'`, no single owner, every agency of the listed events named. The id derives from
 * the result's, which holds the partition (agency and drill run), group and window. `event` is the
 * match that completed the window; a window judged at its end (lt / lte) has none.
 */
export function correlationAlert(
  result: CorrelationResult,
  event: NormalizedEvent | undefined,
  now: Date,
): AlertV1 {
  const ruleId = result.correlation.id ?? result.correlation.key;
  const group = Object.entries(result.groupBy)
    .map(([field, value]) => `${field}=${String(value)}`)
    .join(',');
  const partition = parsePartitionKey(result.partition);
  // a window is the SOC's when it pools agencies; a result of unknown shape stays with the event's agency
  const owner = partition ? partition.organization : (event?.organization.id ?? null);
  const events = result.eventRefs.map((ref) => eventOfRef(ref, owner));
  const listed = events.flatMap((ref) => (ref.organization_id === undefined ? [] : [ref.organization_id]));
  // the event that completed the window is one of them even when the listed refs stop short of it
  const completing = event === undefined ? [] : [event.organization.id];
  const agencies = owner === null ? [...new Set([...listed, ...completing])].sort() : [owner];
  const organization = owner ?? SOC_ORGANIZATION_ID;
  const drill = partition ? partition.drillRun : (event?.vigil?.drill?.run_id ?? null);
  return {
    id: digest(`correlation|${result.id}`),
    kind: 'correlation',
    '@timestamp': new Date(result.windowStart).toISOString(),
    raised_at: now.toISOString(),
    event_ingested_at: event?.event.ingested,
    rule: { id: ruleId, title: result.correlation.title, level: levelOf(result.correlation.level), tags: [] },
    organization: { id: organization },
    scope: owner === null ? 'soc' : 'agency',
    agencies,
    // one agency's host would say nothing of a SOC alert's other agencies
    host: owner === null || event?.host?.name === undefined ? undefined : { name: event.host.name },
    events,
    group_key: `${ruleId}|${organization}|${group}`,
    explanation: {
      type: result.correlation.type,
      group_by: result.groupBy,
      value: result.value,
      event_count: result.eventCount,
      window: {
        start: new Date(result.windowStart).toISOString(),
        end: new Date(result.windowEnd).toISOString(),
      },
      approximate_time: result.approximateTime,
    },
    drill: drill === null ? undefined : { run_id: drill },
  };
}

/** Rule of the admin alert raised when a rule is disabled because it threw while evaluating. */
export const RULE_FAILURE_RULE = {
  id: 'vigil-detection-rule-failed',
  title: 'Detection rule disabled after a runtime error',
};

/** A rule that threw on an event, as reported by the rule catalog. */
export interface RuleFailureNotice {
  ruleKey: string;
  title: string;
  /** Where the rule came from (pack file or managed rule and version): one alert per version. */
  source: string;
  /** The managed rule's id; undefined for a pack rule. */
  managedRuleId?: string;
  error: string;
}

/**
 * The alert to the admins: which rule, which event and why. It is about the platform, so it
 * carries the event's agency (where it happened) and the `vigil.detection-health` tag.
 */
export function ruleFailureAlert(
  failure: RuleFailureNotice,
  disabledEverywhere: boolean,
  event: NormalizedEvent,
  now: Date,
): AlertV1 {
  return {
    id: digest(`${RULE_FAILURE_RULE.id}|${failure.ruleKey}|${failure.source}`),
    kind: 'system',
    '@timestamp': now.toISOString(),
    raised_at: now.toISOString(),
    event_ingested_at: event.event.ingested,
    rule: { ...RULE_FAILURE_RULE, level: 'high', tags: ['vigil.detection-health'] },
    organization: { id: event.organization.id },
    events: [{ id: event.event.id, organization_id: event.organization.id }],
    group_key: `${RULE_FAILURE_RULE.id}|${failure.ruleKey}`,
    explanation: {
      failed_rule: { key: failure.ruleKey, title: failure.title, source: failure.source },
      error: failure.error,
      action: disabledEverywhere
        ? `rule ${failure.managedRuleId ?? failure.ruleKey} disabled on every instance (re-enable it once fixed)`
        : 'rule taken out of this instance until restart or its next change (fix or disable it)',
    },
  };
}

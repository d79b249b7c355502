import { AlertLevels, type AlertLevel, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import type { CorrelationResult, SigmaMatch } from '@vigil/sigma';
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
 * A rule match as an alert. The id is derived from rule + event, so a redelivered event never
 * raises a second alert; the explanation carries the matched selections and their field values.
 */
export function matchAlert(
  match: SigmaMatch,
  event: NormalizedEvent,
  index: string | undefined,
  now: Date,
): AlertV1 {
  const ruleId = match.ruleId ?? match.ruleKey;
  return {
    id: digest(`${ruleId}|${event.event.id}`),
    kind: 'match',
    '@timestamp': eventTime(event),
    raised_at: now.toISOString(),
    event_ingested_at: event.event.ingested,
    rule: { id: ruleId, title: match.ruleTitle, level: levelOf(match.level), tags: match.tags },
    organization: { id: event.organization.id },
    host: event.host?.name === undefined ? undefined : { name: event.host.name },
    events: [{ id: event.event.id, index }],
    group_key: `${ruleId}|${event.organization.id}|${event.host?.name ?? ''}`,
    explanation: { mapping: match.mapping, selections: match.selections },
    drill: event.vigil?.drill,
  };
}

/** A correlation result as an alert, referencing the contributing events. */
export function correlationAlert(result: CorrelationResult, event: NormalizedEvent, now: Date): AlertV1 {
  const ruleId = result.correlation.id ?? result.correlation.key;
  const group = Object.entries(result.groupBy)
    .map(([field, value]) => `${field}=${String(value)}`)
    .join(',');
  return {
    id: digest(`correlation|${result.id}`),
    kind: 'correlation',
    '@timestamp': new Date(result.windowStart).toISOString(),
    raised_at: now.toISOString(),
    event_ingested_at: event.event.ingested,
    rule: { id: ruleId, title: result.correlation.title, level: levelOf(result.correlation.level), tags: [] },
    organization: { id: event.organization.id },
    host: event.host?.name === undefined ? undefined : { name: event.host.name },
    events: result.eventRefs.map((id) => ({ id })),
    group_key: `${ruleId}|${event.organization.id}|${group}`,
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
    drill: event.vigil?.drill,
  };
}

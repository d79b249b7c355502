import type { NormalizedEvent } from '@vigil/contracts';
import { indexTimeOf } from '@vigil/search';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The time-based, per-agency index of an event: `<prefix>-<agency>-<yyyy.mm.dd>` by the event's
 * own time (UTC). A time far outside what can be right (older than the retention or more than a
 * day ahead: a device with a broken clock) files the event by its ingest time instead, so it is
 * neither deleted at once by retention nor parked in an index from the future.
 */
export function eventIndexName(
  prefix: string,
  event: NormalizedEvent,
  retentionDays: number,
  now: number,
): string {
  const at = indexTimeOf(event['@timestamp'], event.event.ingested, retentionDays, now);
  return `${prefix}-${event.organization.id}-${dayOf(at)}`;
}

function dayOf(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}.${pad(date.getUTCMonth() + 1)}.${pad(date.getUTCDate())}`;
}

/** The agency and day an event index holds, or undefined for a name that is not one. */
export function parseEventIndexName(
  prefix: string,
  index: string,
): { agencyId: string; day: Date } | undefined {
  if (!index.startsWith(`${prefix}-`)) return undefined;
  const match = /^(.+)-(\d{4})\.(\d{2})\.(\d{2})$/.exec(index.slice(prefix.length + 1));
  if (!match) return undefined;
  const [, agencyId = '', year, month, day] = match;
  return { agencyId, day: new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))) };
}

/** Whether a whole day's index is past the retention: its last moment is older than the limit. */
export function isExpired(day: Date, retentionDays: number, now: number): boolean {
  return day.getTime() + DAY <= now - retentionDays * DAY;
}

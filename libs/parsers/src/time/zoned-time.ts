/**
 * Wall-clock time in an IANA zone ↔ UTC, with Intl only (no tz database dependency). Offsets are
 * cached per zone and hour because Intl formatting costs microseconds and a log stream reuses
 * the same few hours over and over.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const HOUR_MS = 3_600_000;
const MAX_CACHED_OFFSETS = 20_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (IANA name such as `Asia/Ho_Chi_Minh`, or `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at the instant, in ms (UTC+7 → 25 200 000). */
export function zoneOffsetAt(utcMs: number, timeZone: string): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  let zoneCache = offsetCache.get(timeZone);
  if (zoneCache === undefined) {
    zoneCache = new Map();
    offsetCache.set(timeZone, zoneCache);
  }
  const cached = zoneCache.get(hour);
  if (cached !== undefined) return cached;
  const parts = formatterFor(timeZone).formatToParts(hour * HOUR_MS);
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of parts) values[part.type] = part.value;
  const year = Number(values.year ?? 0);
  const bc = values.era?.startsWith('B') === true;
  const [month, day, hh, mm, ss] = [values.month, values.day, values.hour, values.minute, values.second].map(
    (v) => Number(v ?? 0),
  );
  const wall = utcFromFields(bc ? 1 - year : year, month, day, hh, mm, ss, 0);
  const offset = wall - hour * HOUR_MS;
  if (zoneCache.size >= MAX_CACHED_OFFSETS) zoneCache.clear();
  zoneCache.set(hour, offset);
  return offset;
}

/** Date.UTC without the 0–99 → 1900s year quirk. */
export function utcFromFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/**
 * The UTC instant of a wall-clock time in the zone. In a DST gap the later offset wins; in an
 * overlap the earlier instant wins (the usual choice of date libraries).
 */
export function zonedToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  timeZone: string,
): number {
  const wall = utcFromFields(year, month, day, hour, minute, second, ms);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wall;
  const first = zoneOffsetAt(wall, timeZone);
  const guess = wall - first;
  const second2 = zoneOffsetAt(guess, timeZone);
  if (second2 === first) return guess;
  const retry = wall - second2;
  return zoneOffsetAt(retry, timeZone) === second2 ? retry : Math.min(guess, retry);
}

/** The calendar year at the instant in the zone. */
export function yearInZone(utcMs: number, timeZone: string): number {
  return new Date(utcMs + zoneOffsetAt(utcMs, timeZone)).getUTCFullYear();
}

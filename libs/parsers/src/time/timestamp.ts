import { utcFromFields, yearInZone, zonedToUtc } from './zoned-time';
import { group } from '../text/regex-group';

/** A parsed time: epoch ms UTC, and whether the agency's zone had to be assumed. */
export interface ParsedTime {
  readonly ms: number;
  readonly zoneAssumed: boolean;
}

/** How far in the future a yearless timestamp may be before it is taken as last year's (clock skew). */
const FUTURE_SKEW_MS = 3_600_000;
const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// Anchored, no nested quantifiers: linear on any input.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const APACHE_RE = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-]\d{4})$/;
const MONTH_FIRST_RE =
  /^([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: (\d{4}))?(?: ([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?$/;
const SLASH_RE = /^(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const DIGITS_RE = /^\d{9,19}(?:\.\d{1,9})?$/;

export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function fractionMs(fraction: string | undefined): number {
  if (fraction === undefined || fraction === '') return 0;
  return Math.floor(Number(fraction.padEnd(3, '0').slice(0, 3)));
}

function validClock(year: number, month: number, day: number, h: number, mi: number, s: number): boolean {
  return (
    year >= 1000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    h <= 23 &&
    mi <= 59 &&
    s <= 60
  );
}

/** `+07:00`, `+0700`, `+07`, `Z` → offset in ms; undefined when malformed. */
export function parseOffset(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  if (!/^\d{2}(?:\d{2})?$/.test(digits)) return undefined;
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length === 4 ? Number(digits.slice(2)) : 0;
  if (hours > 18 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

const NAMED_UTC = new Set(['utc', 'gmt', 'z', 'ut']);

/** Builds the instant: with an explicit offset, or in the agency's zone when there is none. */
export function toInstant(
  fields: readonly [number, number, number, number, number, number, number],
  zone: string | undefined,
  timezone: string,
): ParsedTime | undefined {
  const [year, month, day, h, mi, s, ms] = fields;
  if (!validClock(year, month, day, h, mi, s)) return undefined;
  const sec = Math.min(s, 59);
  if (zone === undefined || zone === '') {
    return { ms: zonedToUtc(year, month, day, h, mi, sec, ms, timezone), zoneAssumed: true };
  }
  const offset = NAMED_UTC.has(zone.toLowerCase()) ? 0 : parseOffset(zone);
  if (offset === undefined) {
    if (zone.startsWith('+') || zone.startsWith('-')) return undefined;
    // A zone abbreviation (ICT, EST…) is ambiguous; the agency's zone is the safer reading.
    return { ms: zonedToUtc(year, month, day, h, mi, sec, ms, timezone), zoneAssumed: true };
  }
  return { ms: utcFromFields(year, month, day, h, mi, sec, ms) - offset, zoneAssumed: false };
}

/** RFC 3339 / ISO 8601 (`2026-11-27T16:09:21.123+07:00`, space separator, no zone). */
export function parseIsoTimestamp(text: string, timezone: string): ParsedTime | undefined {
  const m = ISO_RE.exec(text);
  if (m === null) return undefined;
  return toInstant(
    [
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(group(m, 4) ?? 0),
      Number(group(m, 5) ?? 0),
      Number(group(m, 6) ?? 0),
      fractionMs(group(m, 7)),
    ],
    group(m, 8),
    timezone,
  );
}

/**
 * A month-day time without a year (BSD syslog): the latest year that does not put it in the
 * future (allowing an hour of clock skew), so December lines read in January land last year.
 */
export function inferYear(
  month: number,
  day: number,
  clock: readonly [number, number, number, number],
  timezone: string,
  now: number,
): ParsedTime | undefined {
  const [h, mi, s, ms] = clock;
  const thisYear = yearInZone(now, timezone);
  // Only 1 January can belong to next year (a device clock slightly ahead at New Year).
  const first = month === 1 && day === 1 ? thisYear + 1 : thisYear;
  for (let year = first; year >= thisYear - 8; year--) {
    const instant = toInstant([year, month, day, h, mi, s, ms], undefined, timezone);
    if (instant !== undefined && instant.ms <= now + FUTURE_SKEW_MS) return instant;
  }
  return undefined;
}

/** `Oct 11 22:14:15`, `Oct  1 2026 22:14:15.123`, `Oct 11 22:14:15 2026 UTC` (CEF rt, LEEF devTime). */
export function parseMonthFirstTimestamp(
  text: string,
  timezone: string,
  now: number,
): ParsedTime | undefined {
  const m = MONTH_FIRST_RE.exec(text);
  if (m === null) return undefined;
  const month = monthNumber(m[1]);
  if (month === undefined) return undefined;
  const year = group(m, 3) ?? group(m, 8);
  const zone = group(m, 9);
  const clock = [Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7])] as const;
  if (year === undefined) {
    if (zone !== undefined && !NAMED_UTC.has(zone.toLowerCase()) && parseOffset(zone) !== undefined) {
      const assumed = inferYear(month, Number(m[2]), clock, 'UTC', now);
      const offset = parseOffset(zone) ?? 0;
      return assumed && { ms: assumed.ms - offset, zoneAssumed: false };
    }
    return inferYear(month, Number(m[2]), clock, timezone, now);
  }
  return toInstant([Number(year), month, Number(m[2]), ...clock], zone, timezone);
}

/** Apache/Nginx `%t`: `10/Oct/2000:13:55:36 -0700`. */
export function parseApacheTimestamp(text: string): ParsedTime | undefined {
  const m = APACHE_RE.exec(text);
  if (m === null) return undefined;
  const month = monthNumber(m[2]);
  if (month === undefined) return undefined;
  return toInstant(
    [Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7])],
    m[8],
    'UTC',
  );
}

/** Epoch seconds, ms, µs or ns, told apart by magnitude. */
export function parseEpoch(value: number): ParsedTime | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  let ms: number;
  if (value >= 1e17) ms = value / 1e6;
  else if (value >= 1e14) ms = value / 1e3;
  else if (value >= 1e11) ms = value;
  else ms = value * 1000;
  ms = Math.floor(ms);
  return ms > 253_402_300_799_999 ? undefined : { ms, zoneAssumed: false };
}

/** Any of the shapes above; for fields such as CEF `rt`, LEEF `devTime`, JSON `timestamp`. */
export function parseAnyTimestamp(text: string, timezone: string, now: number): ParsedTime | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 64) return undefined;
  const first = trimmed.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    if (DIGITS_RE.test(trimmed)) return parseEpoch(Number(trimmed));
    const iso = parseIsoTimestamp(trimmed, timezone);
    if (iso !== undefined) return iso;
    const slash = SLASH_RE.exec(trimmed);
    if (slash !== null) {
      return toInstant(
        [
          Number(slash[1]),
          Number(slash[2]),
          Number(slash[3]),
          Number(slash[4]),
          Number(slash[5]),
          Number(slash[6]),
          fractionMs(slash[7]),
        ],
        undefined,
        timezone,
      );
    }
    return parseApacheTimestamp(trimmed);
  }
  return parseMonthFirstTimestamp(trimmed, timezone, now);
}

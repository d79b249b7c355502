import { monthNumber, toInstant, inferYear, type ParsedTime } from './timestamp';

/** What one pattern letter run captures, and how. */
type Field =
  | 'year'
  | 'year2'
  | 'monthName'
  | 'month'
  | 'day'
  | 'hour'
  | 'hour12'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'ampm'
  | 'zone';

interface CompiledPattern {
  readonly regex: RegExp;
  readonly fields: readonly Field[];
}

const TOKENS: readonly [RegExp, Field | undefined, string][] = [
  [/^yyyy/, 'year', '(\\d{4})'],
  [/^yy/, 'year2', '(\\d{2})'],
  [/^MMM+/, 'monthName', '([A-Za-z]{3})[A-Za-z]{0,6}'],
  [/^MM?/, 'month', '(\\d{1,2})'],
  [/^dd?/, 'day', '(\\d{1,2})'],
  [/^HH?/, 'hour', '(\\d{1,2})'],
  [/^hh?/, 'hour12', '(\\d{1,2})'],
  [/^mm?/, 'minute', '(\\d{1,2})'],
  [/^ss?/, 'second', '(\\d{1,2})'],
  [/^S+/, 'fraction', '(\\d{1,9})'],
  [/^a/, 'ampm', '([AaPp][Mm])'],
  [/^(?:Z+|X+|z+)/, 'zone', '([Zz]|[+-]\\d{2}:?\\d{2}|[A-Za-z]{1,5})'],
];
const cache = new Map<string, CompiledPattern | undefined>();
const MAX_PATTERN = 64;
/** Real patterns have at most ~9 fields; the cap bounds backtracking between adjacent digit groups. */
const MAX_FIELDS = 10;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Java SimpleDateFormat pattern (as LEEF `devTimeFormat` uses) → an anchored regex with bounded groups. */
function compile(pattern: string): CompiledPattern | undefined {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN) return undefined;
  let rest = pattern;
  let source = '^';
  const fields: Field[] = [];
  while (rest.length > 0) {
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end === -1) return undefined;
      source += escapeRegex(end === 1 ? "'" : rest.slice(1, end));
      rest = rest.slice(end + 1);
      continue;
    }
    const token = TOKENS.find(([re]) => re.test(rest));
    if (token === undefined) {
      if (/^[A-Za-z]/.test(rest)) return undefined; // a letter we do not support (E, D, w…)
      source += escapeRegex(rest[0]);
      rest = rest.slice(1);
      continue;
    }
    const [re, field, group] = token;
    const matched = re.exec(rest)?.[0] ?? '';
    source += group;
    if (field !== undefined) fields.push(field);
    if (fields.length > MAX_FIELDS) return undefined;
    rest = rest.slice(matched.length);
  }
  return { regex: new RegExp(`${source}$`), fields };
}

/** Reads `value` with a Java date pattern such as `MMM dd yyyy HH:mm:ss.SSS z`; undefined when it does not fit. */
export function parseJavaDate(
  value: string,
  pattern: string,
  timezone: string,
  now: number,
): ParsedTime | undefined {
  let compiled = cache.get(pattern);
  if (!cache.has(pattern)) {
    compiled = compile(pattern);
    if (cache.size > 256) cache.clear();
    cache.set(pattern, compiled);
  }
  if (compiled === undefined || value.length > 64) return undefined;
  const match = compiled.regex.exec(value.trim());
  if (match === null) return undefined;
  let year: number | undefined;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let pm: boolean | undefined;
  let zone: string | undefined;
  compiled.fields.forEach((field, index) => {
    const text = match[index + 1];
    switch (field) {
      case 'year':
        year = Number(text);
        break;
      case 'year2':
        year = 2000 + Number(text);
        break;
      case 'monthName':
        month = monthNumber(text) ?? 0;
        break;
      case 'month':
        month = Number(text);
        break;
      case 'day':
        day = Number(text);
        break;
      case 'hour':
      case 'hour12':
        hour = Number(text);
        break;
      case 'minute':
        minute = Number(text);
        break;
      case 'second':
        second = Number(text);
        break;
      case 'fraction':
        ms = Number(text.padEnd(3, '0').slice(0, 3));
        break;
      case 'ampm':
        pm = text.toLowerCase() === 'pm';
        break;
      case 'zone':
        zone = text;
        break;
    }
  });
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (year === undefined)
    return zone === undefined ? inferYear(month, day, [hour, minute, second, ms], timezone, now) : undefined;
  return toInstant([year, month, day, hour, minute, second, ms], zone, timezone);
}

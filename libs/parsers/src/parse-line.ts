import { createHash, randomUUID } from 'node:crypto';
import type { NormalizedEvent } from '@vigil/contracts';
import { detectFormat } from './detect/detect-format';
import type { DraftSuccess, EventDraft, ParserContext } from './event-draft';
import { parseAccessLog } from './formats/access-log.parser';
import { parseCef } from './formats/cef.parser';
import { parseJson } from './formats/json.parser';
import { parseKv } from './formats/kv.parser';
import { parseLeef } from './formats/leef.parser';
import { parseRfc3164 } from './formats/rfc3164.parser';
import { parseRfc5424 } from './formats/rfc5424.parser';
import { ParseErrorCode, type FormatFailure, type LogFormat, type ParseError } from './parse-error';
import { decodeLine } from './text/decode-line';
import { formatIsoUtc } from './time/format-iso';
import { isValidTimeZone } from './time/zoned-time';

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
export const DEFAULT_MAX_JSON_DEPTH = 32;

export interface ParseOptions {
  /** The agency the line came from; always wins over anything the line claims. */
  organizationId: string;
  /** Defaults to 'auto'. */
  format?: LogFormat | 'auto';
  /** IANA zone for timestamps that carry none; default Asia/Ho_Chi_Minh. */
  timezone?: string;
  /** Reference time for inferring a missing year; defaults to `receivedAt`. */
  now?: Date;
  /** When Vigil received the line (event.ingested; @timestamp when the line has no time). Default: now. */
  receivedAt?: Date;
  /** Caller-supplied event id (idempotent resubmission). */
  eventId?: string;
  /**
   * How to make an id when none is supplied: 'random' (UUID v4, default) or 'content' (a UUID
   * derived from agency + raw line, so a re-sent line gets the same id — and so do identical lines).
   */
  idStrategy?: 'random' | 'content';
  /** Longer lines are rejected; default 64 KiB (UTF-8 bytes). */
  maxLineBytes?: number;
  /** Deeper JSON is rejected; default 32. */
  maxJsonDepth?: number;
  /** vigil.input: http, syslog-udp, syslog-tcp, syslog-tls, replay. */
  input?: string;
  /** Tags drill traffic (vigil.drill.run_id); set by ingestion for authenticated drill injects only. */
  drillRunId?: string;
}

export type ParseResult = { ok: true; event: NormalizedEvent } | { ok: false; error: ParseError };

type FormatParser = (text: string, context: ParserContext) => DraftSuccess | FormatFailure;

const PARSERS: Readonly<Record<LogFormat, FormatParser>> = {
  rfc5424: parseRfc5424,
  rfc3164: parseRfc3164,
  cef: parseCef,
  leef: parseLeef,
  json: parseJson,
  access: parseAccessLog,
  kv: parseKv,
};
const MAX_TIME_MS = 8.64e15;
/** The event contract's limit on event.id. */
const MAX_EVENT_ID_LENGTH = 256;

function failure(
  code: ParseErrorCode,
  reason: string,
  format: LogFormat | 'auto',
  column?: number,
): ParseResult {
  return {
    ok: false,
    error: column === undefined ? { code, reason, format } : { code, reason, format, column },
  };
}

function stripLineEnd(text: string): string {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A UUID (version 8 layout) from a SHA-256 of agency and line: stable across retries. */
function contentId(organizationId: string, original: string): string {
  const hex = createHash('sha256').update(organizationId).update('\u0000').update(original).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function tooLong(line: string | Uint8Array, max: number): number | undefined {
  if (typeof line !== 'string') return line.byteLength > max ? line.byteLength : undefined;
  if (line.length * 3 <= max) return undefined;
  if (line.length > max) return line.length > 4 * max ? line.length : Buffer.byteLength(line, 'utf8');
  const bytes = Buffer.byteLength(line, 'utf8');
  return bytes > max ? bytes : undefined;
}

let lastIsoMs = Number.NaN;
let lastIso = '';

/** toISOString, remembering the last one: a batch shares one receive time. */
function isoString(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = formatIsoUtc(ms);
    lastIsoMs = ms;
  }
  return lastIso;
}

function buildEvent(
  draft: EventDraft,
  original: string,
  format: LogFormat,
  options: ParseOptions,
  timezone: string,
  received: number,
): NormalizedEvent {
  const fields = draft.fields;
  const id =
    options.eventId ??
    (options.idStrategy === 'content' ? contentId(options.organizationId, original) : randomUUID());
  const ingested = isoString(received);
  const event: NormalizedEvent['event'] = { kind: 'event', ...fields.event, id, original, ingested };
  if (draft.zoneAssumed === true && draft.time !== undefined) event.timezone = timezone;
  const vigil: NonNullable<NormalizedEvent['vigil']> = { format };
  if (options.input !== undefined) vigil.input = options.input;
  if (draft.timeSource !== undefined && draft.time !== undefined) vigil.time_source = draft.timeSource;
  if (options.drillRunId !== undefined) vigil.drill = { run_id: options.drillRunId };
  const normalized: NormalizedEvent = {
    '@timestamp': draft.time === undefined ? ingested : formatIsoUtc(draft.time),
    event,
    organization: { id: options.organizationId },
  };
  for (const key of Object.keys(fields)) {
    if (key !== 'event') normalized[key] = fields[key];
  }
  normalized.vigil = vigil;
  return normalized;
}

const isPositiveInteger = (value: number | undefined): boolean =>
  value === undefined || (Number.isInteger(value) && value > 0);
const isValidDate = (value: Date | undefined): boolean =>
  value === undefined || !Number.isNaN(value.getTime());

/** Options that would otherwise fail deep inside (NaN dates) or silently disable a guard (NaN limits). */
function checkNumericOptions(options: ParseOptions): string | undefined {
  if (!isPositiveInteger(options.maxLineBytes)) return 'options: maxLineBytes must be a positive integer';
  if (!isPositiveInteger(options.maxJsonDepth)) return 'options: maxJsonDepth must be a positive integer';
  if (!isValidDate(options.receivedAt)) return 'options: receivedAt is an invalid date';
  if (!isValidDate(options.now)) return 'options: now is an invalid date';
  return undefined;
}

/** Invalid bytes inside JSON strings must be escaped the JSON way (`\\xNN`) to parse. */
function jsonText(line: string | Uint8Array, text: string): string {
  if (typeof line === 'string' || !text.includes('\\x')) return text;
  const escaped = stripLineEnd(decodeLine(line, '\\\\x'));
  return escaped.charCodeAt(0) === 0xfeff ? escaped.slice(1) : escaped;
}

/**
 * Parses one log line (text, or bytes that may not be valid UTF-8) into a normalized event, or
 * says precisely why it cannot. Pure: no I/O; the only ambient inputs are the clock and the UUID
 * generator, both replaceable through the options.
 */
export function parseLine(line: string | Uint8Array, options: ParseOptions): ParseResult {
  const requested = options.format ?? 'auto';
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  if (options.organizationId === '') {
    return failure(ParseErrorCode.InvalidOption, 'options: organizationId must not be empty', requested);
  }
  if (
    options.eventId !== undefined &&
    (options.eventId === '' || options.eventId.length > MAX_EVENT_ID_LENGTH)
  ) {
    return failure(
      ParseErrorCode.InvalidOption,
      `options: eventId must be 1-${MAX_EVENT_ID_LENGTH} characters`,
      requested,
    );
  }
  const optionProblem = checkNumericOptions(options);
  if (optionProblem !== undefined) return failure(ParseErrorCode.InvalidOption, optionProblem, requested);
  if (!isValidTimeZone(timezone)) {
    return failure(ParseErrorCode.InvalidOption, `options: unknown time zone "${timezone}"`, requested);
  }
  const maxBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const size = tooLong(line, maxBytes);
  if (size !== undefined) {
    return failure(
      ParseErrorCode.LineTooLong,
      `line is ${size} bytes, over the ${maxBytes}-byte limit`,
      requested,
    );
  }
  const original = stripLineEnd(typeof line === 'string' ? line : decodeLine(line));
  const text = original.charCodeAt(0) === 0xfeff ? original.slice(1) : original;
  if (!/\S/.test(text)) return failure(ParseErrorCode.EmptyLine, 'line is empty', requested);

  const format = requested === 'auto' ? detectFormat(text) : requested;
  if (format === undefined) {
    return failure(
      ParseErrorCode.UnrecognizedFormat,
      'no format matched: not JSON, CEF, LEEF, RFC 5424, RFC 3164, an access log or key=value pairs',
      'auto',
    );
  }
  const received = (options.receivedAt ?? new Date()).getTime();
  const context: ParserContext = {
    timezone,
    now: options.now?.getTime() ?? received,
    maxJsonDepth: options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
  };
  let parsed: DraftSuccess | FormatFailure;
  try {
    parsed =
      requested === 'auto' && format === 'kv'
        ? parseKv(text, context, 2)
        : PARSERS[format](format === 'json' ? jsonText(line, text) : text, context);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return failure(ParseErrorCode.InternalError, `${format} parser failed unexpectedly: ${message}`, format);
  }
  if (!parsed.ok) return failure(parsed.code, parsed.reason, format, parsed.column);
  const time = parsed.draft.time;
  if (time !== undefined && (!Number.isFinite(time) || Math.abs(time) > MAX_TIME_MS)) {
    return failure(ParseErrorCode.InvalidTimestamp, 'timestamp is outside the representable range', format);
  }
  return { ok: true, event: buildEvent(parsed.draft, original, format, options, timezone, received) };
}

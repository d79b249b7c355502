import type { DraftSuccess, ParserContext } from '../event-draft';
import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { describePriority, scanPriority } from '../syslog/priority';
import { syslogDraft, type SyslogFrame } from '../syslog/syslog-frame';
import { inferYear, monthNumber, parseIsoTimestamp, toInstant, type ParsedTime } from '../time/timestamp';
import { group } from '../text/regex-group';

// Sticky (`y`) so they match at a position without slicing; bounded quantifiers only.
const BSD_TIME_RE =
  /[*.]?([A-Za-z]{3}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\d{4})(?= ))?(?: |$)/y;
const ISO_TOKEN_RE = /\d{4}-\d{2}-\d{2}[Tt ]?[0-9:.,+\-Zz]{0,40}(?: |$)/y;
const TAG_RE = /([^\s[\]:]{1,128})(?:\[([^\]\s]{0,32})\])?:(?: |$)/y;
const TAG_TOKEN_RE = /^(?:[^\s[\]:]{1,128}\[[^\]\s]{0,32}\]:?|[^\s[\]:]{1,128}:)$/;

interface Stamp {
  readonly time?: ParsedTime;
  readonly end: number;
}

/** BSD `Mmm dd hh:mm:ss` (year inferred, or present) or an ISO timestamp at `pos`. */
function scanTimestamp(text: string, pos: number, context: ParserContext): Stamp | FormatFailure | undefined {
  BSD_TIME_RE.lastIndex = pos;
  const bsd = BSD_TIME_RE.exec(text);
  if (bsd !== null) {
    const month = monthNumber(bsd[1]);
    if (month !== undefined) {
      const fractionText = group(bsd, 7);
      const fraction = fractionText === undefined ? 0 : Number(fractionText.padEnd(3, '0').slice(0, 3));
      const clock = [Number(bsd[4]), Number(bsd[5]), Number(bsd[6]), fraction] as const;
      const year = group(bsd, 3) ?? group(bsd, 8);
      const time =
        year === undefined
          ? inferYear(month, Number(bsd[2]), clock, context.timezone, context.now)
          : toInstant([Number(year), month, Number(bsd[2]), ...clock], undefined, context.timezone);
      if (time === undefined) {
        return fail(
          ParseErrorCode.InvalidTimestamp,
          `RFC 3164 TIMESTAMP: "${bsd[0].trim()}" is not a valid date`,
          pos + 1,
        );
      }
      return { time, end: BSD_TIME_RE.lastIndex };
    }
  }
  ISO_TOKEN_RE.lastIndex = pos;
  const iso = ISO_TOKEN_RE.exec(text);
  if (iso !== null) {
    const time = parseIsoTimestamp(iso[0].trimEnd(), context.timezone);
    if (time === undefined) {
      return fail(
        ParseErrorCode.InvalidTimestamp,
        `RFC 3164 TIMESTAMP: "${iso[0].trim()}" is not a valid ISO 8601 time`,
        pos + 1,
      );
    }
    return { time, end: ISO_TOKEN_RE.lastIndex };
  }
  return undefined;
}

/**
 * Takes a BSD syslog header apart. Real-world variants: no PRI (read from a file), ISO
 * timestamps, a year, no hostname (`Oct 11 22:14:15 sshd[1]: …`), tag with or without pid.
 * With a PRI but no timestamp the whole rest is the message (RFC 3164 §4.3.3).
 */
export function parseRfc3164Frame(
  text: string,
  context: ParserContext,
): { ok: true; frame: SyslogFrame; hasTimestamp: boolean } | FormatFailure {
  const pri = scanPriority(text);
  if (pri.kind === 'invalid') return fail(ParseErrorCode.InvalidPriority, pri.reason, pri.column);
  let pos = pri.kind === 'found' ? pri.end : 0;
  const syslog = pri.kind === 'found' ? describePriority(pri.priority) : {};
  const stamp = scanTimestamp(text, pos, context);
  if (stamp !== undefined && 'ok' in stamp) return stamp;
  if (stamp === undefined) {
    if (pri.kind === 'absent') {
      return fail(
        ParseErrorCode.InvalidHeader,
        'RFC 3164: expected "<PRI>" or a timestamp such as "Oct 11 22:14:15"',
        1,
      );
    }
    return { ok: true, hasTimestamp: false, frame: { syslog, message: text.slice(pos), messageIndex: pos } };
  }
  pos = stamp.end;
  const spaceAt = text.indexOf(' ', pos);
  const first = text.slice(pos, spaceAt === -1 ? text.length : spaceAt);
  if (first !== '' && !TAG_TOKEN_RE.test(first)) {
    syslog.hostname = first;
    pos = spaceAt === -1 ? text.length : spaceAt + 1;
  }
  TAG_RE.lastIndex = pos;
  const tag = TAG_RE.exec(text);
  if (tag !== null) {
    syslog.appname = tag[1];
    const procid = group(tag, 2);
    if (procid !== undefined && procid !== '') syslog.procid = procid;
    pos = TAG_RE.lastIndex;
  }
  return {
    ok: true,
    hasTimestamp: true,
    frame: { syslog, time: stamp.time, message: text.slice(pos), messageIndex: pos },
  };
}

/** RFC 3164 (BSD) syslog line → event, with Linux auth lines (sshd, sudo, pam) interpreted. */
export function parseRfc3164(text: string, context: ParserContext): DraftSuccess | FormatFailure {
  const result = parseRfc3164Frame(text, context);
  if (!result.ok) return result;
  return { ok: true, draft: syslogDraft(result.frame, context) };
}

import { type DraftSuccess, type ParserContext } from '../event-draft';
import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { describePriority, scanPriority } from '../syslog/priority';
import { syslogDraft, type SyslogFrame } from '../syslog/syslog-frame';
import { parseIsoTimestamp, type ParsedTime } from '../time/timestamp';
import { nextToken, type Cursor } from '../text/cursor';

const NIL = '-';
const BOM = '\uFEFF';
type StructuredData = Record<string, Record<string, string>>;

function scanSdValue(cursor: Cursor): string | FormatFailure {
  const { text } = cursor;
  let value = '';
  let start = cursor.pos;
  for (let i = cursor.pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      const next = text[i + 1];
      if (next === '"' || next === '\\' || next === ']') {
        value += text.slice(start, i) + next;
        i++;
        start = i + 1;
      }
    } else if (c === 34 /* " */) {
      cursor.pos = i + 1;
      return value + text.slice(start, i);
    }
  }
  return fail(
    ParseErrorCode.InvalidStructuredData,
    'RFC 5424 structured data: unterminated PARAM-VALUE',
    text.length + 1,
  );
}

const NAME_END = new Set([' ', '=', ']', '"']);

function scanName(cursor: Cursor): string {
  const { text } = cursor;
  const start = cursor.pos;
  while (cursor.pos < text.length && !NAME_END.has(text[cursor.pos])) cursor.pos++;
  return text.slice(start, cursor.pos);
}

/** `[id p="v"…][id2…]` with `\"`, `\\`, `\]` escapes in values. */
function scanStructuredData(cursor: Cursor): { ok: true; data: StructuredData } | FormatFailure {
  const { text } = cursor;
  const data: StructuredData = Object.create(null) as StructuredData;
  const where = (what: string): FormatFailure =>
    fail(ParseErrorCode.InvalidStructuredData, `RFC 5424 structured data: expected ${what}`, cursor.pos + 1);
  while (text[cursor.pos] === '[') {
    cursor.pos++;
    const id = scanName(cursor);
    if (id === '') return where('SD-ID after "["');
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    while (text[cursor.pos] === ' ') {
      cursor.pos++;
      const name = scanName(cursor);
      if (name === '') return where('PARAM-NAME');
      if (text[cursor.pos] !== '=' || text[cursor.pos + 1] !== '"') return where(`="value" after ${name}`);
      cursor.pos += 2;
      const value = scanSdValue(cursor);
      if (typeof value !== 'string') return value;
      params[name] = value;
    }
    if (text[cursor.pos] !== ']') return where(`"]" or " " in element ${id}`);
    cursor.pos++;
    data[id] = { ...params };
  }
  return { ok: true, data: { ...data } };
}

/** Takes an RFC 5424 header apart: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]`. */
export function parseRfc5424Frame(
  text: string,
  context: ParserContext,
): { ok: true; frame: SyslogFrame } | FormatFailure {
  const pri = scanPriority(text);
  if (pri.kind === 'absent') return fail(ParseErrorCode.InvalidPriority, 'RFC 5424: expected "<PRI>"', 1);
  if (pri.kind === 'invalid') return fail(ParseErrorCode.InvalidPriority, pri.reason, pri.column);
  const cursor: Cursor = { text, pos: pri.end };
  const version = nextToken(cursor);
  if (version === undefined || !/^[1-9]\d{0,2}$/.test(version)) {
    return fail(
      ParseErrorCode.InvalidHeader,
      'RFC 5424 header: expected VERSION (e.g. "1") after PRI',
      pri.end + 1,
    );
  }
  const fields: string[] = [];
  const names = ['TIMESTAMP', 'HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'];
  for (const name of names) {
    const column = cursor.pos + 1;
    const value = nextToken(cursor);
    if (value === undefined || value === '') {
      return fail(ParseErrorCode.InvalidHeader, `RFC 5424 header: expected ${name}`, column);
    }
    fields.push(value);
  }
  const [stamp, hostname, appname, procid, msgid] = fields;
  let time: ParsedTime | undefined;
  if (stamp !== NIL) {
    time = parseIsoTimestamp(stamp, context.timezone);
    if (time === undefined) {
      return fail(
        ParseErrorCode.InvalidTimestamp,
        `RFC 5424 TIMESTAMP: "${stamp.slice(0, 40)}" is not RFC 3339`,
        pri.end + version.length + 2,
      );
    }
  }
  let structured: StructuredData | undefined;
  if (text[cursor.pos] === '-' && (cursor.pos + 1 >= text.length || text[cursor.pos + 1] === ' ')) {
    cursor.pos += 1;
  } else if (text[cursor.pos] === '[') {
    const sd = scanStructuredData(cursor);
    if (!sd.ok) return sd;
    structured = sd.data;
  } else {
    return fail(
      ParseErrorCode.InvalidStructuredData,
      'RFC 5424: expected STRUCTURED-DATA ("-" or "[")',
      cursor.pos + 1,
    );
  }
  if (cursor.pos < text.length && text[cursor.pos] !== ' ') {
    return fail(
      ParseErrorCode.InvalidStructuredData,
      'RFC 5424: expected a space after STRUCTURED-DATA',
      cursor.pos + 1,
    );
  }
  let messageIndex = Math.min(cursor.pos + 1, text.length);
  if (text.startsWith(BOM, messageIndex)) messageIndex += 1;
  const syslog = describePriority(pri.priority);
  syslog.version = version;
  if (hostname !== NIL) syslog.hostname = hostname;
  if (appname !== NIL) syslog.appname = appname;
  if (procid !== NIL) syslog.procid = procid;
  if (msgid !== NIL) syslog.msgid = msgid;
  if (structured !== undefined) syslog.structured_data = structured;
  return { ok: true, frame: { syslog, time, message: text.slice(messageIndex), messageIndex } };
}

/** RFC 5424 syslog line → event (plain-text payload; CEF/LEEF payloads go through their parsers). */
export function parseRfc5424(text: string, context: ParserContext): DraftSuccess | FormatFailure {
  const result = parseRfc5424Frame(text, context);
  if (!result.ok) return result;
  return { ok: true, draft: syslogDraft(result.frame, context) };
}

import { isIP } from 'node:net';
import type { DraftFields, DraftSuccess, ParserContext } from '../event-draft';
import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { parseApacheTimestamp } from '../time/timestamp';
import { parsePort } from './network-fields';
import { nextToken, type Cursor } from '../text/cursor';

const METHOD_RE = /^[A-Z][A-Z_-]{0,19}$/;
const VERSION_RE = /^HTTP\/(\d\.\d|\d)$/;

/** A `"…"` field; Apache escapes `"` as `\"`, Nginx as `\x22`. */
function quoted(cursor: Cursor): string | undefined {
  const { text } = cursor;
  if (text[cursor.pos] !== '"') return undefined;
  let i = cursor.pos + 1;
  let out = '';
  let from = i;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      out += text.slice(from, i) + text[i + 1];
      i += 2;
      from = i;
    } else {
      i++;
    }
  }
  if (i >= text.length) return undefined;
  cursor.pos = i + 2; // past the quote and the following space
  return out + text.slice(from, i);
}

function dash(value: string | undefined): string | undefined {
  return value === undefined || value === '-' || value === '' ? undefined : value;
}

function setRequest(fields: DraftFields, request: string): void {
  const parts = request.split(' ');
  if (parts.length < 2 || parts.length > 3 || !METHOD_RE.test(parts[0])) return;
  const [method, target] = parts;
  const protocol = parts.at(2);
  const http: Record<string, unknown> = { ...(fields.http as Record<string, unknown> | undefined) };
  http.request = { ...(http.request as object | undefined), method };
  const version = protocol === undefined ? undefined : VERSION_RE.exec(protocol);
  if (version !== null && version !== undefined) http.version = version[1];
  fields.http = http;
  const q = target.indexOf('?');
  fields.url =
    q === -1
      ? { original: target, path: target }
      : { original: target, path: target.slice(0, q), query: target.slice(q + 1) };
}

/**
 * Apache/Nginx access logs, common (`%h %l %u %t "%r" %>s %b`) and combined (+ `"%{Referer}i"
 * "%{User-Agent}i"`); anything after the user agent (Nginx extras) is ignored.
 */
export function parseAccessLog(text: string, _context: ParserContext): DraftSuccess | FormatFailure {
  const cursor: Cursor = { text, pos: 0 };
  let vhost: string | undefined;
  let client = nextToken(cursor);
  let ident = nextToken(cursor);
  let authUser = nextToken(cursor);
  if (text[cursor.pos] !== '[' && authUser !== undefined) {
    // Apache vhost_combined: `%v:%p %h %l %u %t …`
    vhost = client;
    [client, ident, authUser] = [ident, authUser, nextToken(cursor)];
  }
  if (
    client === undefined ||
    client === '' ||
    ident === undefined ||
    authUser === undefined ||
    text[cursor.pos] !== '['
  ) {
    return fail(
      ParseErrorCode.InvalidHeader,
      'access log: expected `client ident user [time]`',
      cursor.pos + 1,
    );
  }
  const close = text.indexOf('] ', cursor.pos);
  const time = close === -1 ? undefined : parseApacheTimestamp(text.slice(cursor.pos + 1, close));
  if (time === undefined) {
    return fail(
      ParseErrorCode.InvalidTimestamp,
      'access log: expected a time like [10/Oct/2000:13:55:36 -0700]',
      cursor.pos + 1,
    );
  }
  cursor.pos = close + 2;
  const requestAt = cursor.pos + 1;
  const request = quoted(cursor);
  if (request === undefined)
    return fail(ParseErrorCode.InvalidHeader, 'access log: expected a quoted request line', requestAt);
  const statusAt = cursor.pos + 1;
  const status = nextToken(cursor);
  const bytes = nextToken(cursor);
  if (
    status === undefined ||
    !/^(?:\d{3}|-)$/.test(status) ||
    bytes === undefined ||
    !/^(?:\d{1,15}|-)$/.test(bytes)
  ) {
    return fail(
      ParseErrorCode.InvalidHeader,
      'access log: expected status code and byte count after the request',
      statusAt,
    );
  }
  const referrer = quoted(cursor);
  const userAgent = referrer === undefined ? undefined : quoted(cursor);

  const fields: DraftFields = { event: { kind: 'event', category: ['web'], type: ['access'] } };
  fields.source = isIP(client) === 0 ? { address: client, domain: client } : { address: client, ip: client };
  const user = dash(authUser);
  if (user !== undefined) fields.user = { name: user };
  setRequest(fields, request);
  const response: Record<string, unknown> = {};
  if (status !== '-') {
    const code = Number(status);
    response.status_code = code;
    if (fields.event) fields.event.outcome = code < 400 ? 'success' : 'failure';
  }
  if (bytes !== '-') response.body = { bytes: Number(bytes) };
  const http: Record<string, unknown> = { ...(fields.http as Record<string, unknown> | undefined), response };
  const ref = dash(referrer);
  if (ref !== undefined) http.request = { ...(http.request as object | undefined), referrer: ref };
  fields.http = http;
  const agent = dash(userAgent);
  if (agent !== undefined) fields.user_agent = { original: agent };
  if (fields.url === undefined && request !== '-' && request !== '') fields.url = { original: request };
  if (vhost !== undefined && vhost !== '' && vhost !== '-') {
    const colon = vhost.lastIndexOf(':');
    const port = colon === -1 ? undefined : parsePort(vhost.slice(colon + 1));
    const domain = port === undefined ? vhost : vhost.slice(0, colon);
    fields.url = { ...fields.url, domain };
    fields.destination = port === undefined ? { domain } : { domain, port };
  }
  return { ok: true, draft: { fields, time: time.ms, zoneAssumed: false } };
}

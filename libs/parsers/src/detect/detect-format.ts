import type { LogFormat } from '../parse-error';

const CEF_RE = /^CEF:\d{1,2}\|/;
const LEEF_RE = /^LEEF:[12](?:\.0)?\|/;
const RFC5424_RE = /^<\d{1,3}>[1-9]\d{0,2} /;
const RFC3164_RE =
  /^(?:<\d{1,3}>)?(?:[*.]?[A-Z][a-z]{2} {1,2}\d{1,2} (?:\d{4} )?\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2})/;
const ACCESS_RE = /^(?:[^ ]{1,255} ){3,4}\[\d{1,2}\/[A-Za-z]{3}\/\d{4}:/;
const KV_RE = /(?:^|[ \t])[A-Za-z0-9_.:@/-]{1,64}=/g;
/** How far into a line a syslog header may push the CEF/LEEF marker. */
const MARKER_WINDOW = 512;

/** A marker that sits at the start, after a PRI, or after a space (the end of a syslog header). */
function hasMarker(text: string, marker: string, shape: RegExp): boolean {
  const at = text.indexOf(marker);
  if (at === -1 || at > MARKER_WINDOW) return false;
  const before = at === 0 ? ' ' : text[at - 1];
  return (before === ' ' || before === '>' || before === '\t') && shape.test(text.slice(at, at + 12));
}

function countPairs(text: string, needed: number): number {
  KV_RE.lastIndex = 0;
  let count = 0;
  while (count < needed && KV_RE.exec(text) !== null) count++;
  return count;
}

/**
 * Which parser a line is for, in the order that avoids false positives: JSON, CEF (bare or in
 * syslog), LEEF, RFC 5424, RFC 3164, access log, key=value (two pairs or more). Undefined when
 * nothing fits.
 */
export function detectFormat(text: string): LogFormat | undefined {
  const first = text.trimStart().charCodeAt(0);
  if (first === 123 /* { */) return 'json';
  if (hasMarker(text, 'CEF:', CEF_RE)) return 'cef';
  if (hasMarker(text, 'LEEF:', LEEF_RE)) return 'leef';
  if (RFC5424_RE.test(text)) return 'rfc5424';
  if (RFC3164_RE.test(text)) return 'rfc3164';
  if (ACCESS_RE.test(text)) return 'access';
  if (countPairs(text, 2) >= 2) return 'kv';
  if (/^<\d{1,3}>/.test(text)) return 'rfc3164';
  return undefined;
}

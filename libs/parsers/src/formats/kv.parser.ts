import type { DraftSuccess, EventDraft, ParserContext } from '../event-draft';
import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { describePriority, scanPriority } from '../syslog/priority';
import { frameFields } from '../syslog/syslog-frame';
import { applyKvPairs } from './kv-fields';
import { scanPairs } from './kv-scanner';
import { parseRfc3164Frame } from './rfc3164.parser';

/**
 * Firewall-style `key=value` lines (FortiGate, pfSense, iptables, generic), optionally behind a
 * `<PRI>` or a BSD syslog header. Known keys map to ECS; all pairs are kept under `kv`.
 */
export function parseKv(text: string, context: ParserContext, minPairs = 1): DraftSuccess | FormatFailure {
  let draft: EventDraft = { fields: {} };
  let start = 0;
  const framed = parseRfc3164Frame(text, context);
  if (framed.ok && framed.hasTimestamp) {
    draft = frameFields(framed.frame);
    if (framed.frame.message !== '') draft.fields.message = framed.frame.message;
    start = framed.frame.messageIndex;
  } else {
    const pri = scanPriority(text);
    if (pri.kind === 'invalid') return fail(ParseErrorCode.InvalidPriority, pri.reason, pri.column);
    if (pri.kind === 'found') {
      draft.fields.log = { syslog: describePriority(pri.priority) };
      start = pri.end;
    }
  }
  const pairs = scanPairs(text, start);
  if (pairs.length < minPairs) {
    return fail(
      ParseErrorCode.NoFields,
      `key=value: found ${pairs.length} key=value pairs, expected at least ${minPairs}`,
      start + 1,
    );
  }
  applyKvPairs(draft, pairs, context);
  return { ok: true, draft };
}

import type { EventDraft, ParserContext } from '../event-draft';
import { parseRfc3164Frame } from '../formats/rfc3164.parser';
import { parseRfc5424Frame } from '../formats/rfc5424.parser';
import { frameFields, type SyslogFrame } from './syslog-frame';

const RFC5424_START_RE = /^<\d{1,3}>[1-9]\d{0,2} /;

/** A CEF/LEEF payload and the syslog header it arrived in, if any. */
export interface Envelope {
  readonly frame?: SyslogFrame;
  readonly payload: string;
  /** 0-based index of the payload in the line, for error columns. */
  readonly payloadIndex: number;
}

/**
 * Finds `marker` (`CEF:` / `LEEF:`) at the start of the line or right after a syslog header.
 * When the header is not valid syslog the marker is still honoured (the prefix is ignored),
 * because devices put every kind of prefix in front of CEF.
 */
export function openEnvelope(text: string, marker: string, context: ParserContext): Envelope | undefined {
  if (text.startsWith(marker)) return { payload: text, payloadIndex: 0 };
  const at = text.indexOf(marker);
  if (at === -1) return undefined;
  const framed = RFC5424_START_RE.test(text)
    ? parseRfc5424Frame(text, context)
    : parseRfc3164Frame(text, context);
  if (framed.ok && framed.frame.message.startsWith(marker)) {
    return { frame: framed.frame, payload: framed.frame.message, payloadIndex: framed.frame.messageIndex };
  }
  return { payload: text.slice(at), payloadIndex: at };
}

/** The syslog header's host, log.syslog and time; the app name is a transport detail here, not a process. */
export function envelopeDraft(envelope: Envelope): EventDraft {
  if (envelope.frame === undefined) return { fields: {} };
  const draft = frameFields(envelope.frame);
  delete draft.fields.process;
  return draft;
}

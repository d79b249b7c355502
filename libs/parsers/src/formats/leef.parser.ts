import {
  setOwn,
  type DraftFields,
  type DraftSuccess,
  type EventDraft,
  type ParserContext,
} from '../event-draft';
import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { envelopeDraft, openEnvelope } from '../syslog/syslog-envelope';
import { parseJavaDate } from '../time/java-date-pattern';
import { parseAnyTimestamp } from '../time/timestamp';
import { parseCefExtension } from './cef-extension';
import { setAction, setAddress, setEndpointUser, setPort, setTransport } from './network-fields';

type Apply = (fields: DraftFields, value: string) => void;

/** LEEF predefined attributes → ECS (IBM QRadar LEEF guide). */
const LEEF_FIELDS: Readonly<Record<string, Apply>> = {
  src: (f, v) => {
    setAddress(f, 'source', v);
  },
  dst: (f, v) => {
    setAddress(f, 'destination', v);
  },
  srcPort: (f, v) => {
    setPort(f, 'source', v);
  },
  dstPort: (f, v) => {
    setPort(f, 'destination', v);
  },
  srcMAC: (f, v) => {
    f.source = { ...f.source, mac: v } as DraftFields['source'];
  },
  dstMAC: (f, v) => {
    f.destination = { ...f.destination, mac: v } as DraftFields['destination'];
  },
  usrName: (f, v) => {
    if (v !== '') f.user = { ...f.user, name: v };
  },
  accountName: (f, v) => {
    if (v !== '') f.user = { ...f.user, name: v };
  },
  suser: (f, v) => {
    setEndpointUser(f, 'source', v);
  },
  duser: (f, v) => {
    setEndpointUser(f, 'destination', v);
  },
  proto: (f, v) => {
    setTransport(f, v);
  },
  action: (f, v) => {
    setAction(f, v);
  },
  act: (f, v) => {
    setAction(f, v);
  },
  identHostName: (f, v) => {
    if (v !== '') f.host = { ...f.host, name: v, hostname: v };
  },
  url: (f, v) => {
    if (v !== '') f.url = { original: v };
  },
  msg: (f, v) => {
    if (v !== '') f.message = v;
  },
  sev: (f, v) => {
    if (/^\d{1,2}$/.test(v.trim())) f.event = { ...f.event, severity: Math.min(Number(v.trim()), 10) };
  },
};

const HEX_DELIMITER_RE = /^(?:0x|x)([0-9A-Fa-f]{2,4})$/;

/** LEEF 2.0 delimiter field: one character, or hex such as `x09` / `0x5E`. */
function delimiterOf(spec: string): string | undefined {
  if (spec.length === 1) return spec;
  const hex = HEX_DELIMITER_RE.exec(spec);
  return hex === null ? undefined : String.fromCharCode(parseInt(hex[1], 16));
}

function splitAttributes(
  text: string,
  delimiter: string,
  offset: number,
): [string, string][] | FormatFailure {
  if (delimiter === '\t' && !text.includes('\t') && text.includes(' ')) {
    // Many senders use spaces instead of the tab LEEF 1.0 requires: read it the CEF way.
    const spaced = parseCefExtension(text, offset);
    return spaced.ok ? spaced.pairs : spaced;
  }
  const pairs: [string, string][] = [];
  for (const part of text.split(delimiter)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * IBM LEEF 1.0 (`LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v`) and 2.0 (a delimiter
 * field after EventID: `^`, `x09`…), bare or inside a syslog header.
 */
export function parseLeef(text: string, context: ParserContext): DraftSuccess | FormatFailure {
  const envelope = openEnvelope(text, 'LEEF:', context);
  if (envelope === undefined)
    return fail(ParseErrorCode.InvalidHeader, 'LEEF: expected "LEEF:" at the start of the payload', 1);
  const { payload, payloadIndex } = envelope;
  const parts: string[] = [];
  let start = 5;
  while (parts.length < 5) {
    const bar = payload.indexOf('|', start);
    if (bar === -1) {
      return fail(
        ParseErrorCode.InvalidHeader,
        `LEEF header: expected 5 pipe-separated fields (version, vendor, product, version, event id), found ${parts.length + 1}`,
        payloadIndex + payload.length + 1,
      );
    }
    parts.push(payload.slice(start, bar));
    start = bar + 1;
  }
  const [version, vendor, product, productVersion, eventId] = parts;
  if (version !== '1.0' && version !== '2.0' && version !== '1' && version !== '2') {
    return fail(
      ParseErrorCode.InvalidHeader,
      `LEEF header: unsupported version "${version.slice(0, 20)}" (expected 1.0 or 2.0)`,
      payloadIndex + 6,
    );
  }
  let delimiter = '\t';
  if (version.startsWith('2')) {
    const bar = payload.indexOf('|', start);
    const spec = bar === -1 ? undefined : delimiterOf(payload.slice(start, bar));
    if (spec !== undefined && bar !== -1) {
      delimiter = spec;
      start = bar + 1;
    }
  }
  const pairs = splitAttributes(payload.slice(start), delimiter, payloadIndex + start);
  if (!Array.isArray(pairs)) return pairs;

  const draft: EventDraft = envelopeDraft(envelope);
  const fields = draft.fields;
  fields.event = { ...fields.event, code: eventId, kind: 'event' };
  fields.observer = { vendor, product, version: productVersion };
  const attributes: Record<string, string> = {};
  for (const [key, value] of pairs) {
    setOwn(attributes, key, value);
    if (Object.hasOwn(LEEF_FIELDS, key)) LEEF_FIELDS[key](fields, value);
  }
  fields.leef = { version, vendor, product, product_version: productVersion, event_id: eventId, attributes };
  const devTime = Object.hasOwn(attributes, 'devTime') ? attributes.devTime : undefined;
  if (devTime !== undefined) {
    const pattern = Object.hasOwn(attributes, 'devTimeFormat') ? attributes.devTimeFormat : undefined;
    const time =
      (pattern === undefined ? undefined : parseJavaDate(devTime, pattern, context.timezone, context.now)) ??
      parseAnyTimestamp(devTime, context.timezone, context.now);
    if (time !== undefined) {
      draft.time = time.ms;
      draft.zoneAssumed = time.zoneAssumed;
    }
  }
  return { ok: true, draft };
}

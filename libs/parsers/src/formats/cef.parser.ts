import {
  setOwn,
  type DraftFields,
  type DraftSuccess,
  type EventDraft,
  type ParserContext,
} from '../event-draft';
import { fail, ParseErrorCode, type FormatFailure } from '../parse-error';
import { envelopeDraft, openEnvelope } from '../syslog/syslog-envelope';
import { parseAnyTimestamp } from '../time/timestamp';
import { parseCefExtension } from './cef-extension';
import { applyCefField, applyCustomLabels } from './cef-fields';

const SEVERITY_NAMES: Readonly<Record<string, number>> = {
  unknown: 0,
  low: 3,
  medium: 6,
  high: 8,
  'very-high': 10,
};

/** Splits the header on unescaped `|` (`\|` and `\\` are escapes); the 8th part is the extension. */
function splitHeader(
  payload: string,
  offset: number,
): { ok: true; parts: string[]; extensionAt: number } | FormatFailure {
  const parts: string[] = [];
  let current = '';
  let start = 4; // after "CEF:"
  let i = start;
  for (; i < payload.length && parts.length < 7; i++) {
    const c = payload.charCodeAt(i);
    if (c === 92 /* \ */ && (payload[i + 1] === '|' || payload[i + 1] === '\\')) {
      current += payload.slice(start, i) + payload[i + 1];
      i++;
      start = i + 1;
    } else if (c === 124 /* | */) {
      parts.push(current + payload.slice(start, i));
      current = '';
      start = i + 1;
    }
  }
  if (parts.length < 7) {
    return fail(
      ParseErrorCode.InvalidHeader,
      `CEF header: expected 7 pipe-separated fields, found ${parts.length + 1}`,
      offset + payload.length + 1,
    );
  }
  return { ok: true, parts, extensionAt: i };
}

function severityNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d{1,2}$/.test(trimmed)) return Math.min(Number(trimmed), 10);
  return SEVERITY_NAMES[trimmed.toLowerCase()];
}

/**
 * ArcSight CEF (`CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|k=v …`), bare or inside
 * an RFC 5424 / 3164 header. Standard keys map to ECS, `csNLabel`/`csN` pairs become named
 * fields under `cef.custom`, and every raw key stays under `cef.extensions`.
 */
export function parseCef(text: string, context: ParserContext): DraftSuccess | FormatFailure {
  const envelope = openEnvelope(text, 'CEF:', context);
  if (envelope === undefined)
    return fail(ParseErrorCode.InvalidHeader, 'CEF: expected "CEF:" at the start of the payload', 1);
  const { payload, payloadIndex } = envelope;
  const header = splitHeader(payload, payloadIndex);
  if (!header.ok) return header;
  const [version, vendor, product, deviceVersion, classId, name, severity] = header.parts;
  if (!/^\d{1,2}(?:\.\d{1,2})?$/.test(version)) {
    return fail(
      ParseErrorCode.InvalidHeader,
      `CEF header: version "${version.slice(0, 20)}" is not a number`,
      payloadIndex + 5,
    );
  }
  const extension = parseCefExtension(payload.slice(header.extensionAt), payloadIndex + header.extensionAt);
  if (!extension.ok) return extension;

  const draft: EventDraft = envelopeDraft(envelope);
  const fields: DraftFields = draft.fields;
  const extensions: Record<string, string> = {};
  const sev = severityNumber(severity);
  fields.event = {
    ...fields.event,
    code: classId,
    kind: 'event',
    ...(sev === undefined ? {} : { severity: sev }),
  };
  fields.observer = { vendor, product, version: deviceVersion };
  if (name !== '') fields.message = name;
  for (const [key, value] of extension.pairs) {
    setOwn(extensions, key, value);
    applyCefField(fields, key, value);
  }
  const custom = applyCustomLabels(extension.pairs);
  fields.cef = {
    version,
    device: { vendor, product, version: deviceVersion, event_class_id: classId },
    name,
    severity,
    extensions,
    ...(custom === undefined ? {} : { custom }),
  };
  const rt = Object.hasOwn(extensions, 'rt')
    ? extensions.rt
    : Object.hasOwn(extensions, 'end')
      ? extensions.end
      : undefined;
  if (rt !== undefined) {
    const time = parseAnyTimestamp(rt, context.timezone, context.now);
    if (time !== undefined) {
      draft.time = time.ms;
      draft.zoneAssumed = time.zoneAssumed;
    }
  }
  return { ok: true, draft };
}

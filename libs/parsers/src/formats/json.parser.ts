import type { DraftFields, DraftSuccess, EventDraft, ParserContext } from '../event-draft';
import { isRecord, setOwn } from '../event-draft';
import type { FormatFailure } from '../parse-error';
import { parseAnyTimestamp, parseEpoch, type ParsedTime } from '../time/timestamp';
import { expandDottedKeys, parseJsonObject } from './json-object';
import { applyKvField } from './kv-fields';
import { enrichWindowsEvent, winlogFromNxlog } from './windows-event.mapper';

/** ECS field sets kept at the top level; any other key goes under `json.*` so agencies cannot collide with ECS mappings. */
const ECS_ROOTS = new Set([
  'agent',
  'client',
  'cloud',
  'container',
  'destination',
  'dns',
  'ecs',
  'email',
  'error',
  'event',
  'file',
  'group',
  'host',
  'http',
  'labels',
  'log',
  'message',
  'network',
  'observer',
  'orchestrator',
  'package',
  'process',
  'registry',
  'related',
  'rule',
  'server',
  'service',
  'source',
  'tags',
  'threat',
  'tls',
  'url',
  'user',
  'user_agent',
  'vulnerability',
  'winlog',
  'sysmon',
  'powershell',
]);
/** What a scalar under an ECS object root most likely means (`"host": "web1"` → host.name). */
const SCALAR_HOME: Readonly<Record<string, string>> = {
  agent: 'name',
  host: 'name',
  user: 'name',
  process: 'name',
  service: 'name',
  observer: 'name',
  file: 'path',
  rule: 'name',
  source: 'address',
  destination: 'address',
  client: 'address',
  server: 'address',
  url: 'original',
  user_agent: 'original',
  error: 'message',
  group: 'name',
};
const TIME_KEYS = [
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  'datetime',
  'date',
  'eventTime',
  'EventTime',
  'TimeCreated',
];
const MESSAGE_KEYS = ['message', 'msg', 'Message', 'log'];
const STRIPPED_EVENT_KEYS = ['id', 'original', 'ingested'];

function timeOf(value: unknown, context: ParserContext): ParsedTime | undefined {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value === 'string') return parseAnyTimestamp(value, context.timezone, context.now);
  return undefined;
}

/** Generic JSON: ECS roots merged, scalars at ECS roots moved to their obvious leaf, the rest under `json`. */
function genericFields(record: Record<string, unknown>): DraftFields {
  const fields: DraftFields = {};
  const extra: Record<string, unknown> = {};
  const expanded = expandDottedKeys(record);
  for (const key of Object.keys(expanded)) {
    const value = expanded[key];
    if (key === 'organization' || key === 'vigil' || key === '@timestamp') continue;
    if (!ECS_ROOTS.has(key)) {
      setOwn(extra, key, value);
      if (typeof value === 'string' || typeof value === 'number') applyKvField(fields, key, String(value));
      continue;
    }
    if (key === 'message' || key === 'tags' || key === 'labels' || key === 'related' || isRecord(value)) {
      const current = fields[key];
      fields[key] = isRecord(current) && isRecord(value) ? { ...current, ...value } : value;
    } else if (value !== null && Object.hasOwn(SCALAR_HOME, key)) {
      const current = fields[key];
      fields[key] = { ...(isRecord(current) ? current : {}), [SCALAR_HOME[key]]: value };
    } else {
      setOwn(extra, key, value);
    }
  }
  if (isRecord(fields.event)) {
    fields.event = Object.fromEntries(
      Object.entries(fields.event).filter(([key]) => !STRIPPED_EVENT_KEYS.includes(key)),
    );
  }
  const message: unknown = fields.message;
  if (typeof message !== 'string') {
    if (message !== undefined) extra.message = message;
    delete fields.message;
    for (const key of MESSAGE_KEYS) {
      const candidate = record[key];
      if (typeof candidate === 'string') {
        fields.message = candidate;
        break;
      }
    }
  }
  if (Object.keys(extra).length > 0) fields.json = extra;
  return fields;
}

/** NXLog (`im_msvistalog` → `om_json`): flat record, EventData fields at the top level. */
function nxlogFields(record: Record<string, unknown>): DraftFields {
  const { winlog, nxlog, level } = winlogFromNxlog(record);
  const fields: DraftFields = { winlog, nxlog };
  if (typeof record.Message === 'string') fields.message = record.Message;
  if (level !== undefined) fields.log = { level };
  return fields;
}

function isNxlogWindows(record: Record<string, unknown>): boolean {
  return record.EventID !== undefined && (record.Channel !== undefined || record.SourceName !== undefined);
}

/**
 * JSON objects: generic (ECS-shaped or flat), Winlogbeat (`winlog.*` already) and NXLog Windows
 * events (flat `EventID`, `Hostname`, `Channel` + EventData). Windows events always keep their
 * EventData under `winlog.event_data.*` and get event.code, host, user, process and network fields.
 */
export function parseJson(text: string, context: ParserContext): DraftSuccess | FormatFailure {
  const parsed = parseJsonObject(text, context.maxJsonDepth);
  if (!parsed.ok) return parsed;
  const record = parsed.value;
  const windows = isNxlogWindows(record);
  const fields = windows ? nxlogFields(record) : genericFields(record);
  if (isRecord(fields.winlog)) enrichWindowsEvent(fields);
  const draft: EventDraft = { fields };
  // Windows: TimeCreated is the event's own zoned time; NXLog's EventTime is local; @timestamp is the shipper's.
  const keys = windows ? ['TimeCreated', 'EventTime', '@timestamp'] : TIME_KEYS;
  for (const key of keys) {
    const time = Object.hasOwn(record, key) ? timeOf(record[key], context) : undefined;
    if (time !== undefined) {
      draft.time = time.ms;
      draft.zoneAssumed = time.zoneAssumed;
      break;
    }
  }
  return { ok: true, draft };
}

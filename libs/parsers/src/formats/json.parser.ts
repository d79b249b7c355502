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
/**
 * Windows: TimeCreated is the event's own zoned time, Sysmon's UtcTime is UTC though it carries no
 * zone, NXLog's EventTime is the host's local time (whatever zone the host is in), @timestamp the shipper's.
 */
const WINDOWS_TIME_KEYS = ['TimeCreated', 'UtcTime', 'EventTime', '@timestamp'];
/** Keys whose zone-less value is UTC by definition. */
const UTC_KEYS = new Set(['UtcTime']);
const MESSAGE_KEYS = ['message', 'msg', 'Message', 'log'];
const STRIPPED_EVENT_KEYS = ['id', 'original', 'ingested'];

function timeOf(value: unknown, timezone: string, now: number): ParsedTime | undefined {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value === 'string') return parseAnyTimestamp(value, timezone, now);
  return undefined;
}

/**
 * The record's time: the first key (in order of preference) whose value says its zone; only when
 * none does, the first zone-less one read in the agency's zone. A host's local time read in the
 * agency's zone is hours off when the host is elsewhere, so it is the last resort.
 */
function recordTime(
  record: Record<string, unknown>,
  keys: readonly string[],
  context: ParserContext,
): (ParsedTime & { key: string }) | undefined {
  let local: (ParsedTime & { key: string }) | undefined;
  for (const key of keys) {
    if (!Object.hasOwn(record, key)) continue;
    const utc = UTC_KEYS.has(key);
    const time = timeOf(record[key], utc ? 'UTC' : context.timezone, context.now);
    if (time === undefined) continue;
    if (utc || !time.zoneAssumed) return { ms: time.ms, zoneAssumed: false, key };
    local ??= { ...time, key };
  }
  return local;
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
  const time = recordTime(record, windows ? WINDOWS_TIME_KEYS : TIME_KEYS, context);
  if (time !== undefined) {
    draft.time = time.ms;
    draft.zoneAssumed = time.zoneAssumed;
    draft.timeSource = time.key;
  }
  return { ok: true, draft };
}

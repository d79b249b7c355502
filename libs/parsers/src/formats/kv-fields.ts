import { setOwn, type DraftFields, type EventDraft, type ParserContext } from '../event-draft';
import { parseAnyTimestamp, parseEpoch, type ParsedTime } from '../time/timestamp';
import { applyAuditdFields } from './auditd-fields';
import { setAction, setAddress, setEndpointUser, setPort, setTransport } from './network-fields';

type Apply = (fields: DraftFields, value: string) => void;

function aliases(names: readonly string[], apply: Apply): [string, Apply][] {
  return names.map((name) => [name, apply]);
}

function setBytes(side: 'source' | 'destination'): Apply {
  return (fields, value) => {
    if (/^\d{1,15}$/.test(value)) fields[side] = { ...fields[side], bytes: Number(value) };
  };
}

/** Firewall and appliance key names (FortiGate, pfSense, iptables, Sophos, generic) → ECS; keys lower-cased. */
const KV_FIELDS = new Map<string, Apply>([
  ...aliases(
    [
      'src',
      'srcip',
      'src_ip',
      'source_ip',
      'sip',
      'srcaddr',
      'src_addr',
      'client_ip',
      'clientip',
      'remote_addr',
    ],
    (f, v) => {
      setAddress(f, 'source', v);
    },
  ),
  ...aliases(['srcport', 'src_port', 'spt', 'sport', 'source_port', 'sourceport'], (f, v) => {
    setPort(f, 'source', v);
  }),
  ...aliases(
    ['dst', 'dstip', 'dst_ip', 'dest', 'dest_ip', 'destination_ip', 'dip', 'dstaddr', 'dst_addr'],
    (f, v) => {
      setAddress(f, 'destination', v);
    },
  ),
  ...aliases(['dstport', 'dst_port', 'dpt', 'dport', 'dest_port', 'destport', 'destination_port'], (f, v) => {
    setPort(f, 'destination', v);
  }),
  ...aliases(['proto', 'protocol', 'transport'], (f, v) => {
    setTransport(f, v);
  }),
  ...aliases(['action', 'act'], (f, v) => {
    setAction(f, v);
  }),
  ...aliases(['user', 'username', 'usr', 'srcuser', 'user_name', 'usrname', 'login'], (f, v) => {
    if (v !== '' && v !== '-' && v !== 'N/A') f.user = { ...f.user, name: v };
  }),
  ...aliases(['dstuser'], (f, v) => {
    setEndpointUser(f, 'destination', v);
  }),
  ...aliases(['devname', 'hostname', 'device_name', 'devicename'], (f, v) => {
    if (v !== '') f.host = { ...f.host, name: v, hostname: v };
  }),
  ...aliases(['msg', 'message'], (f, v) => {
    if (v !== '') f.message = v;
  }),
  ...aliases(['level', 'loglevel'], (f, v) => {
    if (v !== '') f.log = { ...f.log, level: v.toLowerCase() };
  }),
  ...aliases(['sentbyte', 'bytes_sent', 'sent_bytes', 'bytesout'], setBytes('source')),
  ...aliases(['rcvdbyte', 'bytes_received', 'rcvd_bytes', 'bytesin'], setBytes('destination')),
  ...aliases(['policyid', 'rule_id', 'ruleid'], (f, v) => {
    f.rule = { ...(f.rule as object | undefined), id: v };
  }),
  ...aliases(['policyname', 'rule', 'rulename', 'rule_name'], (f, v) => {
    f.rule = { ...(f.rule as object | undefined), name: v };
  }),
]);

/** Applies one pair when its key is a known alias; returns whether it was. */
export function applyKvField(fields: DraftFields, key: string, value: string): boolean {
  const apply = KV_FIELDS.get(key.toLowerCase());
  if (apply === undefined) return false;
  apply(fields, value);
  return true;
}

function pick(pairs: ReadonlyMap<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = pairs.get(name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The event time from `eventtime` (epoch), `date`+`time`(+`tz`), or a timestamp-like key. Keys lower-cased. */
export function kvTime(
  pairs: ReadonlyMap<string, string>,
  timezone: string,
  now: number,
): ParsedTime | undefined {
  const epoch = pick(pairs, ['eventtime', 'epoch', 'unixtime']);
  if (epoch !== undefined && /^\d{9,19}$/.test(epoch)) {
    const parsed = parseEpoch(Number(epoch));
    if (parsed !== undefined) return parsed;
  }
  const date = pairs.get('date');
  const time = pairs.get('time');
  if (date !== undefined && time !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const tz = pairs.get('tz');
    const zone = tz !== undefined && /^[+-]\d{2}:?\d{2}$/.test(tz) ? tz : '';
    const parsed = parseAnyTimestamp(`${date}T${time}${zone}`, timezone, now);
    if (parsed !== undefined) return parsed;
  }
  const stamp = pick(pairs, ['@timestamp', 'timestamp', 'datetime', 'time', 'logtime', 'devtime', 'ts']);
  return stamp === undefined ? undefined : parseAnyTimestamp(stamp, timezone, now);
}

/**
 * Applies all pairs: known keys → ECS, every pair kept under `kv` (dots in keys become `_`), a
 * network category when addresses were found, and the time when the draft has none yet.
 */
export function applyKvPairs(
  draft: EventDraft,
  pairs: readonly [string, string][],
  context: ParserContext,
): void {
  const fields = draft.fields;
  const raw: Record<string, string> = {};
  const lowered = new Map<string, string>();
  const message = fields.message;
  for (const [key, value] of pairs) {
    setOwn(raw, key.includes('.') ? key.replaceAll('.', '_') : key, value);
    lowered.set(key.toLowerCase(), value);
    applyKvField(fields, key, value);
  }
  if (message !== undefined) fields.message = message;
  fields.kv = raw;
  applyAuditdFields(draft, lowered);
  if (fields.source !== undefined || fields.destination !== undefined) {
    fields.event = {
      kind: 'event',
      category: ['network'],
      ...fields.event,
      type: ['connection', ...(fields.event?.type ?? [])],
    };
  }
  if (draft.time === undefined) {
    const time = kvTime(lowered, context.timezone, context.now);
    if (time !== undefined) {
      draft.time = time.ms;
      draft.zoneAssumed = time.zoneAssumed;
    }
  }
}

import type { DraftFields } from '../event-draft';
import { child, setOwn } from '../event-draft';
import { setAction, setAddress, setEndpointUser, setPort, setTransport } from './network-fields';

type Apply = (fields: DraftFields, value: string) => void;

function intOrUndefined(value: string): number | undefined {
  return /^-?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function setNumber(path: readonly string[]): Apply {
  return (fields, value) => {
    const number = intOrUndefined(value);
    if (number === undefined) return;
    let target: Record<string, unknown> = fields;
    for (const key of path.slice(0, -1)) target = child(target, key);
    target[path[path.length - 1]] = number;
  };
}

function setString(path: readonly string[]): Apply {
  return (fields, value) => {
    if (value === '') return;
    let target: Record<string, unknown> = fields;
    for (const key of path.slice(0, -1)) target = child(target, key);
    target[path[path.length - 1]] = value;
  };
}

function setOutcome(fields: DraftFields, value: string): void {
  const lowered = value.toLowerCase();
  const outcome =
    lowered.startsWith('succ') || lowered === 'allow'
      ? 'success'
      : lowered.startsWith('fail') || lowered === 'deny'
        ? 'failure'
        : undefined;
  if (outcome !== undefined) fields.event = { ...fields.event, outcome };
}

/** CEF dictionary keys (short and long names) → ECS, as Filebeat's CEF module maps them. */
const CEF_FIELDS: Readonly<Record<string, Apply>> = {
  src: (f, v) => {
    setAddress(f, 'source', v);
  },
  sourceAddress: (f, v) => {
    setAddress(f, 'source', v);
  },
  dst: (f, v) => {
    setAddress(f, 'destination', v);
  },
  destinationAddress: (f, v) => {
    setAddress(f, 'destination', v);
  },
  shost: setString(['source', 'domain']),
  dhost: setString(['destination', 'domain']),
  spt: (f, v) => {
    setPort(f, 'source', v);
  },
  sourcePort: (f, v) => {
    setPort(f, 'source', v);
  },
  dpt: (f, v) => {
    setPort(f, 'destination', v);
  },
  destinationPort: (f, v) => {
    setPort(f, 'destination', v);
  },
  smac: setString(['source', 'mac']),
  dmac: setString(['destination', 'mac']),
  suser: (f, v) => {
    setEndpointUser(f, 'source', v);
  },
  duser: (f, v) => {
    setEndpointUser(f, 'destination', v);
  },
  suid: setString(['source', 'user', 'id']),
  duid: setString(['destination', 'user', 'id']),
  in: setNumber(['source', 'bytes']),
  out: setNumber(['destination', 'bytes']),
  act: (f, v) => {
    setAction(f, v);
  },
  outcome: setOutcome,
  proto: (f, v) => {
    setTransport(f, v);
  },
  app: setString(['network', 'protocol']),
  request: setString(['url', 'original']),
  requestMethod: setString(['http', 'request', 'method']),
  requestClientApplication: setString(['user_agent', 'original']),
  msg: setString(['message']),
  dvchost: setString(['observer', 'hostname']),
  dvc: setString(['observer', 'ip']),
  deviceExternalId: setString(['observer', 'serial_number']),
  sproc: setString(['process', 'name']),
  spid: setNumber(['process', 'pid']),
  dproc: setString(['process', 'name']),
  dpid: setNumber(['process', 'pid']),
  fname: setString(['file', 'name']),
  filePath: setString(['file', 'path']),
  fsize: setNumber(['file', 'size']),
  fileHash: setString(['file', 'hash', 'sha256']),
  cat: setString(['event', 'dataset']),
  reason: setString(['event', 'reason']),
  cnt: setNumber(['event', 'count']),
  externalId: setString(['event', 'reference']),
};

/** Applies one extension pair when the key is a standard one. */
export function applyCefField(fields: DraftFields, key: string, value: string): void {
  if (!Object.hasOwn(CEF_FIELDS, key)) return;
  CEF_FIELDS[key](fields, value);
  if (key === 'duser' || key === 'suser') {
    const sourceUser = fields.source?.user?.name;
    const targetUser = fields.destination?.user?.name;
    // The acting user is the source user; the destination user is the account acted on.
    fields.user = sourceUser === undefined ? { name: targetUser } : { name: sourceUser };
    if (sourceUser !== undefined && targetUser !== undefined) fields.user.target = { name: targetUser };
  }
  if (key === 'dvchost' && value !== '') fields.host = { ...fields.host, name: value, hostname: value };
}

const LABELLED =
  /^(cs[1-6]|cn[1-3]|cfp[1-4]|flexString[12]|flexNumber[12]|deviceCustomDate[12]|flexDate1|c6a[1-4])$/;

/** `cs1Label=Rule cs1=Block SMB` → `{ Rule: 'Block SMB' }` (dots in labels become `_`). */
export function applyCustomLabels(pairs: readonly [string, string][]): Record<string, string> | undefined {
  const values = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (key.endsWith('Label')) labels.set(key.slice(0, -5), value);
    else if (LABELLED.test(key)) values.set(key, value);
  }
  let custom: Record<string, string> | undefined;
  for (const [key, value] of values) {
    const label = labels.get(key)?.trim().replaceAll('.', '_');
    if (label === undefined || label === '') continue;
    custom ??= {};
    setOwn(custom, label, value);
  }
  return custom;
}

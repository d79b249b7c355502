import type { DraftFields } from '../event-draft';
import { isRecord, setOwn, withoutUndefined } from '../event-draft';
import { setAddress, setPort } from './network-fields';

/** NXLog im_msvistalog fields that describe the record, not the event; everything else is EventData. */
const NXLOG_RECORD_FIELDS = new Set([
  'SourceName',
  'ProviderGuid',
  'Channel',
  'Hostname',
  'EventID',
  'RecordNumber',
  'Message',
  'TimeCreated',
  'EventTime',
  'EventReceivedTime',
  '@timestamp',
  '@version',
  'Task',
  'Category',
  'Opcode',
  'OpcodeValue',
  'Level',
  'Severity',
  'SeverityValue',
  'Keywords',
  'EventType',
  'EventTypeOrignal',
  'ExecutionProcessID',
  'ThreadID',
  'Version',
  'AccountName',
  'AccountType',
  'Domain',
  'UserID',
  'ActivityID',
  'RelatedActivityID',
  'SourceModuleName',
  'SourceModuleType',
  'ERROR_EVT_UNRESOLVED',
  'host',
  'port',
  'tags',
]);

const LEVELS: Readonly<Record<string, string>> = {
  '0': 'information',
  '1': 'critical',
  '2': 'error',
  '3': 'warning',
  '4': 'information',
  '5': 'verbose',
  info: 'information',
  warning: 'warning',
  error: 'error',
  critical: 'critical',
  debug: 'verbose',
};

/** Record fields that have a home in `winlog`/`message`/`@timestamp`, so they are not repeated under `nxlog`. */
const NXLOG_MAPPED = new Set([
  'SourceName',
  'ProviderGuid',
  'Channel',
  'Hostname',
  'EventID',
  'RecordNumber',
  'Message',
  'TimeCreated',
  'Category',
  'Opcode',
  'Version',
  'ActivityID',
  'RelatedActivityID',
  'ExecutionProcessID',
  'ThreadID',
  'UserID',
  'AccountName',
  'Domain',
  'AccountType',
]);

/** What a few well-known event ids mean, for ECS categorisation (Winlogbeat's security module does the same). */
const EVENT_KINDS: Readonly<Record<string, { category: string[]; type: string[]; action: string }>> = {
  'Security/4624': { category: ['authentication'], type: ['start'], action: 'logged-in' },
  'Security/4625': { category: ['authentication'], type: ['start'], action: 'logon-failed' },
  'Security/4634': { category: ['authentication'], type: ['end'], action: 'logged-out' },
  'Security/4648': { category: ['authentication'], type: ['start'], action: 'logged-in-explicit' },
  'Security/4688': { category: ['process'], type: ['start'], action: 'created-process' },
  'Security/4720': { category: ['iam'], type: ['user', 'creation'], action: 'added-user-account' },
  'Security/4768': {
    category: ['authentication'],
    type: ['start'],
    action: 'kerberos-authentication-ticket-requested',
  },
  'Security/4769': {
    category: ['authentication'],
    type: ['start'],
    action: 'kerberos-service-ticket-requested',
  },
  'Security/4776': { category: ['authentication'], type: ['start'], action: 'credential-validated' },
  'Sysmon/1': { category: ['process'], type: ['start'], action: 'Process Create' },
  'Sysmon/3': { category: ['network'], type: ['connection', 'start'], action: 'Network connection detected' },
  'Sysmon/11': { category: ['file'], type: ['creation'], action: 'File created' },
};

/** Event ids whose TargetUserName is the account that logs on, so it is the event's user. */
const TARGET_IS_USER = new Set(['4624', '4625', '4634', '4647', '4768', '4769', '4771', '4776']);

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Windows writes pids as decimal or `0x1a2b`. */
function pid(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (/^0x[0-9a-f]{1,8}$/i.test(raw)) return parseInt(raw.slice(2), 16);
  return /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/** NXLog's flat record → a Winlogbeat-shaped `winlog` object, plus the forwarder's own fields. */
export function winlogFromNxlog(record: Record<string, unknown>): {
  winlog: Record<string, unknown>;
  nxlog: Record<string, unknown>;
  level?: string;
} {
  const eventData: Record<string, unknown> = {};
  const nxlog: Record<string, unknown> = {};
  const sysmonEventType = record.EventTypeOrignal !== undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const isData = !NXLOG_RECORD_FIELDS.has(key) || (key === 'EventType' && sysmonEventType);
    if (!isData && NXLOG_MAPPED.has(key)) continue;
    const target = isData ? eventData : nxlog;
    setOwn(
      target,
      key,
      isData && (typeof value === 'number' || typeof value === 'boolean') ? String(value) : value,
    );
  }
  const winlog: Record<string, unknown> = {
    channel: text(record.Channel),
    provider_name: text(record.SourceName),
    provider_guid: text(record.ProviderGuid),
    event_id: text(record.EventID),
    record_id: text(record.RecordNumber),
    computer_name: text(record.Hostname),
    task: text(record.Category) ?? text(record.Task),
    opcode: text(record.Opcode),
    version: typeof record.Version === 'number' ? record.Version : undefined,
    activity_id: text(record.ActivityID),
    related_activity_id: text(record.RelatedActivityID),
    event_data: eventData,
  };
  const execPid = pid(record.ExecutionProcessID);
  if (execPid !== undefined) winlog.process = { pid: execPid, thread: { id: pid(record.ThreadID) } };
  if (record.UserID !== undefined || record.AccountName !== undefined) {
    winlog.user = {
      identifier: text(record.UserID),
      name: text(record.AccountName),
      domain: text(record.Domain),
      type: text(record.AccountType),
    };
  }
  const outcome = auditOutcome(
    text(sysmonEventType ? record.EventTypeOrignal : record.EventType) ?? text(record.Keywords),
  );
  if (outcome !== undefined) winlog.outcome = outcome;
  return {
    winlog: withoutUndefined(winlog),
    nxlog,
    level: text(record.Severity) ?? text(record.Level),
  };
}

/** NXLog EventType / Keywords, Winlogbeat outcome → success | failure. */
function auditOutcome(raw: string | undefined): 'success' | 'failure' | undefined {
  switch (raw?.toLowerCase() ?? '') {
    case 'audit_success':
    case '0x8020000000000000':
    case '-9214364837600035000': // 0x8020000000000000 as JSON number
    case 'success':
      return 'success';
    case 'audit_failure':
    case '0x8010000000000000':
    case '-9218868437227405000': // 0x8010000000000000 as JSON number
    case 'failure':
      return 'failure';
    default:
      return undefined;
  }
}

function outcomeOf(winlog: Record<string, unknown>): 'success' | 'failure' | undefined {
  const keywords = Array.isArray(winlog.keywords) ? winlog.keywords.map((k) => String(k).toLowerCase()) : [];
  if (keywords.includes('audit success')) return 'success';
  if (keywords.includes('audit failure')) return 'failure';
  return auditOutcome(text(winlog.outcome));
}

function setUsers(fields: DraftFields, eventId: string, data: Record<string, unknown>): void {
  const subject = text(data.SubjectUserName);
  const target = text(data.TargetUserName);
  const sysmonUser = text(data.User);
  if (TARGET_IS_USER.has(eventId) && target !== undefined) {
    fields.user = { name: target, domain: text(data.TargetDomainName), id: text(data.TargetUserSid) };
  } else if (subject !== undefined) {
    fields.user = { name: subject, domain: text(data.SubjectDomainName), id: text(data.SubjectUserSid) };
    if (target !== undefined) fields.user.target = { name: target };
  } else if (sysmonUser !== undefined) {
    const slash = sysmonUser.indexOf('\\');
    fields.user =
      slash === -1
        ? { name: sysmonUser }
        : { domain: sysmonUser.slice(0, slash), name: sysmonUser.slice(slash + 1) };
  } else if (target !== undefined) {
    fields.user = { name: target, domain: text(data.TargetDomainName) };
  }
  if (fields.user !== undefined) fields.user = withoutUndefined(fields.user);
}

function setProcess(fields: DraftFields, data: Record<string, unknown>): void {
  // 4688 names the new process New*; its ProcessId/ParentProcessName are the creator.
  const created = data.NewProcessName !== undefined || data.NewProcessId !== undefined;
  const executable = created
    ? text(data.NewProcessName)
    : (text(data.Image) ?? text(data.ProcessName) ?? text(data.Application));
  const processId = pid(created ? data.NewProcessId : (data.ProcessId ?? data.ProcessID));
  const commandLine = text(data.CommandLine);
  if (executable === undefined && processId === undefined && commandLine === undefined) return;
  fields.process = {};
  if (executable !== undefined) {
    fields.process.executable = executable;
    fields.process.name = basename(executable);
  }
  if (processId !== undefined) fields.process.pid = processId;
  if (commandLine !== undefined) fields.process.command_line = commandLine;
  const parentImage = text(data.ParentImage) ?? text(data.ParentProcessName);
  const parentPid = pid(created ? data.ProcessId : data.ParentProcessId);
  const parentCommandLine = text(data.ParentCommandLine);
  if (parentImage !== undefined || parentPid !== undefined) {
    fields.process.parent = {
      ...(parentImage === undefined ? {} : { executable: parentImage, name: basename(parentImage) }),
      ...(parentPid === undefined ? {} : { pid: parentPid }),
      ...(parentCommandLine === undefined ? {} : { command_line: parentCommandLine }),
    };
  }
}

function setNetwork(fields: DraftFields, data: Record<string, unknown>): void {
  const pairs: [unknown, unknown, 'source' | 'destination'][] = [
    [data.SourceIp ?? data.SourceAddress ?? data.IpAddress, data.SourcePort ?? data.IpPort, 'source'],
    [data.DestinationIp ?? data.DestAddress, data.DestinationPort ?? data.DestPort, 'destination'],
  ];
  for (const [address, port, side] of pairs) {
    const ip = text(address);
    if (ip !== undefined) setAddress(fields, side, ip);
    const portText = text(port);
    if (portText !== undefined && fields[side] !== undefined) setPort(fields, side, portText);
  }
}

/**
 * EventData names lose their spaces (Defender's `Threat Name`, `Source Name`, `Process Name`):
 * Sigma rules, SigmaHQ's among them, name these fields `ThreatName`, `SourceName`, `ProcessName`.
 * A name already present without spaces keeps its value; the spaced one then stays as it is.
 */
function compactEventDataNames(data: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(data).some((key) => /\s/.test(key))) return data;
  const compacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const compact = key.replace(/\s+/g, '');
    const name = compact !== '' && compact !== key && !Object.hasOwn(data, compact) ? compact : key;
    setOwn(compacted, name, value);
  }
  return compacted;
}

/** ECS fields every Windows event gets from its `winlog` object: code, host, user, process, network. */
export function enrichWindowsEvent(fields: DraftFields): void {
  const winlog = fields.winlog;
  if (!isRecord(winlog)) return;
  const eventId = text(winlog.event_id) ?? '';
  winlog.event_id = eventId;
  const channel = text(winlog.channel) ?? '';
  if (isRecord(winlog.event_data)) winlog.event_data = compactEventDataNames(winlog.event_data);
  const data = isRecord(winlog.event_data) ? winlog.event_data : {};
  const channelKey =
    channel.toLowerCase() === 'security' ? 'Security' : channel.includes('Sysmon') ? 'Sysmon' : channel;
  const known = EVENT_KINDS[`${channelKey}/${eventId}`] as (typeof EVENT_KINDS)[string] | undefined;
  const outcome = outcomeOf(winlog);
  fields.event = {
    kind: 'event',
    code: eventId === '' ? undefined : eventId,
    provider: text(winlog.provider_name),
    module: channelKey === 'Sysmon' ? 'sysmon' : channelKey === 'Security' ? 'security' : 'windows',
    ...(known === undefined ? {} : { category: known.category, type: known.type, action: known.action }),
    ...(outcome === undefined ? {} : { outcome }),
    ...fields.event,
  };
  const computer = text(winlog.computer_name);
  if (computer !== undefined && fields.host?.name === undefined)
    fields.host = { ...fields.host, name: computer, hostname: computer };
  if (fields.user === undefined) setUsers(fields, eventId, data);
  if (fields.process === undefined) setProcess(fields, data);
  if (fields.source === undefined && fields.destination === undefined) setNetwork(fields, data);
  const level = text(fields.log?.level);
  if (level !== undefined)
    fields.log = { ...fields.log, level: LEVELS[level.toLowerCase()] ?? level.toLowerCase() };
}

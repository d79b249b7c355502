import type { EventDraft } from '../event-draft';

const AUDIT_MSG_RE = /^audit\((\d{1,12})\.(\d{3}):(\d{1,20})\):?$/;

function int(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

function clean(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '(null)' || value === '?' ? undefined : value;
}

/**
 * Linux auditd records (`type=SYSCALL msg=audit(1604994496.155:92733): … pid=… comm="arp"`):
 * the time inside `msg`, the record type and sequence, and the process and user fields. The raw
 * pairs stay under `kv` for rules written against auditd's own field names. Keys lower-cased.
 */
export function applyAuditdFields(draft: EventDraft, pairs: ReadonlyMap<string, string>): boolean {
  const type = pairs.get('type');
  const audit = AUDIT_MSG_RE.exec(pairs.get('msg') ?? '');
  if (type === undefined || audit === null) return false;
  const fields = draft.fields;
  draft.time = Number(audit[1]) * 1000 + Number(audit[2]);
  draft.zoneAssumed = false;
  if (fields.message?.startsWith('audit(') === true) delete fields.message;
  fields.auditd = { type, sequence: Number(audit[3]) };
  const success = pairs.get('success') ?? pairs.get('res');
  const outcome =
    success === 'yes' || success === 'success'
      ? 'success'
      : success === 'no' || success === 'failed'
        ? 'failure'
        : undefined;
  fields.event = {
    ...fields.event,
    module: 'auditd',
    action: type.toLowerCase(),
    ...(outcome ? { outcome } : {}),
  };
  const pid = int(pairs.get('pid'));
  const ppid = int(pairs.get('ppid'));
  const name = clean(pairs.get('comm'));
  const executable = clean(pairs.get('exe'));
  if (pid !== undefined || name !== undefined || executable !== undefined) {
    fields.process = {
      ...fields.process,
      ...(pid === undefined ? {} : { pid }),
      ...(name === undefined ? {} : { name }),
      ...(executable === undefined ? {} : { executable }),
      ...(ppid === undefined ? {} : { parent: { pid: ppid } }),
    };
  }
  const uid = clean(pairs.get('uid'));
  if (uid !== undefined) fields.user = { ...fields.user, id: uid };
  return true;
}

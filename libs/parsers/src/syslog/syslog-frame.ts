import { isIP } from 'node:net';
import type { EcsSyslog } from '@vigil/contracts';
import type { EventDraft, ParserContext } from '../event-draft';
import { enrichLinuxAuth } from '../enrich/linux-auth.enricher';
import { enrichKvPayload } from '../enrich/kv-payload.enricher';
import type { ParsedTime } from '../time/timestamp';

/** A syslog header taken apart, before its payload is interpreted (plain text, CEF or LEEF). */
export interface SyslogFrame {
  readonly syslog: EcsSyslog;
  readonly time?: ParsedTime;
  /** The payload after the header. */
  readonly message: string;
  /** 0-based index of the payload in the line. */
  readonly messageIndex: number;
}

/** The ECS fields a syslog header carries: host, process, log.syslog. */
export function frameFields(frame: SyslogFrame): EventDraft {
  const { syslog } = frame;
  const draft: EventDraft = {
    fields: { log: { syslog } },
    time: frame.time?.ms,
    zoneAssumed: frame.time?.zoneAssumed,
  };
  if (syslog.severity?.name !== undefined && draft.fields.log) draft.fields.log.level = syslog.severity.name;
  if (syslog.hostname !== undefined) {
    draft.fields.host = { name: syslog.hostname, hostname: syslog.hostname };
    if (isIP(syslog.hostname) !== 0) draft.fields.host.ip = [syslog.hostname];
  }
  if (syslog.appname !== undefined) {
    draft.fields.process = { name: syslog.appname };
    if (syslog.procid !== undefined && /^\d{1,10}$/.test(syslog.procid))
      draft.fields.process.pid = Number(syslog.procid);
  }
  return draft;
}

/** A plain-text syslog event: header fields, the message, and what the message says (sshd, sudo…). */
export function syslogDraft(frame: SyslogFrame, context: ParserContext): EventDraft {
  const draft = frameFields(frame);
  if (frame.message !== '') draft.fields.message = frame.message;
  if (!enrichLinuxAuth(draft.fields, frame.syslog.appname, frame.message)) {
    enrichKvPayload(draft, frame.message, context);
  }
  return draft;
}

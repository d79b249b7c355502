/**
 * The normalized event: Elastic Common Schema field names, as nested objects
 * (`{ source: { ip } }`, never the dotted key `"source.ip"`). Source-specific fields are kept
 * (Windows event data under `winlog.event_data.*`, as Winlogbeat does). `event.original`, the raw
 * text, is always present. Drill traffic carries `vigil.drill.run_id`.
 */
export interface NormalizedEvent {
  '@timestamp': string;
  event: EcsEventField;
  organization: { id: string; name?: string };
  message?: string;
  host?: { name?: string; hostname?: string; ip?: string[]; os?: Record<string, unknown> };
  source?: EcsEndpoint;
  destination?: EcsEndpoint;
  user?: { name?: string; id?: string; domain?: string; target?: { name?: string } };
  process?: {
    name?: string;
    pid?: number;
    executable?: string;
    command_line?: string;
    parent?: Record<string, unknown>;
  };
  log?: { level?: string; syslog?: EcsSyslog; file?: { path?: string } };
  url?: { original?: string; path?: string; query?: string; domain?: string };
  http?: {
    request?: { method?: string; referrer?: string; bytes?: number };
    response?: { status_code?: number; bytes?: number };
    version?: string;
  };
  user_agent?: { original?: string };
  vigil?: VigilEventFields;
  [field: string]: unknown;
}

export interface EcsEventField {
  /** Unique id: client-supplied (idempotent resubmission) or generated at ingest. */
  id: string;
  /** The raw text as received; always kept. */
  original: string;
  /** ISO-8601 UTC time Vigil received the event. */
  ingested: string;
  kind?: 'event' | 'alert' | 'metric' | 'state' | 'pipeline_error' | 'signal';
  category?: string[];
  type?: string[];
  action?: string;
  outcome?: 'success' | 'failure' | 'unknown';
  dataset?: string;
  module?: string;
  provider?: string;
  code?: string;
  severity?: number;
  created?: string;
  timezone?: string;
}

export interface EcsEndpoint {
  ip?: string;
  port?: number;
  address?: string;
  domain?: string;
  bytes?: number;
  user?: { name?: string };
}

export interface EcsSyslog {
  facility?: { code?: number; name?: string };
  severity?: { code?: number; name?: string };
  priority?: number;
  hostname?: string;
  appname?: string;
  procid?: string;
  msgid?: string;
  version?: string;
  structured_data?: Record<string, Record<string, string>>;
}

export interface VigilEventFields {
  /** The parser that produced this event (rfc5424, rfc3164, cef, leef, json, access, kv). */
  format?: string;
  /** The input the event came through: http, syslog-udp, syslog-tcp, syslog-tls, replay. */
  input?: string;
  drill?: { run_id: string };
  [field: string]: unknown;
}

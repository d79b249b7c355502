import type { EcsSyslog } from '@vigil/contracts';

const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];
const SEVERITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

export type PriorityScan =
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid'; readonly reason: string; readonly column: number }
  | { readonly kind: 'found'; readonly priority: number; readonly end: number };

/** Reads `<PRI>` at `start`: 1–3 digits, 0–191, no leading zeros (RFC 5424 §6.2.1). */
export function scanPriority(text: string, start = 0): PriorityScan {
  if (text.charCodeAt(start) !== 60 /* < */) return { kind: 'absent' };
  let i = start + 1;
  while (i < text.length && i - start <= 4 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const digits = text.slice(start + 1, i);
  if (text.charCodeAt(i) !== 62 /* > */ || digits.length === 0) {
    return { kind: 'invalid', reason: 'syslog PRI: expected "<" 1-3 digits ">"', column: i + 1 };
  }
  const priority = Number(digits);
  if (digits.length > 3 || priority > 191 || (digits.length > 1 && digits.startsWith('0'))) {
    return { kind: 'invalid', reason: `syslog PRI: ${digits} is not a priority 0-191`, column: start + 2 };
  }
  return { kind: 'found', priority, end: i + 1 };
}

/** The ECS `log.syslog` facility, severity and priority for a PRI value. */
export function describePriority(priority: number): EcsSyslog {
  const facility = priority >> 3;
  const severity = priority & 7;
  return {
    priority,
    facility: { code: facility, name: FACILITIES[facility] },
    severity: { code: severity, name: SEVERITIES[severity] },
  };
}

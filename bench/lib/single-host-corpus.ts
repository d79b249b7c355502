/**
 * Single-host traffic for the detection benchmark: everything comes from one host, so ingestion
 * keys it to one partition of vigil.events.v1 and one detection consumer evaluates it in order.
 * - sshd burst: a Linux server under SSH password guessing by a few hundred sources at once,
 *   each attempt in the line shapes OpenSSH and pam_unix really log (RFC 5424 syslog, as
 *   rsyslog forwards them), with the current time so the correlation windows are live ones.
 * - domain-controller mix: the OTRF Security-Datasets samples (Security, Sysmon, PowerShell …),
 *   all re-stamped as one Windows host at the current time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attackerAddress } from './detection-corpus';

export const SSHD_HOST = 'bastion01.so-tttt.gov.vn';
export const DC_HOST = 'DC01.so-tttt.gov.vn';

/** Lines per attempt; each attempt's failure lines (counted by Vigil's "SSH authentication failure"). */
const LINES_PER_ATTEMPT = 4;
const USERS = ['admin', 'test', 'oracle', 'ubuntu', 'postgres', 'user', 'guest', 'git', 'ftpuser', 'support'];

export interface SshdBurst {
  /** Attacking sources active at once. */
  sources: number;
  /** Attempts each source makes before a fresh source takes its place. */
  attemptsPerSource: number;
}

interface SshdLine {
  source: string;
  failure: boolean;
  text: string;
}

function sshdLine(n: number, burst: SshdBurst): SshdLine {
  const attempt = Math.floor(n / LINES_PER_ATTEMPT);
  const step = n % LINES_PER_ATTEMPT;
  const slot = attempt % burst.sources;
  const round = Math.floor(attempt / burst.sources);
  const generation = Math.floor(round / burst.attemptsPerSource);
  const source = attackerAddress(generation * burst.sources + slot, 17);
  const port = 30000 + ((attempt * 7) % 30000);
  const pid = 10000 + (attempt % 50000);
  const invalid = round % 2 === 0;
  const user = invalid ? `${USERS[attempt % USERS.length]}${attempt % 7}` : 'root';
  const rhost = `logname= uid=0 euid=0 tty=ssh ruser= rhost=${source}`;
  const [message, failure] = invalid
    ? (
        [
          [`Invalid user ${user} from ${source} port ${port}`, true],
          [`pam_unix(sshd:auth): authentication failure; ${rhost}`, true],
          [`Failed password for invalid user ${user} from ${source} port ${port} ssh2`, true],
          [`Connection closed by invalid user ${user} ${source} port ${port} [preauth]`, false],
        ] as const
      )[step]
    : (
        [
          [`pam_unix(sshd:auth): authentication failure; ${rhost}  user=root`, true],
          [`Failed password for root from ${source} port ${port} ssh2`, true],
          [`Received disconnect from ${source} port ${port}:11: Bye Bye [preauth]`, false],
          [`Disconnected from authenticating user root ${source} port ${port} [preauth]`, false],
        ] as const
      )[step];
  return {
    source,
    failure,
    text: `<38>1 ${new Date().toISOString()} ${SSHD_HOST} sshd ${pid} - - ${message}`,
  };
}

export function sshdBurstLine(n: number, burst: SshdBurst): string {
  return sshdLine(n, burst).text;
}

/**
 * Brute-force alerts the first `lines` lines must raise: ten failures from one source within
 * five minutes fire, and the next alert for that source needs ten more (reset after fire).
 */
export function expectedSshdAlerts(lines: number, burst: SshdBurst): number {
  const failures = new Map<string, number>();
  for (let n = 0; n < lines; n++) {
    const line = sshdLine(n, burst);
    if (line.failure) failures.set(line.source, (failures.get(line.source) ?? 0) + 1);
  }
  let alerts = 0;
  for (const count of failures.values()) alerts += Math.floor(count / 10);
  return alerts;
}

const NOW = '\u0000now\u0000';
const NOW_SPACED = '\u0000now-spaced\u0000';

/** The OTRF samples as templates: one Windows host, times filled in per line. */
export function domainControllerTemplates(samplesDir: string): string[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-dc-mix-'));
  try {
    const zips = readdirSync(samplesDir, { recursive: true, withFileTypes: true }).filter(
      (entry) => entry.isFile() && entry.name.endsWith('.zip') && entry.parentPath.includes('windows'),
    );
    for (const zip of zips)
      execFileSync('unzip', ['-o', '-q', path.join(zip.parentPath, zip.name), '-d', dir]);
    const templates: string[][] = [];
    for (const file of readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const event = JSON.parse(line) as Record<string, unknown>;
        event.Hostname = DC_HOST;
        event['@timestamp'] = NOW;
        if ('TimeCreated' in event) event.TimeCreated = NOW;
        if ('UtcTime' in event) event.UtcTime = NOW_SPACED;
        templates.push(JSON.stringify(event).split(/\\u0000now(?:-spaced)?\\u0000/));
      }
    }
    return templates;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function domainControllerLine(n: number, templates: readonly string[][]): string {
  const iso = new Date().toISOString();
  const spaced = iso.replace('T', ' ').replace('Z', '');
  const parts = templates[n % templates.length];
  let line = parts[0];
  // UtcTime is the one field written with a space; the others take ISO time
  for (let index = 1; index < parts.length; index++)
    line += (parts[index - 1].endsWith('"UtcTime":"') ? spaced : iso) + parts[index];
  return line;
}

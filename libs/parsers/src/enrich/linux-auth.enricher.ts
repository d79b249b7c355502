import { isIP } from 'node:net';
import { withoutUndefined, type DraftFields } from '../event-draft';
import { group } from '../text/regex-group';

// Each pattern is anchored and uses \S / bounded classes only, so a hostile message stays linear.
const SSHD_AUTH_RE =
  /^(Accepted|Failed) (password|publickey|keyboard-interactive\/pam|keyboard-interactive|none|gssapi-with-mic|hostbased) for (invalid user )?(\S*) from (\S+) port (\d{1,5})/;
const SSHD_INVALID_RE = /^Invalid user (\S*) from (\S+)(?: port (\d{1,5}))?/;
const PAM_FAILURE_RE = /^pam_unix\(([^:)\s]{1,64}):auth\): authentication failure;/;
/** Linux-PAM before 0.99 put the module in the tag: `sshd(pam_unix)[19939]: authentication failure; …`. */
const LEGACY_PAM_TAG_RE = /^([^()\s]{1,64})\(pam_unix\)$/;
const LEGACY_PAM_FAILURE = 'authentication failure;';
const PAM_SESSION_RE = /^pam_unix\(([^:)\s]{1,64}):session\): session (opened|closed) for user ([^\s(]+)/;
const REPEATED_RE = /^message repeated \d{1,9} times: \[ ?(.*?) ?\]$/;

function setSource(fields: DraftFields, address: string, port?: string): void {
  fields.source = isIP(address) === 0 ? { address, domain: address } : { address, ip: address };
  if (port !== undefined) fields.source.port = Number(port);
}

/** `key=value` pairs of a pam_unix failure line (`… rhost=1.2.3.4  user=root`). */
function pamValue(message: string, key: string): string | undefined {
  const at = message.indexOf(` ${key}=`);
  if (at === -1) return undefined;
  const start = at + key.length + 2;
  const end = message.indexOf(' ', start);
  const value = message.slice(start, end === -1 ? message.length : end);
  return value === '' ? undefined : value;
}

function enrichSshd(fields: DraftFields, message: string): boolean {
  const auth = SSHD_AUTH_RE.exec(message);
  if (auth !== null) {
    const success = auth[1] === 'Accepted';
    fields.event = {
      ...fields.event,
      category: ['authentication'],
      type: ['start'],
      action: 'ssh_login',
      outcome: success ? 'success' : 'failure',
    };
    if (auth[4] !== '') fields.user = { name: auth[4] };
    setSource(fields, auth[5], auth[6]);
    fields.ssh = { method: auth[2], invalid_user: group(auth, 3) !== undefined };
    return true;
  }
  const invalid = SSHD_INVALID_RE.exec(message);
  if (invalid !== null) {
    fields.event = {
      ...fields.event,
      category: ['authentication'],
      type: ['start'],
      action: 'ssh_login',
      outcome: 'failure',
    };
    if (invalid[1] !== '') fields.user = { name: invalid[1] };
    setSource(fields, invalid[2], group(invalid, 3));
    fields.ssh = { invalid_user: true };
    return true;
  }
  return false;
}

/** Every pam_unix failure shape says the same: who was refused (`user=`) and from where (`rhost=`). */
function setPamFailure(fields: DraftFields, message: string): true {
  fields.event = {
    ...fields.event,
    category: ['authentication'],
    type: ['start'],
    action: 'authentication_failure',
    outcome: 'failure',
  };
  const user = pamValue(message, 'user');
  if (user !== undefined) fields.user = { name: user };
  const rhost = pamValue(message, 'rhost');
  if (rhost !== undefined) setSource(fields, rhost);
  return true;
}

function enrichPam(fields: DraftFields, message: string): boolean {
  if (PAM_FAILURE_RE.test(message)) return setPamFailure(fields, message);
  const session = PAM_SESSION_RE.exec(message);
  if (session !== null) {
    const opened = session[2] === 'opened';
    fields.event = {
      ...fields.event,
      category: ['session'],
      type: [opened ? 'start' : 'end'],
      action: opened ? 'session_opened' : 'session_closed',
      outcome: 'success',
    };
    fields.user = { name: session[3] };
    return true;
  }
  return false;
}

interface SudoLine {
  user: string;
  problem?: string;
  tty?: string;
  pwd?: string;
  runAs?: string;
  command?: string;
}

/** `bob : [problem ; ]TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/id`, split by hand (no backtracking). */
function splitSudo(message: string): SudoLine | undefined {
  const colon = message.indexOf(' : ');
  if (colon === -1) return undefined;
  const user = message.slice(0, colon).trim();
  if (user === '' || user.includes(' ')) return undefined;
  const line: SudoLine = { user };
  const parts = message.slice(colon + 3).split(' ; ');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith('COMMAND=')) {
      line.command = parts.slice(i).join(' ; ').slice(8);
      break;
    }
    if (part.startsWith('TTY=')) line.tty = part.slice(4);
    else if (part.startsWith('PWD=')) line.pwd = part.slice(4);
    else if (part.startsWith('USER=')) line.runAs = part.slice(5);
    else if (i === 0) line.problem = part;
  }
  return line.tty === undefined && line.command === undefined ? undefined : line;
}

function enrichSudo(fields: DraftFields, message: string): boolean {
  const sudo = splitSudo(message);
  if (sudo === undefined) return false;
  const failed = sudo.problem !== undefined;
  fields.event = {
    ...fields.event,
    category: failed ? ['authentication', 'process'] : ['process'],
    type: ['start'],
    action: 'sudo',
    outcome: failed ? 'failure' : 'success',
  };
  fields.user = { name: sudo.user };
  if (sudo.runAs !== undefined && sudo.runAs !== '') fields.user.target = { name: sudo.runAs };
  if (sudo.command !== undefined) fields.process = { ...fields.process, command_line: sudo.command };
  fields.sudo = withoutUndefined({
    tty: sudo.tty,
    pwd: sudo.pwd,
    user: sudo.runAs,
    command: sudo.command,
    error: sudo.problem,
  });
  return true;
}

/**
 * Reads what common Linux auth lines say (sshd logins, pam_unix failures and sessions, sudo)
 * into ECS event/user/source fields, which detection rules rely on. Leaves other lines alone.
 */
export function enrichLinuxAuth(
  fields: DraftFields,
  appname: string | undefined,
  rawMessage: string,
): boolean {
  if (rawMessage.length === 0 || rawMessage.length > 8192) return false;
  const repeated = rawMessage.startsWith('message repeated ') ? REPEATED_RE.exec(rawMessage) : null;
  const message = repeated === null ? rawMessage : repeated[1];
  let matched = false;
  if (message.startsWith('pam_unix(')) matched = enrichPam(fields, message);
  else if (message.startsWith(LEGACY_PAM_FAILURE) && LEGACY_PAM_TAG_RE.test(appname ?? ''))
    matched = setPamFailure(fields, message);
  else if (appname === 'sshd' || appname?.startsWith('sshd-') === true) matched = enrichSshd(fields, message);
  else if (appname === 'sudo') matched = enrichSudo(fields, message);
  // The dataset name Filebeat's system module uses, so rules and dashboards written for it apply.
  if (matched) fields.event = { ...fields.event, dataset: 'system.auth' };
  return matched;
}

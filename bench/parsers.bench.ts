/**
 * Parser throughput: realistic 200–600 byte lines per format (sshd via RFC 3164, RFC 5424, CEF in
 * syslog, LEEF, access logs, NXLog Windows JSON, firewall key=value), parsed and normalized with
 * format auto-detection on one core. Prints one JSON summary on stdout.
 *
 *   npm run build && node dist/bench/parsers.bench.js [--seconds 1.5]
 */
import { loadavg } from 'node:os';
import { parseLine, type LogFormat } from '@vigil/parsers';

const GOAL_EVENTS_PER_SECOND = 50_000;
const LINES_PER_FORMAT = 2_000;

/** Deterministic PRNG (mulberry32) so every run parses the same lines. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const ip = (): string => `${pick([10, 172, 192, 203, 198])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
const user = (): string =>
  pick(['root', 'admin', 'nguyenvana', 'tranthib', 'deploy', 'oracle', 'postgres', 'svc_backup']);
const host = (): string =>
  `${pick(['web', 'db', 'mail', 'dc', 'fw', 'app'])}${int(1, 40)}.${pick(['sotttt', 'ubnd', 'soyte'])}.gov.vn`;
const month = (): string =>
  pick(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const clock = (): string =>
  `${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`;
const isoTime = (): string =>
  `2026-${String(int(1, 11)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T${clock()}.${int(100, 999)}+07:00`;
const path = (): string =>
  `/${pick(['portal', 'api/v1', 'dichvucong', 'tin-tuc', 'wp-admin'])}/${pick(['login', 'search', 'index.php', 'ho-so', 'upload'])}`;
const agent = (): string =>
  pick([
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    'curl/8.5.0',
    'sqlmap/1.8.2#stable (https://sqlmap.org)',
  ]);

/** A Winlogbeat 8 Sysmon process-creation event, trimmed to the fields that matter. */
const winlogbeat = (): string =>
  JSON.stringify({
    '@timestamp': `2026-11-${int(10, 27)}T${clock()}.${int(100, 999)}Z`,
    event: { code: '1', provider: 'Microsoft-Windows-Sysmon', kind: 'event' },
    host: { name: host() },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      event_id: '1',
      computer_name: host(),
      event_data: {
        Image: 'C:\\Windows\\System32\\cmd.exe',
        CommandLine: `cmd.exe /c whoami /all & net user ${user()} /domain`,
        ParentImage: 'C:\\Windows\\explorer.exe',
        ProcessId: String(int(256, 65535)),
        User: `SOTTTT\\${user()}`,
      },
    },
  });

const GENERATORS: Record<string, () => string> = {
  rfc3164: () =>
    `<${pick([38, 86, 4])}>${month()} ${String(int(1, 28)).padStart(2, ' ')} ${clock()} ${host()} ${pick([
      `sshd[${int(300, 65000)}]: Failed password for invalid user ${user()} from ${ip()} port ${int(1024, 65535)} ssh2`,
      `sshd[${int(300, 65000)}]: Accepted publickey for ${user()} from ${ip()} port ${int(1024, 65535)} ssh2: RSA SHA256:${'Zk3q9VbP0x7mLr2TqW8s'.repeat(2)}`,
      `sshd[${int(300, 65000)}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip()}  user=${user()}`,
      `sudo:   ${user()} : TTY=pts/${int(0, 9)} ; PWD=/home/${user()} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx.service`,
      `kernel: [${int(1000, 99999)}.${int(100, 999)}] IPTABLES-DROP IN=eth0 OUT= MAC=00:16:3e:5e:6c:00 SRC=${ip()} DST=${ip()} LEN=60 TOS=0x00 TTL=${int(40, 128)} PROTO=TCP SPT=${int(1024, 65535)} DPT=${pick([22, 23, 3389])} SYN`,
    ])}`,
  rfc5424: () =>
    `<${int(8, 190)}>1 ${isoTime()} ${host()} ${pick(['nginx', 'kernel', 'auditd', 'postfix'])} ${int(100, 9999)} ${pick(['ID47', 'AUDIT', '-'])} [meta@32473 sequenceId="${int(1, 99999)}" sysUpTime="${int(1000, 999999)}" language="vi"][origin ip="${ip()}" software="rsyslogd" swVersion="8.2312.0"] \uFEFF${pick(
      [
        'User login session opened for account',
        'Connection rate limit exceeded for client',
        'Configuration reloaded by administrator',
      ],
    )} ${user()} from ${ip()} after ${int(1, 60)} attempts`,
  cef: () =>
    `<134>${month()} ${int(10, 28)} ${clock()} ${host()} CEF:0|Fortinet|FortiGate-100F|7.2.8|${String(int(1, 99999)).padStart(10, '0')}|${pick(
      ['traffic:forward deny', 'utm:ips signature', 'event:user login fail'],
    )}|${int(1, 10)}|rt=${Date.UTC(2026, 10, 27) + int(0, 86_400_000)} src=${ip()} spt=${int(1024, 65535)} dst=${ip()} dpt=${pick([22, 80, 443, 3389, 445])} proto=6 act=${pick(['deny', 'accept', 'block'])} suser=${user()} deviceExternalId=FG100FTK2209${int(1000, 9999)} cs1Label=policyname cs1=WAN-to-DMZ rule ${int(1, 90)} cs2Label=srccountry cs2=${pick(['Vietnam', 'China', 'Russia', 'United States'])} in=${int(40, 90000)} out=${int(40, 90000)} msg=Connection ${pick(['denied', 'allowed'])} by policy`,
  leef: () =>
    `LEEF:2.0|IBM|QRadar|7.5|${pick(['Login Failed', 'Port Scan', 'Malware Detected'])}|x09|devTime=${month()} ${int(10, 28)} 2026 ${clock()}\tsrc=${ip()}\tdst=${ip()}\tsrcPort=${int(1024, 65535)}\tdstPort=${pick([22, 443, 1433])}\tusrName=${user()}\tsev=${int(1, 10)}\tcat=${pick(['Authentication', 'Recon', 'Malware'])}\tproto=6\tidentHostName=${host()}\tpolicy=Default Rule Set ${int(1, 50)}`,
  access: () =>
    `${ip()} - ${pick(['-', user()])} [${int(10, 28)}/${month()}/2026:${clock()} +0700] "${pick(['GET', 'POST', 'HEAD'])} ${path()}?id=${int(1, 99999)}&q=${pick(['tra+cuu', "1'+OR+'1'='1", 'ho+so'])} HTTP/1.1" ${pick([200, 200, 301, 404, 500, 403])} ${int(0, 90000)} "https://${host()}${path()}" "${agent()}"`,
  json: () =>
    rand() < 0.3
      ? winlogbeat()
      : JSON.stringify({
          EventID: pick([4624, 4625, 4688]),
          Channel: 'Security',
          SourceName: 'Microsoft-Windows-Security-Auditing',
          Hostname: host(),
          TimeCreated: `2026-11-${int(10, 27)}T${clock()}.${int(100, 999)}Z`,
          EventType: pick(['AUDIT_SUCCESS', 'AUDIT_FAILURE']),
          RecordNumber: int(1000, 9_999_999),
          SubjectUserName: `${user()}$`,
          SubjectDomainName: 'SOTTTT',
          TargetUserName: user(),
          TargetDomainName: 'SOTTTT',
          LogonType: String(pick([2, 3, 10])),
          IpAddress: ip(),
          IpPort: String(int(1024, 65535)),
          NewProcessName: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          NewProcessId: `0x${int(256, 65535).toString(16)}`,
          CommandLine: `powershell.exe -nop -w hidden -c IEX ${int(1, 9)}`,
        }),
  kv: () =>
    `date=2026-11-${int(10, 27)} time=${clock()} devname="FGT-${pick(['HQ', 'DR', 'UBND'])}" devid="FG100FTK${int(1000, 9999)}" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=${ip()} srcport=${int(1024, 65535)} srcintf="port1" dstip=${ip()} dstport=${pick([22, 53, 443, 3389])} dstintf="wan1" proto=${pick([6, 17])} action="${pick(['deny', 'accept', 'close'])}" policyid=${int(1, 90)} service="${pick(['HTTPS', 'SSH', 'DNS', 'RDP'])}" sentbyte=${int(40, 99999)} rcvdbyte=${int(40, 99999)} msg="traffic ${pick(['denied', 'allowed'])}"`,
};

interface Measurement {
  /** Events per wall-clock second. */
  eventsPerSecond: number;
  /** Events per second of this process's CPU time: what one core does, even when other work shares the machine. */
  eventsPerCpuSecond: number;
  events: number;
  failures: number;
}

function measure(lines: readonly string[], seconds: number): Measurement {
  let events = 0;
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < deadline) {
    for (const line of lines) {
      if (!parseLine(line, { organizationId: 'bench-agency' }).ok) failures++;
    }
    events += lines.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    eventsPerSecond: Math.round(events / elapsed),
    eventsPerCpuSecond: Math.round(events / cpuSeconds),
    events,
    failures,
  };
}

function main(): void {
  const secondsArg = process.argv.indexOf('--seconds');
  const seconds = secondsArg === -1 ? 1.5 : Number(process.argv[secondsArg + 1]);
  const sets = Object.entries(GENERATORS).map(([format, generate]) => ({
    format: format as LogFormat,
    lines: Array.from({ length: LINES_PER_FORMAT }, generate),
  }));
  const mixed = sets.flatMap((set) => set.lines).sort(() => rand() - 0.5);
  measure(mixed, 1); // warm-up: let the JIT settle before timing
  const perFormat: Record<string, Omit<Measurement, 'events'> & { avgLineBytes: number }> = {};
  for (const { format, lines } of sets) {
    const detected = parseLine(lines[0], { organizationId: 'bench-agency' });
    if (!detected.ok || detected.event.vigil?.format !== format)
      throw new Error(`bench line for ${format} is not detected as ${format}`);
    const result = measure(lines, seconds);
    perFormat[format] = {
      eventsPerSecond: result.eventsPerSecond,
      eventsPerCpuSecond: result.eventsPerCpuSecond,
      avgLineBytes: Math.round(lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / lines.length),
      failures: result.failures,
    };
  }
  const overall = measure(mixed, seconds * 2);
  const summary = {
    benchmark: 'parsers',
    node: process.version,
    detection: 'auto',
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
    goalEventsPerSecond: GOAL_EVENTS_PER_SECOND,
    overall: {
      eventsPerSecond: overall.eventsPerSecond,
      eventsPerCpuSecond: overall.eventsPerCpuSecond,
      events: overall.events,
      avgLineBytes: Math.round(mixed.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / mixed.length),
      failures: overall.failures,
      meetsGoal: overall.eventsPerCpuSecond >= GOAL_EVENTS_PER_SECOND,
    },
    perFormat,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (overall.failures > 0) process.exitCode = 1;
}

main();

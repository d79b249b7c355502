import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';

const parse = (line: string, format: 'json' | 'auto' = 'json') => parseLine(line, parseOptions({ format }));

// Trimmed from OTRF Security-Datasets (NXLog im_msvistalog → JSON), Message shortened.
const NXLOG_4688 =
  '{"SourceName":"Microsoft-Windows-Security-Auditing","ProviderGuid":"{54849625-5478-4994-a5ba-3e3b0328c30d}","Level":"0","Keywords":"0x8020000000000000","Channel":"Security","Hostname":"pedro-computer","TimeCreated":"2022-08-18T06:56:13.608Z","@timestamp":"2022-08-18T06:56:13.608Z","EventID":4688,"Message":"A new process has been created.","Task":"13312","SubjectUserSid":"S-1-5-18","SubjectUserName":"PEDRO-COMPUTER$","SubjectDomainName":"WORKGROUP","SubjectLogonId":"0x3e7","NewProcessId":"0x15f8","NewProcessName":"C:\\\\Windows\\\\System32\\\\smartscreen.exe","ProcessId":"0x300","CommandLine":"C:\\\\Windows\\\\System32\\\\smartscreen.exe -Embedding","TargetUserName":"pedro","ParentProcessName":"C:\\\\Windows\\\\System32\\\\svchost.exe"}';
const NXLOG_SYSMON_3 =
  '{"tags":["mordorDataset"],"@version":"1","EventType":"ConnectPipe","EventTypeOrignal":"INFO","Version":5,"ThreadID":4208,"EventTime":"2020-08-06 11:56:04","Task":3,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"MORDORDC.theshire.local","@timestamp":"2020-08-06T15:56:07.158Z","ProcessId":"3616","port":60122,"AccountName":"SYSTEM","Domain":"NT AUTHORITY","ExecutionProcessID":3888,"host":"wec.internal.cloudapp.net","Severity":"INFO","EventID":3,"UserID":"S-1-5-18","RecordNumber":409343,"Image":"C:\\\\windows\\\\system32\\\\dns.exe","User":"NT AUTHORITY\\\\SYSTEM","SourceIp":"10.0.0.4","SourcePort":"53","DestinationIp":"8.8.8.8","DestinationPort":"53","Keywords":-9223372036854775808,"SourceModuleType":"im_msvistalog"}';
const WINLOGBEAT_4625 = JSON.stringify({
  '@timestamp': '2026-11-27T09:59:58.123Z',
  event: {
    code: '4625',
    provider: 'Microsoft-Windows-Security-Auditing',
    kind: 'event',
    id: 'attacker-chosen',
  },
  host: { name: 'dc01.agency.local' },
  winlog: {
    channel: 'Security',
    provider_name: 'Microsoft-Windows-Security-Auditing',
    event_id: 4625,
    computer_name: 'dc01.agency.local',
    keywords: ['Audit Failure'],
    event_data: {
      TargetUserName: 'administrator',
      TargetDomainName: 'AGENCY',
      IpAddress: '203.0.113.50',
      IpPort: '51000',
      LogonType: '3',
    },
  },
  organization: { id: 'some-other-agency' },
});

describe('JSON', () => {
  it('maps an NXLog Security 4688 event, EventData under winlog.event_data', () => {
    const event = expectEvent(parse(NXLOG_4688, 'auto'));
    expect(event.vigil?.format).toBe('json');
    expect(event['@timestamp']).toBe('2022-08-18T06:56:13.608Z');
    expect(event.event).toMatchObject({
      code: '4688',
      provider: 'Microsoft-Windows-Security-Auditing',
      category: ['process'],
      outcome: 'success',
    });
    expect(event.host?.name).toBe('pedro-computer');
    expect(event.message).toBe('A new process has been created.');
    expect(event['winlog']).toMatchObject({
      channel: 'Security',
      provider_name: 'Microsoft-Windows-Security-Auditing',
      event_id: '4688',
      computer_name: 'pedro-computer',
      event_data: { SubjectUserName: 'PEDRO-COMPUTER$', NewProcessId: '0x15f8', TargetUserName: 'pedro' },
    });
    expect(event.user).toEqual({
      name: 'PEDRO-COMPUTER$',
      domain: 'WORKGROUP',
      id: 'S-1-5-18',
      target: { name: 'pedro' },
    });
    expect(event.process).toEqual({
      executable: 'C:\\Windows\\System32\\smartscreen.exe',
      name: 'smartscreen.exe',
      pid: 0x15f8,
      command_line: 'C:\\Windows\\System32\\smartscreen.exe -Embedding',
      parent: { executable: 'C:\\Windows\\System32\\svchost.exe', name: 'svchost.exe', pid: 0x300 },
    });
    expect(event['nxlog']).toMatchObject({ Level: '0', Keywords: '0x8020000000000000' });
  });

  it("maps an NXLog Sysmon event: the shipper's zoned @timestamp beats the host's zone-less EventTime", () => {
    // The host was in UTC-4: EventTime 11:56:04 read in the agency's zone would be 04:56Z, 11 hours off.
    const event = expectEvent(parse(NXLOG_SYSMON_3));
    expect(event['@timestamp']).toBe('2020-08-06T15:56:07.158Z');
    expect(event.event.timezone).toBeUndefined();
    expect(event.vigil?.['time_source']).toBe('@timestamp');
    expect(event.event).toMatchObject({ code: '3', module: 'sysmon', category: ['network'] });
    const winlog = event['winlog'] as Record<string, unknown>;
    expect(winlog.event_data).toMatchObject({
      EventType: 'ConnectPipe',
      Image: 'C:\\windows\\system32\\dns.exe',
      ProcessId: '3616',
    });
    expect(winlog.user).toEqual({ identifier: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY' });
    expect(winlog.process).toEqual({ pid: 3888, thread: { id: 4208 } });
    expect(event.user).toEqual({ domain: 'NT AUTHORITY', name: 'SYSTEM' });
    expect(event.process).toMatchObject({ name: 'dns.exe', pid: 3616 });
    expect(event.source).toMatchObject({ ip: '10.0.0.4', port: 53 });
    expect(event.destination).toMatchObject({ ip: '8.8.8.8', port: 53 });
    expect(event.log?.level).toBe('information');
  });

  it('stamps an NXLog Sysmon event by its UtcTime, not the host-local EventTime, and says so', () => {
    // OTRF Security-Datasets, Sysmon 1 forwarded by NXLog from a host in UTC-4 (trimmed).
    const line = JSON.stringify({
      EventTime: '2020-06-09 22:50:54',
      Hostname: 'WORKSTATION5.theshire.local',
      EventID: 1,
      SourceName: 'Microsoft-Windows-Sysmon',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      UtcTime: '2020-06-10 02:50:54.631',
      Image: 'C:\\Windows\\System32\\whoami.exe',
    });
    const event = expectEvent(parse(line));
    expect(event['@timestamp']).toBe('2020-06-10T02:50:54.631Z');
    expect(event.event.timezone).toBeUndefined();
    expect(event.vigil?.['time_source']).toBe('UtcTime');
  });

  it('reads a zone-less EventTime in the agency zone only when nothing in the record says otherwise', () => {
    const line = JSON.stringify({
      EventTime: '2026-11-27 16:59:00',
      Hostname: 'pc1',
      EventID: 4624,
      Channel: 'Security',
    });
    const event = expectEvent(parse(line));
    expect(event['@timestamp']).toBe('2026-11-27T09:59:00.000Z');
    expect(event.event.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(event.vigil?.['time_source']).toBe('EventTime');
  });

  it('prefers any zoned time in generic JSON over an earlier-listed zone-less one', () => {
    const event = expectEvent(
      parse('{"timestamp":"2026-11-27 08:00:00","time":"2026-11-27T08:00:00Z","msg":"x"}'),
    );
    expect(event['@timestamp']).toBe('2026-11-27T08:00:00.000Z');
    expect(event.vigil?.['time_source']).toBe('time');
  });

  it('keeps Winlogbeat events as they are and fills what is missing; identity fields stay Vigil’s', () => {
    const event = expectEvent(parse(WINLOGBEAT_4625, 'auto'));
    expect(event['@timestamp']).toBe('2026-11-27T09:59:58.123Z');
    expect(event.event.id).not.toBe('attacker-chosen');
    expect(event.organization).toEqual({ id: 'agency-test' });
    expect(event.event).toMatchObject({
      code: '4625',
      category: ['authentication'],
      outcome: 'failure',
      kind: 'event',
    });
    expect(event.host?.name).toBe('dc01.agency.local');
    expect(event.user).toEqual({ name: 'administrator', domain: 'AGENCY' });
    expect(event.source).toMatchObject({ ip: '203.0.113.50', port: 51000 });
    expect((event['winlog'] as { event_id: unknown }).event_id).toBe('4625');
  });

  it('maps generic JSON: ECS roots kept, dotted keys expanded, scalars moved, other keys under json', () => {
    const event = expectEvent(
      parse(
        '{"timestamp":"2026-11-27T17:00:00+07:00","level":"warn","msg":"login failed","source.ip":"10.0.0.1","user":"bob","host":"app1","status":"x","nested":{"a":1},"vigil":{"drill":{"run_id":"fake"}}}',
      ),
    );
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
    expect(event.message).toBe('login failed');
    expect(event.source).toEqual({ ip: '10.0.0.1' });
    expect(event.user).toEqual({ name: 'bob' });
    expect(event.host).toEqual({ name: 'app1' });
    expect(event.log?.level).toBe('warn');
    expect(event['json']).toEqual({
      timestamp: '2026-11-27T17:00:00+07:00',
      level: 'warn',
      msg: 'login failed',
      status: 'x',
      nested: { a: 1 },
    });
    expect(event.vigil).toEqual({ format: 'json', time_source: 'timestamp' });
  });

  it('reads epoch times and firewall-style keys in flat JSON', () => {
    const event = expectEvent(
      parse('{"ts":1764237600,"src_ip":"1.2.3.4","dst_port":"22","action":"blocked"}'),
    );
    expect(event['@timestamp']).toBe('2025-11-27T10:00:00.000Z');
    expect(event.source?.ip).toBe('1.2.3.4');
    expect(event.destination?.port).toBe(22);
    expect(event.event.outcome).toBe('failure');
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const event = expectEvent(parse('{"__proto__":{"polluted":true},"a.__proto__.b":1}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(event)).toContain('__proto__');
  });

  it('rejects invalid JSON with a column, non-objects, and deep nesting', () => {
    const error = expectError(parse('{"a":1,}'));
    expect(error.code).toBe(ParseErrorCode.InvalidJson);
    expect(error.column).toBe(8);
    expect(error.reason).toMatch(/^JSON: .* at column 8$/);
    expect(expectError(parse('[1,2]')).code).toBe(ParseErrorCode.InvalidJson);
    const deep = expectError(parse(`{"a":${'['.repeat(100)}${']'.repeat(100)}}`));
    expect(deep).toMatchObject({ code: ParseErrorCode.NestingTooDeep, column: 37 });
  });

  it('honours maxJsonDepth', () => {
    expect(parseLine('{"a":{"b":{"c":1}}}', parseOptions({ format: 'json', maxJsonDepth: 2 })).ok).toBe(
      false,
    );
    expect(parseLine('{"a":{"b":{"c":1}}}', parseOptions({ format: 'json', maxJsonDepth: 3 })).ok).toBe(true);
  });
});

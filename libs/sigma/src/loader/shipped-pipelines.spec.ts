import { compile } from '../engine/sigma-engine';
import { parseSigmaFile } from '../rule/sigma-document-parser';
import { availablePipelines, DEFAULT_PIPELINES, loadPipelines } from './pipeline-loader';

// The pipeline files shipped in libs/sigma/pipelines, exercised with one rule and events in the
// shapes they are written for.
function rule(logsource: string, detection: string) {
  const text = `title: T\nid: t-1\nlogsource:\n${logsource.replace(/^/gm, '    ')}\ndetection:\n${detection.replace(/^/gm, '    ')}\n`;
  const { rules, errors } = parseSigmaFile(text, 't.yml');
  if (errors.length > 0) throw errors[0];
  return rules[0];
}

function fires(pipelines: string[], logsource: string, detection: string, event: unknown): boolean {
  const { engine, rejected } = compile([rule(logsource, detection)], { pipelines: loadPipelines(pipelines) });
  if (rejected.length > 0) throw rejected[0];
  return engine.match(event).length > 0;
}

const now = { '@timestamp': '2026-11-27T10:00:00Z', organization: { id: 'agency-01' } };

describe('shipped pipelines', () => {
  it('all parse', () => {
    expect(availablePipelines()).toEqual(
      expect.arrayContaining(['evtx-json', 'windows', 'linux', 'macos', 'web', 'firewall', 'zeek']),
    );
    expect(() => loadPipelines(availablePipelines())).not.toThrow();
  });

  it.each([
    [
      'evtx-json: process_creation is Sysmon 1',
      ['evtx-json'],
      'product: windows\ncategory: process_creation',
      'selection:\n    Image|endswith: \\whoami.exe\ncondition: selection',
      {
        Event: {
          System: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 },
          EventData: { Image: 'C:\\whoami.exe' },
        },
      },
      true,
    ],
    [
      'evtx-json: Provider_Name from #attributes and EventID with qualifiers',
      ['evtx-json'],
      'product: windows\nservice: system',
      "selection:\n    Provider_Name: 'Service Control Manager'\n    EventID: 7045\ncondition: selection",
      {
        Event: {
          System: {
            Channel: 'System',
            EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 },
            Provider: { '#attributes': { Name: 'Service Control Manager' } },
          },
        },
      },
      true,
    ],
    [
      'windows: Security 4688 renames Image to NewProcessName (Winlogbeat shape)',
      [...DEFAULT_PIPELINES],
      'product: windows\ncategory: process_creation',
      'selection:\n    Image|endswith: \\whoami.exe\ncondition: selection',
      {
        ...now,
        winlog: { channel: 'Security', event_id: 4688, event_data: { NewProcessName: 'C:\\whoami.exe' } },
      },
      true,
    ],
    [
      'windows: PowerShell script block (NXLog shape)',
      [...DEFAULT_PIPELINES],
      'product: windows\ncategory: ps_script',
      'selection:\n    ScriptBlockText|contains: Invoke-Mimikatz\ncondition: selection',
      {
        Channel: 'Microsoft-Windows-PowerShell/Operational',
        EventID: 4104,
        ScriptBlockText: 'Invoke-Mimikatz -DumpCreds',
      },
      true,
    ],
    [
      'linux: sshd keywords search the message',
      [...DEFAULT_PIPELINES],
      'product: linux\nservice: sshd',
      "keywords:\n    - 'Failed password for invalid user'\ncondition: keywords",
      {
        ...now,
        message: 'Failed password for invalid user admin from 203.0.113.5 port 4000 ssh2',
        log: { syslog: { appname: 'sshd' } },
      },
      true,
    ],
    [
      'linux: sshd rules ignore other programs',
      [...DEFAULT_PIPELINES],
      'product: linux\nservice: sshd',
      "keywords:\n    - 'Failed password'\ncondition: keywords",
      { ...now, message: 'Failed password', log: { syslog: { appname: 'sudo' } } },
      false,
    ],
    [
      'web: W3C field names to ECS url/http fields',
      [...DEFAULT_PIPELINES],
      'category: webserver',
      "selection:\n    cs-method: GET\n    cs-uri-query|contains: 'union select'\n    sc-status: 200\ncondition: selection",
      {
        ...now,
        event: { category: ['web'] },
        url: { original: '/a?q=1 UNION SELECT 2', query: 'q=1 UNION SELECT 2' },
        http: { request: { method: 'GET' }, response: { status_code: 200 } },
      },
      true,
    ],
    [
      'firewall: dst_port to destination.port',
      [...DEFAULT_PIPELINES],
      'category: firewall',
      'selection:\n    dst_port: 4444\n    action: allow\ncondition: selection',
      { ...now, event: { category: ['network'], action: 'allow' }, destination: { port: 4444 } },
      true,
    ],
    [
      'zeek: dns log by _path',
      [...DEFAULT_PIPELINES],
      'product: zeek\nservice: dns',
      "selection:\n    query|endswith: '.evil.example'\ncondition: selection",
      { _path: 'dns', query: 'a.evil.example' },
      true,
    ],
    [
      'zeek: dns log as Filebeat writes it',
      [...DEFAULT_PIPELINES],
      'product: zeek\nservice: dns',
      "selection:\n    query|endswith: '.evil.example'\ncondition: selection",
      { event: { dataset: 'zeek.dns' }, zeek: { dns: { query: 'a.evil.example' } } },
      true,
    ],
    [
      'macos: process creation only on macOS hosts',
      [...DEFAULT_PIPELINES],
      'product: macos\ncategory: process_creation',
      'selection:\n    Image|endswith: /osascript\ncondition: selection',
      { Image: '/usr/bin/osascript', Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 },
      false,
    ],
  ])('%s', (_name, pipelines, logsource, detection, event, expected) => {
    expect(fires(pipelines, logsource, detection, event)).toBe(expected);
  });
});

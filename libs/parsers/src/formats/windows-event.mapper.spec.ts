import { compile, loadPipelines, parseSigmaFile } from '@vigil/sigma';
import { parseLine } from '../parse-line';
import { expectEvent, parseOptions } from '../test/parse-options.factory';

const parse = (line: string) => expectEvent(parseLine(line, parseOptions({ format: 'json' })));

// Defender 1116 (malware detected) as NXLog im_msvistalog writes it: EventData names with spaces.
const NXLOG_DEFENDER_1116 = JSON.stringify({
  SourceName: 'Microsoft-Windows-Windows Defender',
  Channel: 'Microsoft-Windows-Windows Defender/Operational',
  Hostname: 'ws-17.agency.local',
  EventID: 1116,
  EventTime: '2026-12-06 10:00:00',
  'Threat Name': 'Trojan:PowerShell/Mimikatz.A',
  'Severity Name': 'Severe',
  'Source Name': 'AMSI',
  'Process Name': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'Detection User': 'AGENCY\\alice',
  Path: 'amsi:_\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
});

const WINLOGBEAT_DEFENDER_1116 = JSON.stringify({
  '@timestamp': '2026-12-06T10:00:00.000Z',
  winlog: {
    channel: 'Microsoft-Windows-Windows Defender/Operational',
    provider_name: 'Microsoft-Windows-Windows Defender',
    event_id: 1116,
    computer_name: 'ws-17.agency.local',
    event_data: { 'Threat Name': 'Trojan:Win32/Wacatac', 'Source Name': 'Real-Time Protection' },
  },
});

const eventData = (event: Record<string, unknown>) =>
  (event['winlog'] as { event_data: Record<string, unknown> }).event_data;

describe('Windows EventData names with spaces', () => {
  it('lose their spaces, from NXLog and from Winlogbeat alike', () => {
    expect(eventData(parse(NXLOG_DEFENDER_1116))).toEqual({
      ThreatName: 'Trojan:PowerShell/Mimikatz.A',
      SeverityName: 'Severe',
      SourceName: 'AMSI',
      ProcessName: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      DetectionUser: 'AGENCY\\alice',
      Path: 'amsi:_\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    });
    expect(eventData(parse(WINLOGBEAT_DEFENDER_1116))).toEqual({
      ThreatName: 'Trojan:Win32/Wacatac',
      SourceName: 'Real-Time Protection',
    });
  });

  it('keep a value already under the name without spaces, and refuse nothing to a hostile name', () => {
    const data = eventData(
      parse(
        JSON.stringify({
          winlog: {
            channel: 'Application',
            event_id: 1,
            event_data: { 'Threat Name': 'spaced', ThreatName: 'plain', '__proto__ ': 'x', ' ': 'blank' },
          },
        }),
      ),
    );
    expect(data.ThreatName).toBe('plain');
    expect(data['Threat Name']).toBe('spaced');
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data[' ']).toBe('blank');
  });

  it("reach the shipped SigmaHQ rule's SourceName through the windows pipeline", () => {
    const [rule] = parseSigmaFile(
      "title: Malware Detected - AMSI Source\nid: 0b2f6fbd-7bc6-4d3b-a4a8-45c1e0b8f4b8\nlogsource:\n    product: windows\n    service: windefend\ndetection:\n    selection:\n        EventID: 1116\n        SourceName: 'AMSI'\n    condition: selection\n",
      'win_defender_malware_detected_amsi_source.yml',
    ).rules;
    const { engine } = compile([rule], { pipelines: loadPipelines(['windows']) });
    expect(engine.match(parse(NXLOG_DEFENDER_1116)).map((match) => match.ruleTitle)).toEqual([
      'Malware Detected - AMSI Source',
    ]);
    expect(engine.match(parse(WINLOGBEAT_DEFENDER_1116))).toEqual([]);
  });
});

import { parsePipeline } from '../pipeline/pipeline-parser';
import { parseSigmaFile } from '../rule/sigma-document-parser';
import type { SigmaFilter, SigmaRule } from '../rule/sigma-rule';
import { compile, SigmaEngine } from './sigma-engine';

function rule(
  id: string,
  detection: string,
  logsource = 'product: windows\n    category: process_creation',
): SigmaRule {
  const text = `title: Rule ${id}\nid: ${id}\nname: rule_${id}\nlevel: high\ntags: [attack.execution]\nlogsource:\n    ${logsource}\ndetection:\n${detection}\n`;
  const { rules, errors } = parseSigmaFile(text, `${id}.yml`);
  if (errors.length > 0) throw errors[0];
  return rules[0];
}

function filter(ruleIds: string[], detection: string): SigmaFilter {
  const text = `title: A filter\nid: f1\nlogsource:\n    product: windows\nfilter:\n    rules: [${ruleIds.join(', ')}]\n${detection}\n`;
  const { filters, errors } = parseSigmaFile(text, 'filter.yml');
  if (errors.length > 0) throw errors[0];
  return filters[0];
}

const whoami = '    selection:\n        Image|endswith: \\whoami.exe\n    condition: selection';
const pipeline = () =>
  parsePipeline(
    `name: test-windows
field_defaults: ['winlog.event_data.{field}', '{field}']
fields:
  Channel: [winlog.channel, Channel]
  EventID: [winlog.event_id, EventID]
logsources:
  - name: sysmon-1
    logsource: {product: windows, category: process_creation}
    conditions: {Channel: Microsoft-Windows-Sysmon/Operational, EventID: 1}
  - name: security-4688
    logsource: {product: windows, category: process_creation}
    conditions: {Channel: Security, EventID: 4688}
    fields: {Image: [winlog.event_data.NewProcessName, NewProcessName]}
`,
    'test.yml',
  );

const winlogbeat = (image: string) => ({
  winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 1, event_data: { Image: image } },
});
const nxlog = (image: string) => ({
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  EventID: 1,
  Image: image,
});
const security = (image: string) => ({ Channel: 'Security', EventID: '4688', NewProcessName: image });

describe('SigmaEngine', () => {
  it('maps one rule onto Winlogbeat and NXLog shapes and onto Security 4688', () => {
    const { engine } = compile([rule('r1', whoami)], { pipelines: [pipeline()] });
    expect(engine.match(winlogbeat('C:\\Windows\\System32\\whoami.exe'))).toHaveLength(1);
    expect(engine.match(nxlog('C:\\Windows\\System32\\whoami.exe'))).toHaveLength(1);
    expect(engine.match(security('C:\\Windows\\System32\\whoami.exe'))).toHaveLength(1);
    expect(engine.match(nxlog('C:\\Windows\\System32\\cmd.exe'))).toHaveLength(0);
  });

  it('only applies a rule to events of its logsource', () => {
    const { engine } = compile([rule('r1', whoami)], { pipelines: [pipeline()] });
    expect(engine.match({ Channel: 'System', EventID: 1, Image: 'whoami.exe' })).toHaveLength(0);
    expect(
      engine.match({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3, Image: 'whoami.exe' }),
    ).toHaveLength(0);
  });

  it('evaluates a rule whose logsource no pipeline maps against every event, fields as written', () => {
    const unmapped = rule(
      'r2',
      '    selection:\n        user.name: root\n    condition: selection',
      'product: exotic',
    );
    const { engine } = compile([unmapped], { pipelines: [pipeline()] });
    expect(engine.match({ user: { name: 'root' } })).toHaveLength(1);
  });

  it('explains a match: rule identity, selections and the event values they looked at', () => {
    const detection =
      '    selection:\n        Image|endswith: \\whoami.exe\n    filter:\n        User: SYSTEM\n    condition: selection and not filter';
    const { engine } = compile([rule('r1', detection)], { pipelines: [pipeline()] });
    expect(engine.match(nxlog('C:\\whoami.exe'))).toEqual([
      {
        ruleKey: 'r1',
        ruleId: 'r1',
        ruleName: 'rule_r1',
        ruleTitle: 'Rule r1',
        level: 'high',
        tags: ['attack.execution'],
        mapping: 'test-windows/sysmon-1',
        selections: [{ selection: 'selection', fields: { Image: 'C:\\whoami.exe' } }],
      },
    ]);
  });

  it('judges every event on its own values (per-event caches do not carry over)', () => {
    const detection =
      '    selection:\n        Image|endswith: \\whoami.exe\n    filter:\n        User: SYSTEM\n    condition: selection and not filter';
    const { engine } = compile([rule('r1', detection)], { pipelines: [pipeline()] });
    const events = [
      { ...nxlog('C:\\whoami.exe'), User: 'SYSTEM' },
      nxlog('C:\\whoami.exe'),
      nxlog('C:\\cmd.exe'),
      { ...nxlog('C:\\WHOAMI.EXE'), User: 'alice' },
      {
        'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
        'winlog.event_id': 1,
        Image: 'x\\whoami.exe',
      },
    ];
    expect(events.map((event) => engine.match(event).length)).toEqual([0, 1, 0, 1, 1]);
  });

  it('tells onRuleStart the key of each rule it evaluates, before it runs', () => {
    const engine = new SigmaEngine({ pipelines: [pipeline()] });
    engine.addRule(rule('r1', whoami));
    engine.addRule(rule('r2', '    selection:\n        Image|endswith: \\net.exe\n    condition: selection'));
    const started: string[] = [];
    const matches = engine.match(winlogbeat('C:\\Windows\\whoami.exe'), undefined, (key) =>
      started.push(key),
    );
    expect(matches.map((m) => m.ruleId)).toEqual(['r1']);
    expect(started).toContain('r1'); // r2 may be skipped by its literal pre-filter, never r1
  });

  it('adds, replaces and removes rules while running', () => {
    const engine = new SigmaEngine({ pipelines: [pipeline()] });
    const event = nxlog('C:\\whoami.exe');
    engine.addRule(rule('r1', whoami));
    expect(engine.match(event).map((m) => m.ruleTitle)).toEqual(['Rule r1']);
    engine.addRule(rule('r1', '    selection:\n        Image|endswith: \\cmd.exe\n    condition: selection'));
    expect(engine.match(event)).toHaveLength(0);
    expect(engine.match(nxlog('C:\\cmd.exe'))).toHaveLength(1);
    engine.addRule(rule('r3', whoami));
    expect(engine.ruleCount).toBe(2);
    expect(engine.removeRule('r3')).toBe(true);
    expect(engine.match(event)).toHaveLength(0);
    expect(engine.removeRule('r3')).toBe(false);
  });

  it('applies a global filter to the rules it names (filters spec)', () => {
    const adminFilter = filter(
      ['r1'],
      '    selection:\n        User|startswith: adm_\n    condition: not selection',
    );
    const { engine } = compile([rule('r1', whoami), rule('r2', whoami)], { pipelines: [pipeline()] }, [
      adminFilter,
    ]);
    const byAdmin = { ...nxlog('C:\\whoami.exe'), User: 'adm_bob' };
    expect(engine.match(byAdmin).map((m) => m.ruleId)).toEqual(['r2']);
    expect(
      engine
        .match({ ...byAdmin, User: 'bob' })
        .map((m) => m.ruleId)
        .sort(),
    ).toEqual(['r1', 'r2']);
  });

  describe('a placeholder without configured values', () => {
    const placeholderRule = (detection: string) => rule('r4', detection);
    const warning =
      'r4.yml: detection.filter.Computer|expand: placeholder %DomainControllers% has no configured values: the value matches nothing until the deployment sets it';

    it('loads with a warning; its value matches nothing, so a `not` filter of it excludes nothing', () => {
      const expand = placeholderRule(
        '    selection:\n        EventID: 4624\n    filter:\n        Computer|expand: "%DomainControllers%"\n    condition: selection and not filter',
      );
      const { engine, rejected, warnings } = compile([expand], { pipelines: [] });
      expect(rejected).toEqual([]);
      expect(warnings.map((e) => e.message)).toEqual([warning]);
      expect(engine.match({ EventID: 4624, Computer: '%DomainControllers%' })).toHaveLength(1);
      expect(engine.match({ EventID: 4624, Computer: 'dc01' })).toHaveLength(1);
    });

    it('matches nothing as a selection, also among other values and under `all`', () => {
      const { engine, warnings } = compile(
        [
          placeholderRule(
            '    filter:\n        Computer|expand: "%DomainControllers%"\n    other:\n        Computer|expand|contains|all:\n            - dc\n            - "%DomainControllers%"\n    condition: filter or other',
          ),
        ],
        { pipelines: [] },
      );
      expect(warnings).toHaveLength(2);
      expect(engine.match({ Computer: '%DomainControllers%' })).toEqual([]);
      expect(engine.match({ Computer: 'dc01' })).toEqual([]);
      expect(engine.match({ Computer: '' })).toEqual([]);
    });

    it('matches its values once the deployment sets them, with no warning', () => {
      const expand = placeholderRule(
        '    filter:\n        Computer|expand: "%DomainControllers%"\n    condition: filter',
      );
      const { engine, warnings } = compile([expand], {
        pipelines: [],
        placeholders: { DomainControllers: ['dc01', 'dc02'] },
      });
      expect(warnings).toEqual([]);
      expect(engine.match({ Computer: 'DC02' })).toHaveLength(1);
    });
  });
});

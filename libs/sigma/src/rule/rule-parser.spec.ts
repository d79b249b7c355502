import { parseSigmaFile } from './sigma-document-parser';

const base = (extra: string, detection = '    selection:\n        EventID: 1\n    condition: selection') =>
  `title: T\nid: 11111111-1111-4111-8111-111111111111\nlogsource:\n    product: windows\ndetection:\n${detection}\n${extra}`;

describe('rule parsing (rules spec v2.1, "Components")', () => {
  it('reads every standard attribute and keeps custom ones', () => {
    const text = `title: Whoami Execution
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
name: whoami_execution
related:
    - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
      type: derived
taxonomy: sigma
status: test
description: Detects whoami
license: DRL-1.1
author: Florian Roth
references:
    - https://example.org
date: 2019-10-23
modified: 2024-01-02
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image: 'C:\\Windows\\System32\\whoami.exe'
    condition: selection
fields: [CommandLine]
falsepositives: [Admins]
level: high
tags: [attack.discovery, attack.t1033]
scope: [server]
simulation: custom value
`;
    const { rules, errors } = parseSigmaFile(text, 'whoami.yml');
    expect(errors).toEqual([]);
    expect(rules[0]).toMatchObject({
      title: 'Whoami Execution',
      id: '929a690e-bef0-4204-a928-ef5e620d6fcc',
      name: 'whoami_execution',
      related: [{ id: '08fbc97d-0a2f-491c-ae21-8ffcfd3174e9', type: 'derived' }],
      status: 'test',
      level: 'high',
      date: '2019-10-23',
      modified: '2024-01-02',
      logsource: { category: 'process_creation', product: 'windows' },
      tags: ['attack.discovery', 'attack.t1033'],
      fields: ['CommandLine'],
      falsepositives: ['Admins'],
      scope: ['server'],
      custom: { simulation: 'custom value' },
      source: 'whoami.yml',
    });
  });

  it('keeps YAML values typed as the rule author wrote them (failsafe schema)', () => {
    const { rules } = parseSigmaFile(
      base(
        '',
        '    selection:\n        A: 00000429\n        B: 4688\n        C: 0x10\n        D: 1.10\n    condition: selection',
      ),
      'x.yml',
    );
    const clauses = rules[0].detection.searches.get('selection')?.alternatives[0] ?? [];
    expect(clauses.map((clause) => clause.values[0])).toEqual(['00000429', 4688, '0x10', 1.1]);
  });

  it.each([
    ['title missing', '', 'title: is required', (t: string) => t.replace('title: T\n', '')],
    [
      'bad level',
      'level: severe\n',
      'level: must be one of informational, low, medium, high, critical',
      (t: string) => t,
    ],
    ['bad status', 'status: wip\n', 'status: must be one of', (t: string) => t],
    [
      'bad related type',
      'related:\n    - id: x\n      type: cousin\n',
      'related[0].type: must be one of',
      (t: string) => t,
    ],
    [
      'logsource missing',
      '',
      'logsource: is required',
      (t: string) => t.replace('logsource:\n    product: windows\n', ''),
    ],
    ['duplicate keys', 'level: high\nlevel: low\n', 'invalid YAML', (t: string) => t],
  ])('rejects a rule with %s, naming the file and the path', (_name, extra, reason, edit) => {
    const { rules, errors } = parseSigmaFile(edit(base(extra)), 'bad.yml');
    expect(rules).toEqual([]);
    expect(errors[0].message).toContain('bad.yml');
    expect(errors[0].message).toContain(reason);
  });

  it('splits a multi-document file into rules, filters and correlation documents', () => {
    const text = `${base('')}\n---\ntitle: Many whoami\ncorrelation:\n    type: event_count\n    rules: [11111111-1111-4111-8111-111111111111]\n    timespan: 5m\n    condition:\n        gte: 10\n---\ntitle: F\nlogsource:\n    product: windows\nfilter:\n    rules: [x]\n    selection:\n        User: y\n    condition: not selection\n`;
    const content = parseSigmaFile(text, 'multi.yml');
    expect(content.errors).toEqual([]);
    expect(content.rules).toHaveLength(1);
    expect(content.filters).toHaveLength(1);
    expect(content.correlations).toHaveLength(1);
    expect(content.correlations[0]).toMatchObject({
      index: 1,
      source: 'multi.yml',
      strings: { title: 'Many whoami' },
    });
  });

  it('reports a bad document of a multi-document file and still loads the others', () => {
    const content = parseSigmaFile(`${base('')}\n---\ntitle: broken\n`, 'multi.yml');
    expect(content.rules).toHaveLength(1);
    expect(content.errors.map((e) => e.message)).toEqual([
      'multi.yml#1: logsource: is required and must be a map',
    ]);
  });
});

import { parseSigmaFile } from '../rule/sigma-document-parser';
import { compile } from './sigma-engine';

// Two rules on one event. The first one reads a field whose getter throws, standing for any
// failure inside one rule's evaluation (regular expressions no longer are one: RE2 neither
// backtracks nor overflows a stack). It has no required literal, so the pre-filter never reads
// the field and the failure happens while the rule runs. The second rule is fine.
const [failing, healthy] = parseSigmaFile(
  `title: Reads a field that throws
id: 00000000-0000-4000-8000-00000000000a
logsource: { product: test }
detection:
  selection:
    Payload|re: '.'
  condition: selection
---
title: Reads a good field
id: 00000000-0000-4000-8000-00000000000b
logsource: { product: test }
detection:
  selection:
    Good: y
  condition: selection
`,
  'rules.yml',
).rules;

const event = Object.defineProperty({ Good: 'y' }, 'Payload', {
  enumerable: true,
  get: (): never => {
    throw new Error('unreadable field');
  },
});

describe('a rule that throws while evaluating', () => {
  it('is reported, does not match, and the other rules go on', () => {
    const reported: [string, unknown][] = [];
    const { engine } = compile([failing, healthy], {
      pipelines: [],
      onRuleError: (ruleKey, error) => reported.push([ruleKey, error]),
    });
    expect(engine.match(event).map((match) => match.ruleId)).toEqual([healthy.id]);
    expect(reported).toHaveLength(1);
    expect(reported[0][0]).toBe(failing.id);
    expect(String(reported[0][1])).toContain('unreadable field');
  });

  it('propagates out of match without a handler', () => {
    const { engine } = compile([failing, healthy], { pipelines: [] });
    expect(() => engine.match(event)).toThrow('unreadable field');
  });
});

describe('per-rule timing', () => {
  it('reports each rule evaluated for the event, only when asked', () => {
    const { engine } = compile([healthy], { pipelines: [] });
    const timed: [string, number][] = [];
    engine.match({ Good: 'y' }, (ruleKey, seconds) => timed.push([ruleKey, seconds]));
    expect(timed.map(([key]) => key)).toEqual([healthy.id]);
    expect(timed[0][1]).toBeGreaterThanOrEqual(0);
    expect(timed[0][1]).toBeLessThan(1);
    engine.match({ Good: 'y' });
    expect(timed).toHaveLength(1);
  });
});

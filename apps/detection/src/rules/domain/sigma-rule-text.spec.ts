import { RulesError } from './rules.error';
import { parseRuleText, splitDocuments } from './sigma-rule-text';

const rule = (
  detection: string,
  head = 'title: Whoami\nid: 0a1b2c3d-0000-4000-8000-000000000001\n',
): string =>
  `${head}logsource:\n  product: windows\n  category: process_creation\ndetection:\n${detection}level: high\ntags:\n  - attack.t1033\n`;

function refusal(text: string): RulesError {
  try {
    parseRuleText(text);
  } catch (error) {
    if (error instanceof RulesError) return error;
    throw error;
  }
  throw new Error('the rule was accepted');
}

describe('parseRuleText', () => {
  it('reads id, kind, title, level and tags of a rule', () => {
    const parsed = parseRuleText(
      rule('  selection:\n    Image|endswith: \\whoami.exe\n  condition: selection\n'),
    );
    expect(parsed).toMatchObject({
      id: '0a1b2c3d-0000-4000-8000-000000000001',
      kind: 'rule',
      title: 'Whoami',
      level: 'high',
      tags: ['attack.t1033'],
    });
  });

  it('writes a generated id into the YAML when the rule has none, keeping the rest as written', () => {
    const text = `# a comment\n${rule('  selection:\n    Image: x\n  condition: selection\n', 'title: No id\n')}`;
    const parsed = parseRuleText(text, () => 'generated-id');
    expect(parsed.id).toBe('generated-id');
    expect(parsed.sigma).toBe(`# a comment\nid: generated-id\n${text.slice('# a comment\n'.length)}`);
  });

  it('names the line of an unknown modifier', () => {
    const error = refusal(rule('  selection:\n    Image|endswithh: x\n  condition: selection\n'));
    expect(error.details).toMatchObject({ line: 8, reason: "unknown modifier 'endswithh'" });
    expect(error.message).toMatch(/^line 8: detection\.selection/);
  });

  it('names the line inside a list of alternatives', () => {
    const error = refusal(
      rule('  selection:\n    - Image: a\n    - CommandLine|re: "(?x)a b"\n  condition: selection\n'),
    );
    expect(error.details).toMatchObject({ line: 9, path: 'detection.selection[1].CommandLine|re' });
  });

  it('names the line of a bad condition', () => {
    const error = refusal(rule('  selection:\n    Image: a\n  condition: selection and nope\n'));
    expect(error.details.line).toBe(9);
  });

  it('names the line of a YAML syntax error', () => {
    const error = refusal('title: x\nlogsource:\n  product: [windows\ndetection: {}\n');
    expect(error.details.line).toBeGreaterThanOrEqual(3);
    expect(error.details.reason).toMatch(/^invalid YAML/);
  });

  it('refuses a missing detection on the line of the document', () => {
    const error = refusal('title: x\nlogsource:\n  product: windows\n');
    expect(error.details).toMatchObject({ line: 1, path: 'detection' });
  });

  it('refuses multi-document text, naming the second document', () => {
    const one = rule('  selection:\n    Image: a\n  condition: selection\n');
    const error = refusal(`${one}---\n${one}`);
    expect(error.details.line).toBe(13);
    expect(error.details.reason).toMatch(/one YAML document/);
  });

  it('recognizes correlation and filter documents', () => {
    const correlation = parseRuleText(
      'title: Many\nid: c1\ncorrelation:\n  type: event_count\n  rules: [r1]\n  group-by: [user.name]\n  timespan: 5m\n  condition:\n    gte: 10\n',
    );
    expect(correlation.kind).toBe('correlation');
    const filter = parseRuleText(
      'title: Quiet admin\nid: f1\nlogsource:\n  product: windows\nfilter:\n  rules: [r1]\n  selection:\n    User: admin\n  condition: not selection\n',
    );
    expect(filter.kind).toBe('filter');
  });

  it('names the line of a bad correlation attribute', () => {
    const error = refusal(
      'title: Many\nid: c1\ncorrelation:\n  type: event_count\n  rules: [r1]\n  timespan: forever\n  condition:\n    gte: 10\n',
    );
    expect(error.details.line).toBe(6);
  });
});

describe('splitDocuments', () => {
  it('gives each non-empty document its own text', () => {
    expect(splitDocuments('title: a\n---\ntitle: b\n---\n')).toEqual([
      { text: 'title: a\n', firstLine: 1 },
      { text: 'title: b\n', firstLine: 3 },
    ]);
    expect(splitDocuments('title: a\n')).toEqual([{ text: 'title: a\n', firstLine: 1 }]);
  });
});

describe('line numbers of a rule without id', () => {
  it('are those of the submitted text, not of the text with the generated id', () => {
    const text =
      'title: x\nlogsource:\n  product: linux\ndetection:\n  sel:\n    message|containz: a\n  condition: sel\n';
    expect(refusal(text).details.line).toBe(6);
  });
});

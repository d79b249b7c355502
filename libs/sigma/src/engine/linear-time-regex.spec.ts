import path from 'node:path';
import { loadPipelines, DEFAULT_PIPELINES } from '../loader/pipeline-loader';
import { loadRuleFiles } from '../loader/rule-file-loader';
import type { FieldClause } from '../rule/field-clause';
import type { SigmaRule } from '../rule/sigma-rule';
import { compile } from './sigma-engine';
import { ruleWithDetection } from './test-rule-factory';

// Event text is attacker-chosen. With a backtracking engine, these inputs took seconds (the
// 52-character Invoke-Obfuscation line: 26 s) to hours; with RE2 each is well under a
// millisecond. The bound is generous so a loaded two-core machine does not make it flaky.
const BOUND_MS = 50;
const LENGTH = 50_000;
const PACKS = path.resolve(__dirname, '../../../../apps/detection/rules');

interface RegexClause {
  rule: SigmaRule;
  clause: FieldClause;
  pattern: string;
}

function regexClauses(rules: readonly SigmaRule[]): RegexClause[] {
  return rules.flatMap((rule) =>
    [...rule.detection.searches.values()].flatMap((search) =>
      search.alternatives
        .flat()
        .flatMap((clause) =>
          clause.modifiers.includes('re')
            ? clause.values.map((value) => ({ rule, clause, pattern: String(value) }))
            : [],
        ),
    ),
  );
}

/** A text the pattern could match: escapes and classes become one of their characters, syntax goes. */
function exemplar(pattern: string): string {
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern.charAt(++i);
      text +=
        { w: 'a', W: '!', d: '1', D: 'x', s: ' ', S: 'x', b: '', B: '', A: '', z: '', Z: '' }[next] ?? next;
    } else if (char === '[') {
      const negated = pattern[i + 1] === '^';
      const close = pattern.indexOf(']', i + (negated ? 3 : 2));
      const inside = pattern.slice(i + (negated ? 2 : 1), close < 0 ? undefined : close);
      text += negated ? 'x' : inside.startsWith('\\') ? exemplar(inside.slice(0, 2)) : inside.charAt(0);
      i = close < 0 ? pattern.length : close;
    } else if (char === '{' && /^\{\d*,?\d*\}/.test(pattern.slice(i))) {
      i = pattern.indexOf('}', i);
    } else if (char === '(' && pattern[i + 1] === '?') {
      i +=
        pattern[i + 2] === '<' && /[=!]/.test(pattern.charAt(i + 3))
          ? 3
          : /[:=!>]/.test(pattern.charAt(i + 2))
            ? 2
            : 1;
    } else if (!'()|*+?^$'.includes(char)) {
      text += char === '.' ? 'x' : char;
    }
  }
  return text;
}

/**
 * Long runs of what a pattern repeats: each character of its exemplar, each 2- and 3-character
 * window of it, the closers rules look for, each alone and after the exemplar itself (so the
 * pattern's prefix matches and the engine has to try the repeated part).
 */
function hostileInputs(pattern: string): string[] {
  const sample = exemplar(pattern);
  const units = new Set<string>([')', ']', '}', '"', "'", ' ', '\\', '+', '{0}']);
  for (let width = 1; width <= 3; width++)
    for (let i = 0; i + width <= sample.length; i++) units.add(sample.slice(i, i + width));
  const inputs = new Set<string>();
  for (const unit of units) {
    const run = unit.repeat(Math.ceil(LENGTH / unit.length));
    inputs.add(run);
    inputs.add(`${sample}${run}`);
    inputs.add(`${sample.slice(0, Math.ceil(sample.length / 2))}${run}`);
  }
  return [...inputs];
}

function elapsed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * The faster of two runs: a garbage collection or a busy neighbour can stall one evaluation for
 * tens of milliseconds, backtracking stalls both (and for far longer).
 */
function settled(run: () => unknown): number {
  return Math.min(elapsed(run), elapsed(run));
}

describe('regular expressions on hostile text', () => {
  const content = loadRuleFiles([PACKS]);
  const clauses = regexClauses(content.rules);

  it('finds the shipped packs and their regexes', () => {
    expect(content.errors.map((error) => error.message)).toEqual([]);
    expect(clauses.length).toBeGreaterThan(100);
  });

  it('evaluates every |re of the shipped packs on long runs of what it repeats in linear time', () => {
    const slow: string[] = [];
    let evaluations = 0;
    for (const { rule, clause, pattern } of clauses) {
      const tests = clause.tests ?? [];
      expect(tests.length).toBeGreaterThan(0);
      for (const input of hostileInputs(pattern)) {
        const lower = input.toLowerCase();
        for (const test of tests) {
          const testText = test.testText ?? ((v: string) => test.test(v, { field: () => undefined }));
          evaluations++;
          const ms = settled(() => testText(input, lower));
          if (ms >= BOUND_MS)
            slow.push(`${rule.title} /${pattern}/ on ${JSON.stringify(input.slice(0, 40))}…: ${ms} ms`);
        }
      }
    }
    expect(slow).toEqual([]);
    expect(evaluations).toBeGreaterThan(10_000);
  });

  it('evaluates every rule with a |re on events whose fields all hold hostile text in linear time', () => {
    const slow: string[] = [];
    const byRule = new Map<SigmaRule, RegexClause[]>();
    for (const item of clauses) byRule.set(item.rule, [...(byRule.get(item.rule) ?? []), item]);
    for (const [rule, items] of byRule) {
      // Fields as written (no pipeline) and no pre-filter: every rule reaches its regexes.
      const { engine, rejected } = compile([rule], { pipelines: [], prefilter: false });
      expect(rejected).toEqual([]);
      const fields = new Set(
        [...rule.detection.searches.values()].flatMap((search) =>
          search.alternatives.flat().flatMap((clause) => (clause.field === null ? [] : [clause.field])),
        ),
      );
      const inputs = new Set(
        items.flatMap(({ pattern }) => hostileInputs(pattern).filter((_, i) => i % 3 !== 0)),
      );
      for (const input of inputs) {
        const event = Object.fromEntries([...fields].map((field) => [field, input]));
        const ms = settled(() => engine.match(event));
        if (ms >= BOUND_MS) slow.push(`${rule.title} on ${JSON.stringify(input.slice(0, 40))}…: ${ms} ms`);
      }
    }
    expect(slow).toEqual([]);
  });

  it('answers the 52-character Invoke-Obfuscation line (26 s before) and its 50,000-character form at once', () => {
    const { engine, rejected } = compile(content.rules, { pipelines: loadPipelines([...DEFAULT_PIPELINES]) });
    expect(rejected.map((error) => error.message)).toEqual([]);
    const event = (commandLine: string) => ({
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: 1,
        event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: commandLine },
      },
    });
    const repro = `cmd /c"set abc{0}\\" -f${')'.repeat(30)}`;
    expect(repro).toHaveLength(52);
    for (const commandLine of [repro, `cmd /c"set abc{0}\\" -f${')'.repeat(LENGTH)}`]) {
      let titles: string[] = [];
      expect(elapsed(() => (titles = engine.match(event(commandLine)).map((m) => m.ruleTitle)))).toBeLessThan(
        BOUND_MS,
      );
      expect(titles).not.toContain('Invoke-Obfuscation VAR+ Launcher');
    }
    // The same rule still fires on the command line it was written for.
    const launcher = `cmd /c"set abc=x{0}\\" -f 'a') "`;
    expect(engine.match(event(launcher)).map((m) => m.ruleTitle)).toContain(
      'Invoke-Obfuscation VAR+ Launcher',
    );
  });

  it('runs an uploaded (a+)+$ in linear time', () => {
    const rule = ruleWithDetection("selection:\n    CommandLine|re: '(a+)+$'\ncondition: selection");
    const { engine, rejected } = compile([rule], { pipelines: [] });
    expect(rejected).toEqual([]);
    let matched = 0;
    expect(
      elapsed(() => (matched = engine.match({ CommandLine: `${'a'.repeat(LENGTH)}!` }).length)),
    ).toBeLessThan(BOUND_MS);
    expect(matched).toBe(0);
    expect(engine.match({ CommandLine: 'a'.repeat(LENGTH) })).toHaveLength(1);
  });

  it('resolves a condition pattern with many `*` against a long search name in linear time', () => {
    const name = 'a'.repeat(1000);
    const rule = ruleWithDetection(
      `${name}:\n    CommandLine: x\naaaaaaaaaaaab:\n    Image: y\ncondition: 1 of *a*a*a*a*a*a*a*a*a*a*a*a*b`,
    );
    let matched = 0;
    expect(
      elapsed(
        () =>
          (matched = compile([rule], { pipelines: [] }).engine.match({
            CommandLine: 'x',
            Image: 'y',
          }).length),
      ),
    ).toBeLessThan(BOUND_MS);
    expect(matched).toBe(1); // twelve a then b; the long name has no b
  });

  it('matches wildcard values with many `*` in linear time', () => {
    const rule = ruleWithDetection(
      "selection_stars:\n    CommandLine: '*a*a*a*a*a*a*a*a*b'\nselection_ones:\n    Image: 'a?*a?*a?*a?*a?*c'\ncondition: 1 of selection_*",
    );
    const { engine } = compile([rule], { pipelines: [], prefilter: false });
    const run = 'a'.repeat(LENGTH);
    expect(elapsed(() => engine.match({ CommandLine: run, Image: run }))).toBeLessThan(BOUND_MS);
    expect(engine.match({ CommandLine: `${run}b`, Image: run })).toHaveLength(1);
    expect(engine.match({ CommandLine: run, Image: `${run}c` })).toHaveLength(1);
  });
});

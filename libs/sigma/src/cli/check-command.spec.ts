import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from './check-command';
import { parseCliArgs } from './cli-args';

// The two SigmaHQ rules that use `%known_cdcs%` (legitimate domain controllers), in place.
const CDC_RULES = path.resolve(
  __dirname,
  '../../../..',
  '../shared/data/sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121',
);

function check(argv: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runCheck(parseCliArgs(['check', ...argv]), (line) => lines.push(line));
  return { code, lines };
}

describe('sigma check', () => {
  it('exits 0 when the only findings are warnings: placeholders without values', () => {
    const { code, lines } = check(['--rules', CDC_RULES]);
    expect(code).toBe(0);
    expect(lines.filter((line) => line.startsWith('warning: '))).toHaveLength(2);
    expect(lines[0]).toContain('placeholder %known_cdcs% has no configured values');
    expect(lines.at(-1)).toMatch(/^0 rejected, 2 warnings; 3 rules/);
  });

  it('has no warning once --placeholder sets the values', () => {
    const { code, lines } = check(['--rules', CDC_RULES, '--placeholder', 'known_cdcs=dc01.corp,10.0.0.5']);
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^0 rejected, 0 warnings; 3 rules/)]);
  });

  it('exits 1 listing a rule whose regular expression cannot run in linear time', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-sigma-check-'));
    try {
      writeFileSync(
        path.join(dir, 'lookahead.yml'),
        "title: T\nid: t-1\nlogsource:\n    product: windows\ndetection:\n    selection:\n        CommandLine|re: 'powershell(?!\\.exe)'\n    condition: selection\n",
      );
      const { code, lines } = check(['--rules', dir]);
      expect(code).toBe(1);
      expect(lines[0]).toBe(
        `${path.join(dir, 'lookahead.yml')}: detection.selection.CommandLine|re: regular expression uses a negative lookahead, which cannot run in linear time (RE2); rewrite the pattern without it`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { checkCommand } from './check-command';

// The two SigmaHQ rules that use `%known_cdcs%` (legitimate domain controllers), in place.
const CDC_RULES = path.resolve(
  __dirname,
  '../../../..',
  '../shared/data/sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121',
);

async function check(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await checkCommand.invoke(argv, {
    stdin: Readable.from([]),
    stdout,
    stderr: new PassThrough(),
  });
  return { code, lines: Buffer.concat(chunks).toString().trimEnd().split('\n') };
}

describe('sigma check', () => {
  it('exits 0 when the only findings are warnings: placeholders without values', async () => {
    const { code, lines } = await check(['--rules', CDC_RULES]);
    expect(code).toBe(0);
    expect(lines.filter((line) => line.startsWith('warning: '))).toHaveLength(2);
    expect(lines[0]).toContain('placeholder %known_cdcs% has no configured values');
    expect(lines.at(-1)).toMatch(/^0 rejected, 2 warnings; 3 rules/);
  });

  it('has no warning once --placeholder sets the values', async () => {
    const { code, lines } = await check([
      '--rules',
      CDC_RULES,
      '--placeholder',
      'known_cdcs=dc01.corp,10.0.0.5',
    ]);
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^0 rejected, 0 warnings; 3 rules/)]);
  });

  it('exits 1 listing a rule whose regular expression cannot run in linear time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-sigma-check-'));
    try {
      writeFileSync(
        path.join(dir, 'lookahead.yml'),
        "title: T\nid: t-1\nlogsource:\n    product: windows\ndetection:\n    selection:\n        CommandLine|re: 'powershell(?!\\.exe)'\n    condition: selection\n",
      );
      const { code, lines } = await check(['--rules', dir]);
      expect(code).toBe(1);
      expect(lines[0]).toBe(
        `${path.join(dir, 'lookahead.yml')}: detection.selection.CommandLine|re: regular expression uses a negative lookahead, which cannot run in linear time (RE2); rewrite the pattern without it`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

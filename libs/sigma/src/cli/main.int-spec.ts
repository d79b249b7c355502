import { eventually } from '@vigil/testing';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

// The Sigma CLI as a process: stdin through a real pipe, exit codes and streams as a shell sees them.
const ROOT = resolve(__dirname, '../../../..');
const CLI = [
  '--require',
  join(ROOT, 'libs/testing/src/register-ts.cjs'),
  join(ROOT, 'libs/sigma/src/cli/main.ts'),
];
const RULE = `title: Failed logon
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0101
logsource:
    product: vigil-test
detection:
    selection:
        EventID: 4625
    condition: selection
`;
const failure = (n: number): string =>
  `${JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 10, 27, 10, 0, n)).toISOString(), EventID: 4625 })}\n`;

const dir = mkdtempSync(join(tmpdir(), 'vigil-sigma-cli-'));
const rules = join(dir, 'rule.yml');
writeFileSync(rules, RULE);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sigma(args: string[], input?: Buffer | string) {
  return spawnSync(process.execPath, [...CLI, ...args], { input, encoding: 'utf8', timeout: 60000 });
}

it('writes results while stdin is still being written, then exits 0 when it closes', async () => {
  const child = spawn(process.execPath, [...CLI, 'scan', '--rules', rules, '--events', '-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stdin.write(failure(1));
  // the pipe stays open: a scan that waited for the end of its input would print nothing here
  await eventually(() => out.split('\n').length > 1, { timeoutMs: 60000 });
  expect(JSON.parse(out.split('\n')[0]) as unknown).toMatchObject({ event_file: '-', event_index: 0 });
  expect(child.exitCode).toBeNull();
  child.stdin.write(failure(2));
  await eventually(() => out.split('\n').length > 2, { timeoutMs: 60000 });
  child.stdin.end();
  const [code] = (await once(child, 'exit')) as [number];
  expect(code).toBe(0);
  expect(out.trimEnd().split('\n')).toHaveLength(2);
});

it('reads gzip on stdin', () => {
  const result = sigma(
    ['scan', '--rules', rules, '--events', '-'],
    gzipSync(failure(1) + failure(2) + failure(3)),
  );
  expect(result.status).toBe(0);
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
});

it('refuses an unknown option on stderr with exit code 2, and answers --help and --version', () => {
  const refused = sigma(['scan', '--rules', rules, '--events', '-', '--follow'], '');
  expect(refused.status).toBe(2);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toContain("sigma scan: unknown option '--follow'; known options: --rules,");
  const help = sigma(['scan', '--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^usage: sigma scan --rules PATH\.\.\. --events FILE\.\.\./);
  const version = sigma(['--version']);
  expect(version.status).toBe(0);
  expect(version.stdout).toMatch(/^sigma \d+\.\d+\.\d+\n$/);
});

import { PassThrough, Readable } from 'node:stream';
import { importCommand } from './import-command';
import { testCommand } from './test-command';

async function invoke(command: typeof testCommand, argv: string[]): Promise<{ code: number; err: string }> {
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await command.invoke(argv, { stdin: Readable.from([]), stdout: new PassThrough(), stderr });
  return { code, err: Buffer.concat(chunks).toString() };
}

describe('rules CLI command lines', () => {
  it('refuses what cannot run with exit code 2, naming the option, before any request', async () => {
    const unknown = await invoke(testCommand, ['--rule', 'r.yml', '--events', 'e.json', '--dry-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      "vigil-rules test: unknown option '--dry-run'; known options: --rule, --events, --offline, --pipelines, --url, --token, --help, --version",
    );
    expect((await invoke(testCommand, ['--rule', 'r.yml', '--events', 'e.json'])).err).toContain(
      '--token is required unless --offline',
    );
    expect((await invoke(importCommand, ['--token', 't'])).err).toContain('import needs a directory');
    expect((await invoke(importCommand, ['rules/'])).err).toContain('--token is required');
  });
});

import { PassThrough, Readable } from 'node:stream';
import { UsageError } from './command-line';
import { defineCommand, runTool, type CliIo } from './run-tool';
import { TerminalProgress } from './terminal-progress';
import { toolVersion } from './tool-version';

function io(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return {
    io: { stdin: Readable.from([]), stdout, stderr },
    out: () => Buffer.concat(out).toString(),
    err: () => Buffer.concat(err).toString(),
  };
}

const echo = defineCommand(
  {
    name: 'tool echo',
    usage: '--text TEXT',
    summary: 'Prints the text.',
    options: { text: { type: 'string', required: true, description: 'what to print' } },
  },
  async ({ values }, { stdout }) => {
    if (values.text === 'usage') throw new UsageError('--text may not be usage');
    if (values.text === 'fail') throw new Error('could not print');
    stdout.write(`${values.text}\n`);
    return Promise.resolve(0);
  },
);
const tool = { name: 'tool', summary: 'A tool.', commands: { echo } };

describe('runTool', () => {
  it('runs the named command', async () => {
    const run = io();
    expect(await runTool(tool, ['echo', '--text', 'hi'], run.io)).toBe(0);
    expect(run.out()).toBe('hi\n');
  });

  it('prints the help and version on stdout with exit code 0, for the tool and each command', async () => {
    for (const argv of [['--help'], ['echo', '--help']]) {
      const run = io();
      expect(await runTool(tool, argv, run.io)).toBe(0);
      expect(run.out()).toContain('usage: tool');
      expect(run.err()).toBe('');
    }
    const version = io();
    expect(await runTool(tool, ['echo', '--version'], version.io)).toBe(0);
    expect(version.out()).toBe(`tool ${toolVersion()}\n`);
    expect(toolVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses unknown options and commands on stderr with exit code 2', async () => {
    const option = io();
    expect(await runTool(tool, ['echo', '--text', 'a', '--loud'], option.io)).toBe(2);
    expect(option.out()).toBe('');
    expect(option.err()).toBe(
      "tool echo: unknown option '--loud'; known options: --text, --help, --version\nRun 'tool echo --help' for usage.\n",
    );
    const command = io();
    expect(await runTool(tool, ['shout'], command.io)).toBe(2);
    expect(command.err()).toContain("tool: unknown command 'shout'; commands: echo");
    const none = io();
    expect(await runTool(tool, [], none.io)).toBe(2);
  });

  it('maps a usage error from the command to 2 and any other error to 1, named', async () => {
    const usage = io();
    expect(await runTool(tool, ['echo', '--text', 'usage'], usage.io)).toBe(2);
    expect(usage.err()).toContain('tool echo: --text may not be usage');
    const failure = io();
    expect(await runTool(tool, ['echo', '--text', 'fail'], failure.io)).toBe(1);
    expect(failure.err()).toBe('tool echo: could not print\n');
  });
});

describe('TerminalProgress', () => {
  it('draws on a terminal only, and keeps messages whole', () => {
    const written: string[] = [];
    const terminal = new TerminalProgress(
      { write: (text: string) => written.push(text), isTTY: true, columns: 30 },
      () => 'x'.repeat(50),
    );
    terminal.draw();
    terminal.message('warning');
    terminal.stop();
    expect(written).toEqual([`\r\x1b[K${'x'.repeat(29)}`, '\r\x1b[K', 'warning\n']);

    const piped: string[] = [];
    const pipe = new TerminalProgress({ write: (text: string) => piped.push(text) }, () => 'progress');
    pipe.start();
    pipe.draw();
    pipe.message('warning');
    pipe.stop();
    expect(piped).toEqual(['warning\n']);
  });
});

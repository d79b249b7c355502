import { PassThrough, Readable } from 'node:stream';
import { LineSplitter } from './line-splitter';
import { runCli } from './run-cli';

async function run(
  argv: string[],
  input: (string | Buffer)[],
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runCli(argv, {
    stdin: Readable.from(input.map((part) => Buffer.from(part))),
    stdout,
    stderr,
  });
  return { code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
}

describe('parse CLI', () => {
  it('prints one event per line and exits 0 when every line parses', async () => {
    const { code, out, err } = await run(
      ['--agency', 'so-tttt', '--timezone', 'UTC'],
      ['<13>Nov 27 10:00:00 h app: one\n{"message":"tw', 'o"}\n', '\nsrcip=1.1.1.1 dstip=2.2.2.2'],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const events = out
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { organization: { id: string }; message?: string; vigil: { format: string } },
      );
    expect(events.map((event) => event.vigil.format)).toEqual(['rfc3164', 'json', 'kv']);
    expect(events[1].message).toBe('two');
    expect(events.every((event) => event.organization.id === 'so-tttt')).toBe(true);
  });

  it('reports each failure with its line number on stderr and exits 1', async () => {
    const { code, out, err } = await run(['--format', 'cef'], ['CEF:0|V|P|1|1|n|5|a=b\nnot cef\nCEF:0|x\n']);
    expect(code).toBe(1);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain('line 2: INVALID_HEADER (cef): CEF: expected "CEF:" at the start of the payload');
    expect(err).toContain(
      'line 3: INVALID_HEADER (cef): CEF header: expected 7 pipe-separated fields, found 2',
    );
  });

  it('rejects bad arguments on stderr with exit code 2, naming the known options', async () => {
    const bad = await run(['--format', 'xml'], []);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain(
      "parse: --format takes auto, rfc5424, rfc3164, cef, leef, json, access, kv; got 'xml'",
    );
    const unknown = await run(['--nope'], []);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      "parse: unknown option '--nope'; known options: --format, --agency, --timezone, --help, --version",
    );
    expect((await run(['--timezone', 'Mars/Base'], [])).err).toContain('unknown time zone "Mars/Base"');
    expect((await run(['--agency='], [])).err).toContain('--agency must not be empty');
  });

  it('answers --help and --version on stdout with exit code 0', async () => {
    const help = await run(['--help'], []);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: parse /);
    expect(help.out).toContain('--timezone TZ');
    const version = await run(['--version'], []);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^parse \d+\.\d+\.\d+\n$/);
  });

  it('keeps invalid UTF-8 as \\xNN', async () => {
    const { out } = await run(
      [],
      [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a])],
    );
    expect((JSON.parse(out) as { event: { original: string } }).event.original).toBe('{"a":"\\xFF"}');
  });
});

describe('LineSplitter', () => {
  it('splits across chunks and flags over-long lines without keeping them', () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push(Buffer.from('ab\ncd'))).toEqual([{ bytes: Buffer.from('ab') }]);
    expect(splitter.push(Buffer.from('ef'))).toEqual([]);
    expect(splitter.push(Buffer.from('ghij\nok\n'))).toEqual([{ tooLong: 8 }, { bytes: Buffer.from('ok') }]);
    expect(splitter.push(Buffer.from('tail'))).toEqual([]);
    expect(splitter.end()).toEqual([{ bytes: Buffer.from('tail') }]);
    expect(splitter.end()).toEqual([]);
  });
});

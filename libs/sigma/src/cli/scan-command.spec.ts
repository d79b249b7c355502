import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { scanCommand } from './scan-command';

const RULES = `title: Failed logon
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0001
name: failed_logon
logsource:
    product: vigil-test
detection:
    selection:
        EventID: 4625
    condition: selection
---
title: Three failed logons from one address
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0002
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - IpAddress
    timespan: 5m
    condition:
        gte: 3
`;

const START = Date.parse('2026-11-27T10:00:00.000Z');

function failures(count: number): string {
  return Array.from({ length: count }, (_, n) =>
    JSON.stringify({
      '@timestamp': new Date(START + n * 1000).toISOString(),
      EventID: 4625,
      IpAddress: '203.0.113.7',
    }),
  ).join('\n');
}

interface Run {
  code: number;
  lines: string[];
  err: string;
}

let dir: string;
let rules: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-sigma-scan-'));
  rules = path.join(dir, 'rules.yml');
  writeFileSync(rules, RULES);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString();
}

async function scan(argv: string[], stdin: AsyncIterable<Buffer | string> = Readable.from([])): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await scanCommand.invoke(argv, { stdin, stdout, stderr });
  return {
    code,
    lines: out()
      .split('\n')
      .filter((line) => line !== ''),
    err: err(),
  };
}

const kinds = (lines: string[]): string =>
  lines.map((line) => ('correlation_id' in (JSON.parse(line) as object) ? 'c' : 'm')).join('');

describe('sigma scan', () => {
  it('prints each event its matches then the correlations it completed, in order, across batches', async () => {
    const file = path.join(dir, 'events.ndjson');
    writeFileSync(file, failures(2005));
    const { code, lines } = await scan(['--rules', rules, '--events', file]);
    expect(code).toBe(0);
    // reset after fire: every third failure completes a window of its own three, and the
    // window that straddles the 1,000-event batch boundary fires like the others
    expect(kinds(lines)).toBe(`${'mmmc'.repeat(668)}m`);
    const correlations = lines.filter((line) => line.includes('correlation_id'));
    expect(JSON.parse(correlations[333]) as unknown).toMatchObject({
      events: [`${file}#999`, `${file}#1000`, `${file}#1001`],
    });
  });

  it('judges lt windows once the input passes their end, and the windows still open at its end', async () => {
    const fewer = path.join(dir, 'fewer.yml');
    writeFileSync(
      fewer,
      RULES.replace('Three failed logons', 'Fewer than three failed logons')
        .replace('5c1f0a0002', '5c1f0a0003')
        .replace('timespan: 5m', 'timespan: 1m')
        .replace('gte: 3', 'lt: 3'),
    );
    // one event a second: a quiet address fails twice every 100 s, a busy one the rest of the time
    const file = path.join(dir, 'events.ndjson');
    const events = Array.from({ length: 2450 }, (_, n) =>
      JSON.stringify({
        '@timestamp': new Date(START + n * 1000).toISOString(),
        EventID: 4625,
        IpAddress: n % 100 < 2 ? '198.51.100.1' : '203.0.113.7',
      }),
    );
    writeFileSync(file, events.join('\n'));
    const { code, lines } = await scan(['--rules', fewer, '--events', file]);
    expect(code).toBe(0);
    const correlations = lines.flatMap((line, at) => {
      const parsed = JSON.parse(line) as { group?: { IpAddress: string }; events?: string[] };
      return parsed.group ? [{ at, ...parsed }] : [];
    });
    // every quiet window of two fires; the busy address's windows hold 58 or 59 and do not
    expect(correlations).toHaveLength(25);
    expect(correlations.every(({ group }) => group?.IpAddress === '198.51.100.1')).toBe(true);
    expect(correlations[0].events).toEqual([`${file}#0`, `${file}#1`]);
    // judged as the input went on (after the batch that passed the window's end), not all at the end
    expect(correlations[0].at).toBeLessThan(1100);
    // the last window (2400 s, ending after the last event) is judged at the end of the input
    expect(correlations[24].events).toEqual([`${file}#2400`, `${file}#2401`]);
  });

  it("reads NDJSON from stdin with '-', and gzip from a .gz file or stdin", async () => {
    const gz = path.join(dir, 'events.ndjson.gz');
    writeFileSync(gz, gzipSync(failures(6)));
    const fromStdin = await scan(
      ['--rules', rules, '--events', '-'],
      Readable.from([Buffer.from(failures(3))]),
    );
    expect(fromStdin.code).toBe(0);
    expect(kinds(fromStdin.lines)).toBe('mmmc');
    expect(JSON.parse(fromStdin.lines[3]) as unknown).toMatchObject({ events: ['-#0', '-#1', '-#2'] });

    const fromFile = await scan(['--rules', rules, '--events', gz]);
    expect(kinds(fromFile.lines)).toBe('mmmcmmmc');
    expect(JSON.parse(fromFile.lines[0]) as unknown).toMatchObject({ event_file: gz, event_index: 0 });

    const zippedStdin = await scan(
      ['--rules', rules, '--events', '-'],
      Readable.from([gzipSync(failures(3))]),
    );
    expect(kinds(zippedStdin.lines)).toBe('mmmc');
  });

  it('writes results while stdin is still open', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const running = scanCommand.invoke(['--rules', rules, '--events', '-'], {
      stdin,
      stdout,
      stderr: new PassThrough(),
    });
    stdin.write(`${failures(1)}\n`);
    // were the scan to wait for the end of its input, this would never resolve
    const [first] = (await once(stdout, 'data')) as [Buffer];
    expect(JSON.parse(first.toString()) as unknown).toMatchObject({
      rule_title: 'Failed logon',
      event_index: 0,
    });
    stdin.end();
    expect(await running).toBe(0);
  });

  it('stops at a line that is not JSON, naming file and line, after the results before it', async () => {
    const file = path.join(dir, 'bad.ndjson');
    writeFileSync(file, `${failures(2)}\n\n{"EventID": 4625,\n${failures(1)}\n`);
    const { code, lines, err } = await scan(['--rules', rules, '--events', file]);
    expect(code).toBe(1);
    expect(kinds(lines)).toBe('mm');
    expect(err).toMatch(
      new RegExp(`^sigma scan: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: invalid JSON: `, 'm'),
    );
  });

  it('reads .json files whole: an array, or objects one after another', async () => {
    const array = path.join(dir, 'events.json');
    writeFileSync(array, `[${failures(3).split('\n').join(',')}]`);
    expect(kinds((await scan(['--rules', rules, '--events', array])).lines)).toBe('mmmc');
    const concatenated = path.join(dir, 'concatenated.json');
    writeFileSync(concatenated, failures(2).split('\n').join(''));
    expect(kinds((await scan(['--rules', rules, '--events', concatenated])).lines)).toBe('mm');
  });

  it('names a missing file and refuses a bad command line with exit code 2', async () => {
    const missing = await scan(['--rules', rules, '--events', path.join(dir, 'none.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`${path.join(dir, 'none.ndjson')}: ENOENT`);

    const unknown = await scan(['--rules', rules, '--events', '-', '--since', 'yesterday']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      "sigma scan: unknown option '--since'; known options: --rules, --pipeline, --placeholder, --events, --unmapped, --help, --version",
    );
    expect((await scan(['--rules', rules, '--events', '-', '-'])).err).toContain(
      "'-' (stdin) more than once",
    );
    expect((await scan(['--rules', rules, '--events', 'x', '--unmapped', 'maybe'])).code).toBe(2);
  });
});

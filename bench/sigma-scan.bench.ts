/**
 * `sigma scan` on a large NDJSON file, as a user runs it: a file of normalized events (an sshd
 * brute force in the line shapes OpenSSH and pam_unix log, and a Windows domain controller's
 * OTRF Security-Datasets samples, each parsed by @vigil/parsers as ingestion would) is streamed to
 * disk at the size asked for, then the built CLI scans it with the default packs (Vigil +
 * SigmaHQ core) in a child process whose resident memory is sampled from /proc. Prints one JSON
 * summary: events/s, max RSS, when the first result came out. The file is deleted afterwards.
 *   npm run build && node dist/bench/sigma-scan.bench.js [--mb 2048] [--dir /tmp] [--keep]
 * `--file F` scans an existing NDJSON file instead (kept); `--keep` keeps the generated one.
 */
import { parseLine } from '@vigil/parsers';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { numberArg, stringArg, switchArg } from './lib/bench-args';
import { domainControllerTemplates, sshdBurstLine } from './lib/single-host-corpus';

const REPO = path.resolve(__dirname, '../..');
const SAMPLES = path.resolve(REPO, '../shared/data/samples/security-datasets');
const CLI = path.join(REPO, 'dist/libs/sigma/src/cli/main.js');
const PACKS = ['vigil', 'sigmahq'].map((pack) => path.join(REPO, 'apps/detection/rules', pack));
const START = Date.UTC(2026, 10, 27, 1, 0, 0);
/** Event time advances this much per event, so correlation windows open and close as in life. */
const STEP_MS = 5;
const BURST = { sources: 300, attemptsPerSource: 20 };

/** The n-th raw line: sshd and the domain controller take turns; times move forward with n. */
function rawLine(n: number, windows: readonly string[][]): string {
  const iso = new Date(START + n * STEP_MS).toISOString();
  if (n % 2 === 0) return sshdBurstLine(n / 2, BURST).replace(/^<38>1 \S+/, `<38>1 ${iso}`);
  const parts = windows[((n - 1) / 2) % windows.length];
  const spaced = iso.replace('T', ' ').replace('Z', '');
  let line = parts[0];
  // UtcTime is the one field written with a space; the others take ISO time
  for (let index = 1; index < parts.length; index++)
    line += (parts[index - 1].endsWith('"UtcTime":"') ? spaced : iso) + parts[index];
  return line;
}

async function generate(file: string, bytes: number): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const windows = domainControllerTemplates(SAMPLES);
  const out = createWriteStream(file, { highWaterMark: 4 * 1024 * 1024 });
  const receivedAt = new Date(START);
  let written = 0;
  let events = 0;
  for (let n = 0; written < bytes; n++) {
    const parsed = parseLine(Buffer.from(rawLine(n, windows)), {
      organizationId: 'so-tttt',
      receivedAt,
      eventId: `bench-${n}`,
      timezone: 'UTC',
    });
    if (!parsed.ok) throw new Error(`line ${n}: ${parsed.error.reason}`);
    const text = `${JSON.stringify(parsed.event)}\n`;
    written += Buffer.byteLength(text);
    events++;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { events, seconds: (performance.now() - started) / 1000 };
}

/** Resident set and its high-water mark (kB) from /proc, or undefined once the process is gone. */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return undefined;
  }
}

async function scan(file: string) {
  const started = performance.now();
  const nodeFlags = stringArg('node-flags', '')
    .split(' ')
    .filter((flag) => flag !== '');
  const child = spawn(process.execPath, [...nodeFlags, CLI, 'scan', '--rules', ...PACKS, '--events', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let maxRssKb = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    const memory = child.pid === undefined ? undefined : memoryOf(child.pid);
    if (memory === undefined) return;
    samples++;
    maxRssKb = Math.max(maxRssKb, memory.rss, memory.hwm);
  }, 200);
  let firstResultSeconds: number | undefined;
  let results = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    firstResultSeconds ??= (performance.now() - started) / 1000;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) results++;
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const summary = stderr.trim().split('\n').at(-1) ?? '';
  const figure = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(summary)?.[1] ?? NaN);
  return {
    exit_code: code,
    seconds: Math.round(seconds * 10) / 10,
    events: figure('events'),
    events_per_s: figure('events/s'),
    matches: figure('matches'),
    correlation_results: figure('correlation results'),
    result_lines: results,
    first_result_after_s: firstResultSeconds === undefined ? null : Math.round(firstResultSeconds * 10) / 10,
    max_rss_mb: Math.round(maxRssKb / 1024),
    rss_samples: samples,
    summary,
  };
}

async function main(): Promise<void> {
  const megabytes = numberArg('mb', 2048);
  const given = stringArg('file', '');
  const dir = mkdtempSync(path.join(stringArg('dir', tmpdir()), 'vigil-sigma-scan-bench-'));
  const file = given === '' ? path.join(dir, 'events.ndjson') : given;
  try {
    const generated =
      given === '' ? await generate(file, megabytes * 1024 * 1024) : { events: NaN, seconds: 0 };
    const result = await scan(file);
    process.stdout.write(
      `${JSON.stringify(
        {
          file_mb: Math.round(statSync(file).size / 1048576),
          events_in_file: generated.events,
          generate_s: Math.round(generated.seconds),
          packs: PACKS.map((pack) => path.relative(REPO, pack)),
          scan: result,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    if (switchArg('keep')) process.stderr.write(`kept ${file}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

void main();

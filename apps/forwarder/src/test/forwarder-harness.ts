import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ForwarderOptions } from '../cli/forwarder-options';
import { runForwarder, type ForwarderResult } from '../forwarder';
import { ProgressReporter } from '../progress/progress-reporter';
import { Shutdown, wait, type Wait } from '../shutdown';
import { decodeFileState, type FileState } from '../state/file-state';
import { stateFileName } from '../state/file-state';
import { IngestTestServer } from './ingest-test-server';

/** A forwarder wired to a stand-in ingestion server and a scratch directory. */
export class ForwarderHarness {
  readonly server = new IngestTestServer();
  /** Every delay the forwarder asked to wait, in ms (retries and polls); waits are shortened. */
  readonly waits: number[] = [];
  readonly messages: string[] = [];
  directory = '';
  private url = new URL('http://127.0.0.1');

  async setUp(): Promise<void> {
    this.directory = await mkdtemp(join(tmpdir(), 'vigil-forwarder-'));
    this.url = await this.server.start();
  }

  async tearDown(): Promise<void> {
    await this.server.close();
    await rm(this.directory, { recursive: true, force: true });
  }

  path(name: string): string {
    return join(this.directory, name);
  }

  options(files: string[], overrides: Partial<ForwarderOptions> = {}): ForwarderOptions {
    return {
      url: this.url,
      apiKey: 'agency-key',
      format: 'auto',
      follow: false,
      stateDir: this.path('state'),
      batchLines: 1000,
      batchBytes: 1_048_576,
      gzip: false,
      maxRetries: undefined,
      quiet: false,
      pollIntervalMs: 20,
      files,
      ...overrides,
    };
  }

  /** Starts a run; `shutdown` lets the test stop it as SIGTERM would. */
  start(options: ForwarderOptions): { shutdown: Shutdown; result: Promise<ForwarderResult> } {
    const shutdown = new Shutdown();
    const reporter = new ProgressReporter({ write: (text: string) => this.messages.push(text) }, 'plain');
    const shortWait: Wait = (ms, signal) => {
      this.waits.push(ms);
      return wait(Math.min(ms, 5), signal);
    };
    const result = runForwarder(options, { shutdown, reporter, wait: shortWait, random: () => 0.5 });
    return { shutdown, result };
  }

  run(options: ForwarderOptions): Promise<ForwarderResult> {
    return this.start(options).result;
  }

  async state(file: string): Promise<FileState> {
    const stateFile = join(this.path('state'), stateFileName(file));
    return decodeFileState(await readFile(stateFile, 'utf8'), stateFile);
  }
}

export function numberedLines(from: number, to: number, prefix = 'line'): string[] {
  const lines: string[] = [];
  for (let n = from; n <= to; n++) lines.push(`${prefix} ${n}`);
  return lines;
}

export function text(lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

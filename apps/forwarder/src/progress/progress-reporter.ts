import { basename } from 'node:path';

/** What a file shipper tells the display. */
export interface FileProgress {
  opened(size: number, offset: number): void;
  size(size: number): void;
  acknowledged(offset: number, lines: number, rejected: number): void;
}

/** Where messages and progress go: stderr in production, a buffer in tests. */
export interface ProgressOutput {
  write(text: string): unknown;
  /** Terminal width: rows are cut to it, since a wrapped row would break the redraw. */
  columns?: number;
}

export type ProgressMode = 'tty' | 'plain' | 'quiet';

interface FileFigures {
  path: string;
  size: number;
  offset: number;
  lines: number;
  rejected: number;
}

/**
 * The progress display: on a terminal a block redrawn in place (bytes acknowledged / size,
 * lines per second, per file); otherwise one summary line per interval; nothing when quiet.
 * Messages go through here too, so they never tear the block. Warnings show even when quiet.
 */
export class ProgressReporter {
  private readonly files: FileFigures[] = [];
  private timer: NodeJS.Timeout | undefined;
  private drawnLines = 0;
  private lastLines = 0;
  private readonly startTime = Date.now();
  private lastTime = this.startTime;
  private linesPerSecond = 0;

  constructor(
    private readonly output: ProgressOutput,
    private readonly mode: ProgressMode,
    private readonly intervalMs = mode === 'tty' ? 500 : 30_000,
  ) {}

  fileProgress(path: string): FileProgress {
    const figures: FileFigures = { path, size: 0, offset: 0, lines: 0, rejected: 0 };
    this.files.push(figures);
    return {
      opened: (size, offset) => {
        figures.size = size;
        figures.offset = offset;
      },
      size: (size) => {
        figures.size = size;
      },
      acknowledged: (offset, lines, rejected) => {
        figures.offset = offset;
        figures.size = Math.max(figures.size, offset);
        figures.lines += lines;
        figures.rejected += rejected;
      },
    };
  }

  start(): void {
    if (this.mode === 'quiet') return;
    this.timer = setInterval(() => {
      this.tick();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the display and leaves a final summary (unless quiet). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.mode === 'quiet') return;
    const elapsedMs = Date.now() - this.startTime;
    const lines = this.files.reduce((sum, file) => sum + file.lines, 0);
    // The final line reports the run's average rate.
    this.linesPerSecond = elapsedMs > 0 ? (lines * 1000) / elapsedMs : 0;
    this.erase();
    this.output.write(`${this.summary()}\n`);
  }

  info(message: string): void {
    if (this.mode !== 'quiet') this.message(message);
  }

  warn(message: string): void {
    this.message(`warning: ${message}`);
  }

  error(message: string): void {
    this.message(`error: ${message}`);
  }

  private message(text: string): void {
    this.erase();
    this.output.write(`forwarder: ${text}\n`);
    if (this.mode === 'tty' && this.timer !== undefined) this.draw();
  }

  private tick(): void {
    const now = Date.now();
    const lines = this.files.reduce((sum, file) => sum + file.lines, 0);
    if (now > this.lastTime) this.linesPerSecond = ((lines - this.lastLines) * 1000) / (now - this.lastTime);
    this.lastLines = lines;
    this.lastTime = now;
    if (this.mode === 'tty') {
      this.erase();
      this.draw();
    } else {
      this.output.write(`${this.summary()}\n`);
    }
  }

  private draw(): void {
    const rows = this.files.map(
      (file) =>
        `  ${basename(file.path).padEnd(24)} ${formatBytes(file.offset)} / ${formatBytes(file.size)}` +
        ` ${percent(file.offset, file.size).padStart(4)}` +
        `  ${file.lines} lines${file.rejected > 0 ? `, ${file.rejected} rejected` : ''}`,
    );
    rows.push(this.summary());
    const width = Math.max(20, (this.output.columns ?? 200) - 1);
    this.output.write(`${rows.map((row) => row.slice(0, width)).join('\n')}\n`);
    this.drawnLines = rows.length;
  }

  private erase(): void {
    if (this.mode !== 'tty' || this.drawnLines === 0) return;
    this.output.write(`\x1b[${this.drawnLines}A\r\x1b[J`);
    this.drawnLines = 0;
  }

  private summary(): string {
    const sent = this.files.reduce((sum, file) => sum + file.offset, 0);
    const total = this.files.reduce((sum, file) => sum + file.size, 0);
    const lines = this.files.reduce((sum, file) => sum + file.lines, 0);
    const rejected = this.files.reduce((sum, file) => sum + file.rejected, 0);
    return (
      `forwarder: ${formatBytes(sent)} of ${formatBytes(total)} acknowledged in ${this.files.length} file(s),` +
      ` ${lines} lines this run (${Math.round(this.linesPerSecond)} lines/s), ${rejected} rejected`
    );
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '100%' : `${Math.floor((part * 100) / whole)}%`;
}

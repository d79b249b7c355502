/** Where progress is drawn: a process's stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * One status line redrawn in place on stderr while a long run works, and only when stderr is a
 * terminal: in a pipe or a log file it would be noise between the lines that matter. Messages go
 * through `message` so they never tear the line.
 */
export class TerminalProgress {
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly render: () => string,
    private readonly intervalMs = 500,
  ) {}

  get active(): boolean {
    return this.stream.isTTY === true;
  }

  start(): void {
    if (!this.active || this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.draw();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Lines of their own on the stream, whether or not progress is drawn. */
  message(text: string): void {
    this.erase();
    this.stream.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Removes the status line; the run's own summary follows. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  draw(): void {
    if (!this.active) return;
    // a terminal that does not say its width (0, as under `script`) gets a common one
    const columns =
      this.stream.columns === undefined || this.stream.columns === 0 ? 120 : this.stream.columns;
    const width = Math.max(20, columns - 1);
    this.stream.write(`\r\x1b[K${this.render().slice(0, width)}`);
    this.drawn = true;
  }

  private erase(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** One input line, or the fact that a line was longer than the limit (its bytes are not kept). */
export type SplitLine = { readonly bytes: Buffer } | { readonly tooLong: number };

/**
 * Splits a byte stream on `\n` without decoding (invalid UTF-8 must reach the parser intact) and
 * without buffering more than `maxLineBytes` of any line, so one endless line cannot exhaust memory.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflow = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, nl));
      lines.push(this.take());
      start = nl + 1;
    }
    this.append(chunk.subarray(start));
    return lines;
  }

  /** The last line when the input does not end with a newline. */
  end(): SplitLine[] {
    return this.pendingBytes > 0 || this.overflow > 0 ? [this.take()] : [];
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.overflow > 0 || this.pendingBytes + part.length > this.maxLineBytes + 1) {
      this.overflow += this.pendingBytes + part.length;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private take(): SplitLine {
    const line: SplitLine =
      this.overflow > 0
        ? { tooLong: this.overflow }
        : { bytes: Buffer.concat(this.pending, this.pendingBytes) };
    this.pending = [];
    this.pendingBytes = 0;
    this.overflow = 0;
    return line;
  }
}

import type { RawLine } from '../../intake/domain/raw-line';
import { retryDelayMs } from '../domain/retry-delay';
import type { SyslogDeframer, SyslogFrame } from '../domain/syslog-deframer';

/** The reading side of a connection: stop and restart reading from the socket. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

export interface StreamIntakeOptions {
  deframer: SyslogDeframer;
  /** Resolves only once Kafka has the lines (IngestLinesUseCase.execute for this connection's agency). */
  ingest: (lines: RawLine[]) => Promise<unknown>;
  flow: FlowControl;
  delayMs?: (attempt: number) => number;
  onRetry?: (failure: { error: unknown; attempt: number; delayMs: number; lines: number }) => void;
  onOverLimit?: (frame: SyslogFrame) => void;
  /** Closed before Kafka took these frames: they were never acknowledged, and are given up. */
  onAbandoned?: (frames: number) => void;
  /**
   * Errors that retrying cannot cure (the agency was disabled meanwhile). The intake closes and
   * calls `onRefused` with the frames it gives up; the caller closes the connection.
   */
  isPermanent?: (error: unknown) => boolean;
  onRefused?: (refusal: { error: unknown; frames: number }) => void;
  /** Bounds of one ingest call (and so of one Kafka request); defaults 256 KiB and 500 lines. */
  maxBatchBytes?: number;
  maxBatchLines?: number;
}

const DEFAULT_MAX_BATCH_BYTES = 256 * 1024;
const DEFAULT_MAX_BATCH_LINES = 500;

/**
 * Back-pressure for one syslog TCP/TLS connection: nothing more is read from the socket until
 * Kafka has what was read before. What the socket delivers in one turn of the event loop (up to
 * maxBatchBytes) is read; then reading pauses, the complete frames go to Kafka in batches, and
 * reading resumes only once Kafka has them all. Batches are bounded (256 KiB or 500 lines) so
 * their events, each several times its raw line, stay under the broker's default 1 MB
 * record-batch limit; reading a whole turn rather than one 64 KiB chunk saves Kafka round trips
 * (acks=all). A batch Kafka did not take is kept and retried with backoff while reading stays
 * paused, so the sender's own buffers fill and it slows down; nothing is dropped. Retrying stops
 * only when the connection closes or the service shuts down (`close()`), since then nobody is left
 * to acknowledge to, or on an error retrying cannot cure (`isPermanent`).
 */
export class StreamIntake {
  private pending: SyslogFrame[] = [];
  private running = false;
  private finished = false;
  private closed = false;
  private drained: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private readSinceBatch = 0;
  private scheduled = false;
  private readonly maxBatchBytes: number;
  private readonly maxBatchLines: number;

  constructor(private readonly options: StreamIntakeOptions) {
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.maxBatchLines = options.maxBatchLines ?? DEFAULT_MAX_BATCH_LINES;
  }

  /** A chunk was read from the socket. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    this.enqueue(this.options.deframer.push(chunk));
    this.readSinceBatch += chunk.length;
    if (this.running || this.readSinceBatch >= this.maxBatchBytes) {
      this.startBatch();
      return;
    }
    if (this.scheduled) return;
    // Read what else the socket has ready in this turn, then stop reading and ingest it all.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running && !this.closed) this.startBatch();
    });
  }

  /** The peer finished sending: ingest what is left, resolving once done (or closed). */
  finish(): Promise<void> {
    if (!this.finished && !this.closed) {
      this.finished = true;
      this.enqueue(this.options.deframer.end());
      this.pump();
    }
    return this.idle();
  }

  /**
   * The service stops: read nothing more, but take what was already read to Kafka (retrying as
   * usual until `close()`); resolves once it is there or the connection closed.
   */
  stopReading(): Promise<void> {
    if (!this.closed) {
      this.finished = true;
      this.options.flow.pause();
      this.pump();
    }
    return this.idle();
  }

  /** The connection is gone or the service stops: stop retrying (an ingest in flight still completes). */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** Resolves when no batch is being ingested or retried. */
  idle(): Promise<void> {
    return this.running ? this.drained : Promise.resolve();
  }

  /** True while frames wait for Kafka or a batch is being ingested (reading is then paused). */
  get busy(): boolean {
    return this.running || this.pending.length > 0;
  }

  /** Frames read but not yet in Kafka. */
  get waiting(): number {
    return this.pending.length;
  }

  private enqueue(frames: SyslogFrame[]): void {
    for (const frame of frames) {
      if (frame.overLimit !== undefined) this.options.onOverLimit?.(frame);
      this.pending.push(frame);
    }
  }

  private startBatch(): void {
    this.options.flow.pause();
    this.readSinceBatch = 0;
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    this.drained = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.closed) {
      const batch = this.nextBatch();
      const outcome = await this.deliver(batch);
      if (outcome === 'delivered') continue;
      const frames = batch.length + this.pending.length;
      this.pending = [];
      if (outcome === 'closed') this.options.onAbandoned?.(frames);
      else this.options.onRefused?.({ error: outcome.refused, frames });
      break;
    }
    // Synchronously from here on: a chunk read after resume() starts a new drain.
    this.running = false;
    if (!this.closed && !this.finished) this.options.flow.resume();
  }

  private nextBatch(): SyslogFrame[] {
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length && count < this.maxBatchLines) {
      const size = this.pending[count].bytes.length;
      if (count > 0 && bytes + size > this.maxBatchBytes) break;
      bytes += size;
      count++;
    }
    return this.pending.splice(0, count);
  }

  private async deliver(batch: SyslogFrame[]): Promise<'delivered' | 'closed' | { refused: unknown }> {
    const lines: RawLine[] = batch.map(({ line, bytes, overLimit }) => ({
      line,
      bytes,
      tooLong: overLimit?.reason,
    }));
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.options.ingest(lines);
        return 'delivered';
      } catch (error) {
        // close() may have come while the batch was in flight.
        if (this.isClosed()) return 'closed';
        if (this.options.isPermanent?.(error) === true) {
          this.close();
          return { refused: error };
        }
        const delayMs = (this.options.delayMs ?? retryDelayMs)(attempt);
        this.options.onRetry?.({ error, attempt, delayMs, lines: lines.length });
        await this.sleep(delayMs);
      }
    }
    return 'closed';
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }
}

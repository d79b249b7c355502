/** One syslog message cut from a stream, numbered from 1 in the order it arrived on the connection. */
export interface SyslogFrame {
  line: number;
  bytes: Buffer;
  /**
   * Set when the frame was longer than the limit. Only its first `maxFrameBytes + 1` bytes are
   * kept in `bytes` (enough for ingestion to dead-letter it as LINE_TOO_LONG, with the start of
   * the message for whoever reads the dead letter); the rest was read and discarded, never buffered.
   */
  overLimit?: { size: number; reason: string };
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SPACE = 0x20;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;
/** MSG-LEN has at most this many digits; a longer digit run cannot be a length prefix. */
const MAX_LENGTH_DIGITS = 10;

type State = { kind: 'start' } | { kind: 'octet'; remaining: number } | { kind: 'newline' };

/**
 * Cuts a syslog TCP/TLS byte stream into messages (RFC 6587), whatever the chunk boundaries.
 *
 * Each frame's framing is detected on its own: a frame that starts with a non-zero digit run
 * followed by a space is octet-counted (`<len> <msg>`, also RFC 5425's TLS framing); anything
 * else is non-transparent, ending at LF or NUL, with a CR before the terminator removed. Stray
 * LF, CR and NUL between frames are skipped, so senders that add a newline after an
 * octet-counted frame are understood too. Memory is bounded by the limit: an over-long frame is
 * consumed to its end but only its first `maxFrameBytes + 1` bytes are kept (see `overLimit`).
 */
export class SyslogDeframer {
  private state: State = { kind: 'start' };
  /** Bytes of a length prefix not yet followed by its space (at most MAX_LENGTH_DIGITS). */
  private carry: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private count = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** The frames completed by this chunk; partial ones wait for the next. */
  push(chunk: Buffer): SyslogFrame[] {
    const frames: SyslogFrame[] = [];
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    const terminators = new TerminatorFinder(data);
    let at = 0;
    while (at < data.length) {
      switch (this.state.kind) {
        case 'start':
          at = this.startFrame(data, at);
          if (at === -1) return frames;
          break;
        case 'octet': {
          const take = Math.min(this.state.remaining, data.length - at);
          this.keep(data.subarray(at, at + take));
          this.state.remaining -= take;
          at += take;
          if (this.state.remaining === 0) frames.push(this.finish(false));
          break;
        }
        case 'newline': {
          const end = terminators.next(at);
          if (end === -1) {
            this.keep(data.subarray(at));
            at = data.length;
          } else {
            this.keep(data.subarray(at, end));
            at = end + 1;
            frames.push(this.finish(true));
          }
          break;
        }
        default:
          return assertNever(this.state);
      }
    }
    return frames;
  }

  /** The peer stopped sending: what is left becomes a last frame (a truncated one included). */
  end(): SyslogFrame[] {
    if (this.carry.length > 0) {
      this.keep(this.carry);
      this.carry = Buffer.alloc(0);
      this.state = { kind: 'newline' };
    }
    if (this.state.kind === 'start' || this.size === 0) {
      this.state = { kind: 'start' };
      return [];
    }
    return [this.finish(this.state.kind === 'newline')];
  }

  /** Bytes held for the frame in progress (bounded by maxFrameBytes + 1 + a length prefix). */
  get bufferedBytes(): number {
    return this.kept + this.carry.length;
  }

  /** Decides the framing of the frame starting at `at`; -1 when the chunk ends inside its length prefix. */
  private startFrame(data: Buffer, at: number): number {
    const first = data[at];
    if (first === LF || first === CR || first === NUL) return at + 1;
    if (first >= ONE && first <= NINE) {
      let end = at;
      while (end < data.length && end - at <= MAX_LENGTH_DIGITS && data[end] >= ZERO && data[end] <= NINE)
        end++;
      const digits = end - at;
      if (end === data.length && digits <= MAX_LENGTH_DIGITS) {
        this.carry = Buffer.from(data.subarray(at));
        return -1;
      }
      if (digits <= MAX_LENGTH_DIGITS && data[end] === SPACE) {
        this.state = { kind: 'octet', remaining: Number(data.toString('latin1', at, end)) };
        return end + 1;
      }
    }
    this.state = { kind: 'newline' };
    return at;
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    const room = this.maxFrameBytes + 1 - this.kept;
    if (room > 0) {
      const taken = part.length <= room ? part : part.subarray(0, room);
      this.parts.push(taken);
      this.kept += taken.length;
    }
    this.size += part.length;
  }

  private finish(newline: boolean): SyslogFrame {
    let bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    let size = this.size;
    if (newline && size === bytes.length && bytes.length > 0 && bytes[bytes.length - 1] === CR) {
      bytes = bytes.subarray(0, bytes.length - 1);
      size--;
    }
    const frame: SyslogFrame = { line: ++this.count, bytes };
    if (size > this.maxFrameBytes) {
      frame.overLimit = {
        size,
        reason: `frame ${frame.line} is ${size} bytes, over the ${this.maxFrameBytes}-byte limit; its first ${bytes.length} bytes are kept`,
      };
    }
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.state = { kind: 'start' };
    return frame;
  }
}

/** The next LF or NUL; remembers both positions so a chunk of many frames is scanned once. */
class TerminatorFinder {
  private lf = -2;
  private nul = -2;

  constructor(private readonly data: Buffer) {}

  next(from: number): number {
    if (this.lf !== -1 && this.lf < from) this.lf = this.data.indexOf(LF, from);
    if (this.nul !== -1 && this.nul < from) this.nul = this.data.indexOf(NUL, from);
    if (this.lf === -1) return this.nul;
    return this.nul === -1 ? this.lf : Math.min(this.lf, this.nul);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected deframer state ${JSON.stringify(value)}`);
}

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { parseEventText } from './event-file-reader';

/** An event and its position among its source's events (0-based), as the scan names it. */
export interface StreamedEvent {
  readonly event: unknown;
  readonly index: number;
}

export interface EventStreamOptions {
  /** What `-` reads. */
  readonly stdin?: AsyncIterable<Buffer | string>;
  /** A line longer than this stops the read (one endless line must not exhaust memory). */
  readonly maxLineBytes?: number;
  /** A `.json` file is parsed whole; past this size it must be NDJSON instead. */
  readonly maxWholeJsonChars?: number;
  readonly maxBatch?: number;
  /** Told the size of each piece of (decompressed) input, for progress. */
  readonly onBytes?: (bytes: number) => void;
}

export const STDIN_SOURCE = '-';
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_WHOLE_JSON_CHARS = 256 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK_BYTES = 1024 * 1024;

/** A source that cannot be read as events; the message names it (and the line, if one is to blame). */
export class EventSourceError extends Error {
  override readonly name = 'EventSourceError';
}

/** How a source is named in messages. */
export function sourceLabel(source: string): string {
  return source === STDIN_SOURCE ? 'stdin' : source;
}

/** NDJSON unless the name (without `.gz`) says `.json`; stdin is always NDJSON. */
function isWholeJson(source: string): boolean {
  return source !== STDIN_SOURCE && /\.json$/i.test(source.replace(/\.gz$/i, ''));
}

/**
 * The events of a file (or `-`, stdin) batch by batch as its bytes arrive, so memory stays bounded
 * by a batch whatever the size of the source, and a reader sees results while a pipe is still
 * being written. NDJSON (`.ndjson`, `.jsonl`, stdin) is read line by line; gzip is recognised by
 * its first bytes and decompressed as it streams. A `.json` file (one value, an array, or values
 * one after another) has no line boundaries to stream by and is read whole, up to a limit.
 * Stops at the first line that is not JSON, naming source and line.
 */
export async function* streamEvents(
  source: string,
  options: EventStreamOptions = {},
): AsyncGenerator<StreamedEvent[]> {
  const label = sourceLabel(source);
  const maxBatch = options.maxBatch ?? 1000;
  const bytes = decompressed(opened(source, options), label);
  if (isWholeJson(source)) {
    const text = await wholeText(bytes, label, options);
    const events = parseEventText(text, source.replace(/\.gz$/i, ''));
    for (let start = 0; start < events.length; start += maxBatch)
      yield events.slice(start, start + maxBatch).map((event, offset) => ({ event, index: start + offset }));
    return;
  }
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // the start of a line whose end is in a later chunk
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  let index = 0;
  let batch: StreamedEvent[] = [];
  const take = (line: string): void => {
    lineNumber++;
    if (isBlank(line)) return;
    batch.push({ event: parseLine(line, label, lineNumber), index: index++ });
  };
  for await (const chunk of bytes) {
    options.onBytes?.(chunk.length);
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      if (pendingBytes + newline - start > maxLine) throw tooLong(label, lineNumber + 1, maxLine);
      // Each line is decoded on its own (a '\n' byte is never inside a UTF-8 character): strings
      // JSON.parse takes from it and a correlation window keeps then hold a line, not the chunk.
      const line =
        pendingBytes === 0
          ? chunk.toString('utf8', start, newline)
          : Buffer.concat([...pending, chunk.subarray(start, newline)]).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      try {
        take(line);
      } catch (error) {
        // the events before the bad line are results the reader is owed
        if (batch.length > 0) yield batch;
        throw error;
      }
      if (batch.length >= maxBatch) {
        yield batch;
        batch = [];
      }
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLine) throw tooLong(label, lineNumber + 1, maxLine);
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (pendingBytes > 0) take(Buffer.concat(pending).toString('utf8'));
  if (batch.length > 0) yield batch;
}

function opened(source: string, options: EventStreamOptions): AsyncIterable<Buffer | string> {
  if (source !== STDIN_SOURCE) return createReadStream(source, { highWaterMark: CHUNK_BYTES });
  if (options.stdin === undefined) throw new EventSourceError('stdin (-) is not available here');
  return options.stdin;
}

/** The bytes, gunzipped on the way when they start like gzip. */
async function* decompressed(chunks: AsyncIterable<Buffer | string>, label: string): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer | string>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw new EventSourceError(`${label}: ${messageOf(error)}`, { cause: error });
  }
  if (first.done === true) return;
  const head = asBuffer(first.value);
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
      yield asBuffer(next.value);
  }
  try {
    if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
      yield* all();
      return;
    }
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    // Errors on either side end up in the gunzip stream's iteration below.
    pipeline(Readable.from(all()), gunzip).catch(() => undefined);
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof EventSourceError) throw error;
    throw new EventSourceError(`${label}: ${messageOf(error)}`, { cause: error });
  }
}

async function wholeText(
  bytes: AsyncIterable<Buffer>,
  label: string,
  options: EventStreamOptions,
): Promise<string> {
  const max = options.maxWholeJsonChars ?? DEFAULT_MAX_WHOLE_JSON_CHARS;
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    options.onBytes?.(chunk.length);
    const text = decoder.write(chunk);
    size += text.length;
    if (size > max)
      throw new EventSourceError(
        `${label}: a .json file is read whole and this one is over ${max} characters; write it as NDJSON (.ndjson, one event per line) to stream it`,
      );
    parts.push(text);
  }
  parts.push(decoder.end());
  return parts.join('');
}

function parseLine(line: string, label: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (error) {
    throw new EventSourceError(`${label}:${lineNumber}: invalid JSON: ${messageOf(error)}`, { cause: error });
  }
}

function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  // only lines that start with white space can be blank; most events start with '{'
  return (first === 32 || first === 9 || first === 13) && line.trim() === '';
}

function tooLong(label: string, lineNumber: number, max: number): EventSourceError {
  return new EventSourceError(`${label}:${lineNumber}: line is longer than ${max} bytes`);
}

function asBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

function messageOf(error: unknown): string {
  // not `instanceof Error`: errors from another realm (a test's sandbox) are objects with a message too
  return typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
    ? error.message
    : String(error);
}

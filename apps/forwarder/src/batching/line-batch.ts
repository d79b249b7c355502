/**
 * Cutting a file's bytes into batches of whole lines. Pure: the reader hands over a buffer
 * and the file offset of its first byte; batches carry file offsets so that acknowledged
 * progress, idempotency keys and rejected-line reports all speak in bytes of the file.
 */

const NEWLINE = 0x0a;

/** A run of consecutive lines of one file, sent as one request body. */
export interface LineBatch {
  /** File offset of the first byte. */
  start: number;
  /** File offset just past the last byte (past the final newline when there is one). */
  end: number;
  /** File offset where each line starts; rejected line k of the body is lineStarts[k - 1]. */
  lineStarts: number[];
  /** The file's bytes from start to end, newlines included. */
  bytes: Buffer;
}

export interface BatchLimits {
  maxLines: number;
  maxBytes: number;
}

/**
 * Takes the longest run of complete lines from the front of `bytes` that fits the limits; a
 * single line longer than maxBytes is still taken alone (the server decides what to do with
 * it). A trailing line without newline is taken only when `includePartialLine` (end of a file
 * that is not followed). Returns undefined when no line is ready.
 */
export function takeBatch(
  bytes: Buffer,
  start: number,
  limits: BatchLimits,
  includePartialLine: boolean,
): LineBatch | undefined {
  const lineStarts: number[] = [];
  let position = 0;
  while (lineStarts.length < limits.maxLines && position < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, position);
    const lineEnd = newline === -1 ? bytes.length : newline + 1;
    if (newline === -1 && !includePartialLine) break;
    if (lineStarts.length > 0 && lineEnd > limits.maxBytes) break;
    lineStarts.push(start + position);
    position = lineEnd;
  }
  if (lineStarts.length === 0) return undefined;
  return { start, end: start + position, lineStarts, bytes: bytes.subarray(0, position) };
}

/** The request body: the lines separated by newlines, without the batch's final newline. */
export function batchBody(batch: LineBatch): Buffer {
  const { bytes } = batch;
  return bytes.length > 0 && bytes[bytes.length - 1] === NEWLINE
    ? bytes.subarray(0, bytes.length - 1)
    : bytes;
}

/**
 * Splits a batch the server found too large into consecutive batches of at most maxBytes
 * each (a line longer than that stays alone). With one line there is nothing to split.
 */
export function splitBatch(batch: LineBatch, maxBytes: number): LineBatch[] {
  const parts: LineBatch[] = [];
  let rest = batch;
  for (;;) {
    const part = takeBatch(rest.bytes, rest.start, { maxLines: Number.MAX_SAFE_INTEGER, maxBytes }, true);
    if (part === undefined) return parts;
    parts.push(part);
    if (part.end === rest.end) return parts;
    rest = {
      start: part.end,
      end: rest.end,
      lineStarts: rest.lineStarts.filter((lineStart) => lineStart >= part.end),
      bytes: rest.bytes.subarray(part.end - rest.start),
    };
  }
}

/** Halves a batch by lines, for a 413 that did not say what the limit is. */
export function halveBatch(batch: LineBatch): LineBatch[] {
  if (batch.lineStarts.length < 2) return [batch];
  const middle = batch.lineStarts[Math.floor(batch.lineStarts.length / 2)];
  return [
    {
      start: batch.start,
      end: middle,
      lineStarts: batch.lineStarts.filter((lineStart) => lineStart < middle),
      bytes: batch.bytes.subarray(0, middle - batch.start),
    },
    {
      start: middle,
      end: batch.end,
      lineStarts: batch.lineStarts.filter((lineStart) => lineStart >= middle),
      bytes: batch.bytes.subarray(middle - batch.start),
    },
  ];
}

import type { FileHandle } from 'node:fs/promises';
import { takeBatch, type BatchLimits, type LineBatch } from '../batching/line-batch';

/**
 * Longest line kept whole. Past this a "line" (usually a binary file shipped by mistake) is
 * cut into pieces of this size, so memory stays bounded.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
const MIN_READ_BYTES = 64 * 1024;

/**
 * Reads the next batch of complete lines at `offset`. `atEnd` says what to do with a trailing
 * line without newline: 'wait' for it to be completed (following), or 'include' it (the file
 * is finished). A line longer than the read size is read whole by growing the buffer.
 */
export async function readNextBatch(
  handle: FileHandle,
  offset: number,
  limits: BatchLimits,
  atEnd: 'wait' | 'include',
): Promise<LineBatch | undefined> {
  let size = Math.max(limits.maxBytes, MIN_READ_BYTES);
  for (;;) {
    const buffer = Buffer.allocUnsafe(size);
    const { bytesRead } = await handle.read(buffer, 0, size, offset);
    const bytes = buffer.subarray(0, bytesRead);
    const reachedEnd = bytesRead < size;
    const batch = takeBatch(bytes, offset, limits, atEnd === 'include' && reachedEnd);
    if (batch !== undefined || reachedEnd) return batch;
    if (size >= MAX_LINE_BYTES)
      return { start: offset, end: offset + bytesRead, lineStarts: [offset], bytes };
    size = Math.min(size * 2, MAX_LINE_BYTES);
  }
}

/** Re-reads exactly [start, end) (a batch sent before a crash); undefined if the file is now shorter. */
export async function readRange(
  handle: FileHandle,
  start: number,
  end: number,
): Promise<LineBatch | undefined> {
  const buffer = Buffer.allocUnsafe(end - start);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
  if (bytesRead < buffer.length) return undefined;
  return takeBatch(
    buffer,
    start,
    { maxLines: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER },
    true,
  );
}

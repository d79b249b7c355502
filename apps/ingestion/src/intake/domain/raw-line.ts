/** One line of input as received, with its 1-based position in the request or stream. */
export interface RawLine {
  line: number;
  bytes: Buffer;
  /** Set when the caller already knows the event id (client-supplied or idempotency-derived). */
  eventId?: string;
  /**
   * Set when the caller cut the line at the limit (a syslog frame read only in part): why it is
   * refused, with the line's real size. `bytes` then holds only its start.
   */
  tooLong?: string;
}

/**
 * Splits a body into lines (LF or CRLF), keeping bytes as they are and numbering from 1. With
 * `limit`, stops once it holds one line more than that, so a body of millions of short lines is
 * refused before it is held in memory as millions of objects.
 */
export function splitLines(body: Buffer, limit = Number.POSITIVE_INFINITY): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  let number = 0;
  while (start <= body.length && lines.length <= limit) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    number++;
    let stop = end;
    if (stop > start && body[stop - 1] === 0x0d) stop--;
    if (stop > start) lines.push({ line: number, bytes: body.subarray(start, stop) });
    start = end + 1;
  }
  return lines;
}

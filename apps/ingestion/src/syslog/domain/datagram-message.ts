/**
 * A syslog UDP datagram is one message (RFC 5426); senders often end it with a newline (or CRLF,
 * or NUL), which is not part of the message.
 */
export function datagramMessage(payload: Buffer): Buffer {
  let end = payload.length;
  while (end > 0 && (payload[end - 1] === 0x0a || payload[end - 1] === 0x0d || payload[end - 1] === 0x00))
    end--;
  return end === payload.length ? payload : payload.subarray(0, end);
}

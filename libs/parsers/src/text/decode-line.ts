import { isUtf8 } from 'node:buffer';

const HEX = '0123456789ABCDEF';

function escapeByte(byte: number, prefix: string): string {
  return `${prefix}${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there is invalid. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const cont = (k: number): boolean => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1];
    if (!cont(1) || !cont(2)) return 0;
    if (b0 === 0xe0 && b1 < 0xa0) return 0; // overlong
    if (b0 === 0xed && b1 > 0x9f) return 0; // surrogate
    return 3;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1];
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 === 0xf0 && b1 < 0x90) return 0;
    if (b0 === 0xf4 && b1 > 0x8f) return 0;
    return 4;
  }
  return 0;
}

/**
 * Bytes → text. Valid UTF-8 decodes as usual; each invalid byte is kept as the four characters
 * `\xNN` so the original can still be read and nothing is replaced silently by U+FFFD. JSON
 * parsing asks for the prefix `\\x` instead, so the escape is valid inside a JSON string and
 * the parsed value reads `\xNN` too.
 */
export function decodeLine(bytes: Uint8Array, prefix = '\\x'): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      out += buffer.toString('utf8', start, i) + escapeByte(bytes[i], prefix);
      i += 1;
      start = i;
    } else {
      i += length;
    }
  }
  return out + buffer.toString('utf8', start, bytes.length);
}

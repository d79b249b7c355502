/**
 * Encoding modifiers (base64, base64offset, utf16le/wide, utf16be, utf16). Values are handled as
 * byte strings (one char per byte, latin1) once a utf16 modifier has run; text is UTF-8 before.
 */
export interface EncodedValue {
  text: string;
  isBytes: boolean;
}

function toBuffer(value: EncodedValue): Buffer {
  return Buffer.from(value.text, value.isBytes ? 'latin1' : 'utf8');
}

export function base64(value: EncodedValue): string {
  return toBuffer(value).toString('base64');
}

/**
 * The three shifted encodings of a value that appears somewhere inside base64 data, with the
 * bytes that depend on the neighbours cut off (same offsets as pySigma).
 */
export function base64Offsets(value: EncodedValue): string[] {
  const bytes = toBuffer(value);
  const startOffsets = [0, 2, 3];
  const endOffsets = [undefined, -3, -2];
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    return encoded.slice(startOffsets[shift], endOffsets[(bytes.length + shift) % 3]);
  });
}

export function utf16(value: EncodedValue, variant: 'utf16le' | 'utf16be' | 'utf16'): EncodedValue {
  const le = Buffer.from(
    value.isBytes ? Buffer.from(value.text, 'latin1').toString('utf8') : value.text,
    'utf16le',
  );
  let bytes = le;
  if (variant === 'utf16be') bytes = Buffer.from(le).swap16();
  if (variant === 'utf16') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  return { text: bytes.toString('latin1'), isBytes: true };
}

/**
 * A Sigma string value as a sequence of literal text and special tokens, after the escaping
 * rules of the spec ("Escape Character"): a backslash escapes `*`, `?` and itself; before any
 * other character it is a plain backslash. Transformation modifiers (contains, base64, windash…)
 * work on this form, so an escaped `\*` never turns into a wildcard.
 */
export type SigmaStringPart =
  | { kind: 'text'; text: string }
  | { kind: 'any' } // `*`
  | { kind: 'one' } // `?`
  | { kind: 'dash' }; // windash: any of - / – — ―

export type SigmaString = SigmaStringPart[];

export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'];

export function parseSigmaString(raw: string): SigmaString {
  const parts: SigmaString = [];
  let text = '';
  const flush = (): void => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else {
        text += '\\';
      }
    } else if (char === '*' || char === '?') {
      flush();
      parts.push({ kind: char === '*' ? 'any' : 'one' });
    } else {
      text += char;
    }
  }
  flush();
  return parts;
}

/** A plain string (no wildcards) as a SigmaString. */
export function literalSigmaString(text: string): SigmaString {
  return text ? [{ kind: 'text', text }] : [];
}

export function hasWildcards(value: SigmaString): boolean {
  return value.some((part) => part.kind !== 'text');
}

export function plainText(value: SigmaString): string {
  return value.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

export function withLeadingAny(value: SigmaString): SigmaString {
  return value[0]?.kind === 'any' ? value : [{ kind: 'any' }, ...value];
}

export function withTrailingAny(value: SigmaString): SigmaString {
  return value.at(-1)?.kind === 'any' ? value : [...value, { kind: 'any' }];
}

const WORD = /\w/;

/**
 * windash, as pySigma does it: a `-` or `/` that starts a command-line flag (a non-word
 * character or the start before it, a word character after it) becomes the dash class. Compiled
 * as a character class, never enumerated into permutations.
 */
export function windash(value: SigmaString): SigmaString {
  const chars: (string | SigmaStringPart)[] = [];
  for (const part of value) {
    if (part.kind === 'text') for (const char of part.text) chars.push(char);
    else chars.push(part);
  }
  const isWordAt = (i: number): boolean => {
    const c = chars[i];
    return typeof c === 'string' && WORD.test(c);
  };
  const out: SigmaString = [];
  let text = '';
  chars.forEach((c, i) => {
    const isFlagDash =
      typeof c === 'string' && (c === '-' || c === '/') && !isWordAt(i - 1) && isWordAt(i + 1);
    if (typeof c === 'string' && !isFlagDash) {
      text += c;
      return;
    }
    if (text) out.push({ kind: 'text', text });
    text = '';
    out.push(typeof c === 'string' ? { kind: 'dash' } : c);
  });
  if (text) out.push({ kind: 'text', text });
  return out;
}

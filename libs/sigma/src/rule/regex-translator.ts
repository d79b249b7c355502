import RE2 from 're2';
import { ruleError } from './sigma-rule-error';

/** A compiled Sigma `re` value: RE2, so matching time is linear in the text whatever the pattern. */
export interface SigmaRegex {
  /** The pattern as RE2 runs it (after translation), without the leading inline flags. */
  readonly source: string;
  /** The Sigma flags in effect: a sorted subset of `ims`. */
  readonly flags: string;
  test(text: string): boolean;
}

/**
 * Turns a Sigma `re` value (PCRE/Python flavour) into an RE2 regular expression. Event text is
 * attacker-chosen, so a backtracking engine is never used: `(a+)+$` or the nested quantifiers of
 * SigmaHQ's Invoke-Obfuscation rules would take seconds to hours on a line of a few dozen
 * characters. Leading inline flag groups such as `(?i)` become flags and `\Z` becomes `\z`
 * (Python's end of text). A trailing lookahead or leading lookbehind, which only asserts text
 * next to the match, is matched as ordinary text (the same answer to "does it match"); any other
 * lookaround and every backreference cannot run in linear time and is refused with the reason.
 */
export function translateRegex(pattern: string, subModifiers: readonly string[], path: string): SigmaRegex {
  const flags = new Set(subModifiers);
  let source = pattern;
  for (;;) {
    const inline = /^\(\?([imsx]+)\)/.exec(source);
    if (!inline) break;
    for (const flag of inline[1]) {
      if (flag === 'x') throw ruleError(path, 'regular expression uses the unsupported verbose flag (?x)');
      flags.add(flag);
    }
    source = source.slice(inline[0].length);
  }
  source = rewriteForRe2(source, path);
  const sorted = [...flags].sort().join('');
  let regex: RE2;
  try {
    regex = new RE2(source, `${sorted}u`);
  } catch (error) {
    throw ruleError(path, `invalid regular expression: ${(error as Error).message}`);
  }
  return { source, flags: sorted, test: (text) => regex.test(text) };
}

/** One construct RE2 cannot run, with where it starts and ends in the pattern. */
interface Unsupported {
  kind: 'lookahead' | 'negative lookahead' | 'lookbehind' | 'negative lookbehind' | 'backreference';
  start: number;
  end: number;
  depth: number;
}

const LOOKAROUND: Record<string, Unsupported['kind']> = {
  '(?=': 'lookahead',
  '(?!': 'negative lookahead',
  '(?<=': 'lookbehind',
  '(?<!': 'negative lookbehind',
};

function rewriteForRe2(source: string, path: string): string {
  const found = scan(source);
  // `\Z` → `\z` keeps every offset, so the lookaround offsets below still hold.
  let rewritten = found.endOfText.reduce(
    (text, at) => `${text.slice(0, at)}\\z${text.slice(at + 2)}`,
    source,
  );
  // Right to left, so earlier offsets stay valid.
  for (const construct of [...found.unsupported].reverse()) {
    const open = construct.kind === 'lookahead' ? '(?=' : '(?<=';
    const trailing = construct.kind === 'lookahead' && construct.end === source.length;
    const leading = construct.kind === 'lookbehind' && construct.start === 0;
    if (construct.depth !== 0 || !(trailing || leading)) {
      throw ruleError(
        path,
        `regular expression uses a ${construct.kind}, which cannot run in linear time (RE2); rewrite the pattern without it`,
      );
    }
    const inner = rewritten.slice(construct.start + open.length, construct.end - 1);
    rewritten = `${rewritten.slice(0, construct.start)}(?:${inner})${rewritten.slice(construct.end)}`;
  }
  return rewritten;
}

/** Finds lookarounds, backreferences and `\Z`, skipping escapes and character classes. */
function scan(source: string): { unsupported: Unsupported[]; endOfText: number[] } {
  const unsupported: Unsupported[] = [];
  const endOfText: number[] = [];
  const open: (Unsupported | null)[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source.charAt(i + 1);
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        unsupported.push({ kind: 'backreference', start: i, end: i + 2, depth: open.length });
      } else if (next === 'Z') endOfText.push(i);
      i++;
    } else if (char === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++; // a leading `]` is literal
      for (; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (char === '(') {
      const opener = ['(?<=', '(?<!', '(?=', '(?!'].find((prefix) => source.startsWith(prefix, i));
      if (source.startsWith('(?P=', i)) {
        unsupported.push({ kind: 'backreference', start: i, end: i + 4, depth: open.length });
      }
      open.push(opener ? { kind: LOOKAROUND[opener], start: i, end: -1, depth: open.length } : null);
    } else if (char === ')') {
      const construct = open.pop();
      if (construct) {
        construct.end = i + 1;
        unsupported.push(construct);
      }
    }
  }
  const backreference = unsupported.find((construct) => construct.kind === 'backreference');
  // A backreference is never translated: report it whatever else the pattern holds.
  if (backreference) return { unsupported: [{ ...backreference, depth: -1 }], endOfText };
  return { unsupported: unsupported.sort((a, b) => a.start - b.start), endOfText };
}

/**
 * The longest run of literal characters every match must contain, read conservatively from the
 * top level of the pattern (nothing inside groups or classes, nothing quantified, no top-level
 * alternation). Lets the engine skip the regex on texts without it. Null when an inline flag
 * group in the pattern may change case sensitivity part-way.
 */
export function regexRequiredLiteral(source: string): string | null {
  if (/\(\?[a-zA-Z-]+\)/.test(source)) return null;
  let best = '';
  let current = '';
  let depth = 0;
  const flush = (): void => {
    if (current.length > best.length) best = current;
    current = '';
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source.charAt(i + 1);
      i++;
      if (depth === 0 && /[^\w\s]/.test(next)) {
        current += next;
        continue;
      }
      flush();
      // Skip the rest of escapes that span several characters (\xHH, \uHHHH, \u{…}, \cX, \k<…>, \p{…}, \12).
      if (next === 'x') i = source[i + 1] === '{' ? source.indexOf('}', i) : i + 2;
      else if (next === 'c') i += 1;
      else if (next === 'u') i = source[i + 1] === '{' ? source.indexOf('}', i) : i + 4;
      else if (next === 'k') i = source.indexOf('>', i);
      else if ((next === 'p' || next === 'P') && source[i + 1] === '{') i = source.indexOf('}', i);
      else if (next === 'p' || next === 'P')
        i += 1; // \pL
      else if (/\d/.test(next)) while (/\d/.test(source.charAt(i + 1))) i++;
      if (i < 0) return null;
    } else if (char === '[') {
      flush();
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      for (; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (char === '(') {
      flush();
      depth++;
    } else if (char === ')') {
      flush();
      depth--;
    } else if (char === '|') {
      if (depth === 0) return null;
    } else if ('*+?{'.includes(char)) {
      current = current.slice(0, -1); // the quantified character is not required as written
      flush();
      if (char === '{') while (i < source.length && source[i] !== '}') i++;
    } else if (char === '.' || char === '^' || char === '$') {
      flush();
    } else if (depth === 0) {
      current += char;
    }
  }
  flush();
  return best === '' ? null : best;
}

import type { SigmaString, SigmaStringPart } from './sigma-string';

/**
 * A compiled string test. `test` receives the event value and its lower-case form (computed once
 * per value by the caller); case-insensitive matchers only look at the lower-case one.
 */
export interface StringMatcher {
  test(value: string, lower: string): boolean;
  /** A literal every matching value contains (lower-case unless cased), for pre-filtering. */
  readonly requiredLiteral: string;
  /** The whole value a matching value must equal (lower-case), when there are no wildcards. */
  readonly exact?: string;
  /** Set when the test is exactly "the lower-case value contains this (lower-case) literal". */
  readonly contains?: string;
  readonly cased: boolean;
}

const DASH_CLASS = '[-/\u2013\u2014\u2015]';

export function compileStringMatcher(value: SigmaString, cased: boolean): StringMatcher {
  const norm = (text: string): string => (cased ? text : text.toLowerCase());
  const pick = (v: string, lower: string): string => (cased ? v : lower);
  const texts = value.filter((part) => part.kind === 'text').map((part) => norm(part.text));
  const requiredLiteral = texts.reduce((best, text) => (text.length > best.length ? text : best), '');
  const simple = value.every((part) => part.kind === 'text' || part.kind === 'any');
  if (simple) {
    const shape = value
      .map((part) => (part.kind === 'any' ? '*' : 't'))
      .join('')
      .replace(/\*+/g, '*');
    const [first = ''] = texts;
    switch (shape) {
      case '':
        return { requiredLiteral, cased, exact: '', test: (v) => v === '' };
      case 't':
        return { requiredLiteral, cased, exact: first.toLowerCase(), test: (v, l) => pick(v, l) === first };
      case '*':
        return { requiredLiteral, cased, test: () => true };
      case 't*':
        return { requiredLiteral, cased, test: (v, l) => pick(v, l).startsWith(first) };
      case '*t':
        return { requiredLiteral, cased, test: (v, l) => pick(v, l).endsWith(first) };
      case '*t*':
        return {
          requiredLiteral,
          cased,
          ...(cased ? {} : { contains: first }),
          test: (v, l) => pick(v, l).includes(first),
        };
      default:
        break;
    }
  }
  const glob = globMatcher(value, norm);
  return { requiredLiteral, cased, test: (v, l) => glob(pick(v, l)) };
}

/** A run of fixed-length parts between two `*`: literal text, `?` (one character) and windash's dash. */
interface Segment {
  length: number;
  /** Whether the segment matches the value at this position. */
  at(value: string, position: number): boolean;
  /** The leftmost position from `from` on where the segment matches, or -1. */
  find(value: string, from: number): number;
}

/**
 * A Sigma wildcard string as segments separated by `*`, each found leftmost after the previous
 * one (exact for `*`, since every segment has a fixed length). Time is linear in the value for
 * each segment, whatever the number of `*`: a regex `^a.*a.*a.*b$` would backtrack polynomially
 * on a long run of `a`s, and rule values are chosen by whoever may upload a rule.
 */
function globMatcher(value: SigmaString, norm: (text: string) => string): (text: string) => boolean {
  const groups: SigmaStringPart[][] = [[]];
  for (const part of value) {
    if (part.kind === 'any') groups.push([]);
    else groups.at(-1)?.push(part);
  }
  const anyAtStart = groups[0].length === 0;
  const anyAtEnd = groups.length > 1 && groups.at(-1)?.length === 0;
  const segments = groups.filter((group) => group.length > 0).map((group) => segmentOf(group, norm));
  if (groups.length === 1) {
    const whole = segments.at(0);
    return (text) => (whole ? text.length === whole.length && whole.at(text, 0) : text === '');
  }
  const first = anyAtStart ? null : (segments[0] ?? null);
  const last = anyAtEnd ? null : (segments.at(-1) ?? null);
  const middle = segments.slice(
    first === null ? 0 : 1,
    last === null ? segments.length : segments.length - 1,
  );
  return (text) => {
    let position = 0;
    if (first !== null) {
      if (!first.at(text, 0)) return false;
      position = first.length;
    }
    for (const segment of middle) {
      const index = segment.find(text, position);
      if (index < 0) return false;
      position = index + segment.length;
    }
    if (last === null) return true;
    const start = text.length - last.length;
    return start >= position && last.at(text, start);
  };
}

function segmentOf(parts: readonly SigmaStringPart[], norm: (text: string) => string): Segment {
  if (parts.every((part) => part.kind === 'text')) {
    const text = parts.map((part) => norm(part.text)).join('');
    return {
      length: text.length,
      at: (value, position) => value.startsWith(text, position),
      find: (value, from) => value.indexOf(text, from),
    };
  }
  let length = 0;
  const source = parts
    .map((part) => {
      switch (part.kind) {
        case 'text': {
          const text = norm(part.text);
          length += text.length;
          return escapeRegex(text);
        }
        case 'one':
          length += 1;
          return '.';
        case 'dash':
          length += 1;
          return DASH_CLASS;
        case 'any':
          throw new Error('a segment holds no `*`');
      }
    })
    .join('');
  // No quantifier inside a segment, so neither regex can backtrack more than its own length.
  const sticky = new RegExp(source, 'sy');
  const search = new RegExp(source, 'sg');
  return {
    length,
    at: (value, position) => {
      sticky.lastIndex = position;
      return sticky.test(value);
    },
    find: (value, from) => {
      search.lastIndex = from;
      return search.exec(value)?.index ?? -1;
    },
  };
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

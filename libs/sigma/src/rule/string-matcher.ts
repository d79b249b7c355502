import type { SigmaString } from './sigma-string';

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
      default: {
        const glob = globMatcher(shape.startsWith('*'), shape.endsWith('*'), texts);
        return { requiredLiteral, cased, test: (v, l) => glob(pick(v, l)) };
      }
    }
  }
  // Leading and trailing `*` become an unanchored search rather than `^.*….*$` backtracking.
  const parts = [...value];
  const anyAtStart = parts[0]?.kind === 'any';
  const anyAtEnd = parts.length > 1 && parts.at(-1)?.kind === 'any';
  while (parts[0]?.kind === 'any') parts.shift();
  while (parts.at(-1)?.kind === 'any') parts.pop();
  const source = parts
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return escapeRegex(norm(part.text));
        case 'any':
          return '.*';
        case 'one':
          return '.';
        case 'dash':
          return DASH_CLASS;
      }
    })
    .join('');
  const regex = new RegExp(`${anyAtStart ? '' : '^'}${source}${anyAtEnd ? '' : '$'}`, 's');
  return { requiredLiteral, cased, test: (v, l) => regex.test(pick(v, l)) };
}

/**
 * `a*b*c` without `?`: the literal runs found in order, leftmost first (which is exact for `*`).
 */
function globMatcher(
  openStart: boolean,
  openEnd: boolean,
  texts: readonly string[],
): (value: string) => boolean {
  const first = openStart ? null : texts[0];
  const last = openEnd ? null : texts[texts.length - 1];
  const middle = texts.slice(first === null ? 0 : 1, last === null ? texts.length : texts.length - 1);
  return (value) => {
    let position = 0;
    if (first !== null) {
      if (!value.startsWith(first)) return false;
      position = first.length;
    }
    for (const text of middle) {
      const index = value.indexOf(text, position);
      if (index < 0) return false;
      position = index + text.length;
    }
    return last === null || (value.length - last.length >= position && value.endsWith(last));
  };
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

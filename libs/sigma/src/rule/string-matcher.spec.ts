import fc from 'fast-check';
import { parseSigmaString } from './sigma-string';
import { compileStringMatcher, escapeRegex } from './string-matcher';

// Reference semantics: a Sigma wildcard string as an anchored regex over the whole value.
function reference(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegex(char)))
    .join('');
  return new RegExp(`^${source}$`, 'is').test(value);
}

describe('compileStringMatcher', () => {
  it('agrees with the regex reference for any pattern of literals and wildcards', () => {
    const chars = fc.constantFrom('a', 'b', 'B', '*', '?', '.');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 8 }),
        fc.array(fc.constantFrom('a', 'b', 'A', '.', 'x'), { maxLength: 10 }),
        (p, v) => {
          const pattern = p.join('');
          const value = v.join('');
          const matcher = compileStringMatcher(parseSigmaString(pattern), false);
          expect(matcher.test(value, value.toLowerCase())).toBe(reference(pattern, value));
        },
      ),
    );
  });
});

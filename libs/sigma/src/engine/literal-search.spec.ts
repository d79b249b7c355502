import fc from 'fast-check';
import { containsAny, literalSearch } from './literal-search';

const word = (alphabet: fc.Arbitrary<string>, min: number) =>
  fc.array(alphabet, { minLength: min, maxLength: 6 }).map((chars) => chars.join(''));

/** The ids of the literals a text contains, ignoring case, by brute force. */
function expected(literals: string[], text: string): number[] {
  return literals.flatMap((literal, id) => (text.toLowerCase().includes(literal) ? [id] : []));
}

describe('literalSearch', () => {
  // Few letters: large sets start with few distinct characters (a regex gate, then the automaton).
  const few = fc.constantFrom('a', 'b', 'c', 'A', 'B', '\\', '.', 'é', 'É');
  // Many letters: large sets start with many distinct characters (the automaton alone).
  const many = fc.constantFrom(...'abcdefghijklmnoABCDEFGHIJKLMNO-é'.split(''));

  it.each([
    ['few first characters', few, 20],
    ['many first characters', many, 40],
  ])('finds exactly the literals a text contains, ignoring case (%s)', (_case, alphabet, size) => {
    fc.assert(
      fc.property(
        fc.array(word(alphabet, 1), { minLength: 1, maxLength: size }),
        word(alphabet, 0),
        (raw, text) => {
          const literals = [...new Set(raw.map((literal) => literal.toLowerCase()))];
          const found: number[] = [];
          literalSearch(literals).scan(text, found);
          expect([...new Set(found)].sort()).toEqual(expected(literals, text).sort());
        },
      ),
    );
  });
});

describe('containsAny', () => {
  it('agrees with includes for each literal, without case folding', () => {
    const chars = fc.constantFrom('a', 'A', '.', '*', '\\', '😀', '\ud83d', 'é');
    fc.assert(
      fc.property(
        fc.array(word(chars, 1), { minLength: 1, maxLength: 30 }),
        word(chars, 0),
        (literals, text) => {
          expect(containsAny(literals)(text)).toBe(literals.some((literal) => text.includes(literal)));
        },
      ),
    );
  });
});

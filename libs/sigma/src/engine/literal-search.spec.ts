import fc from 'fast-check';
import { literalSearch } from './literal-search';

const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'B', '\\', '.', 'é', 'É');
const word = (min: number) =>
  fc.array(alphabet, { minLength: min, maxLength: 6 }).map((chars) => chars.join(''));

describe('literalSearch', () => {
  it('finds exactly the literals a text contains, ignoring case, for small and large sets', () => {
    fc.assert(
      fc.property(fc.array(word(1), { minLength: 1, maxLength: 20 }), word(0), (raw, text) => {
        const literals = [...new Set(raw.map((literal) => literal.toLowerCase()))];
        const found: number[] = [];
        literalSearch(literals).scan(text, found);
        const expected = literals
          .map((literal, id) => (text.toLowerCase().includes(literal) ? id : -1))
          .filter((id) => id >= 0);
        expect([...new Set(found)].sort()).toEqual(expected.sort());
      }),
    );
  });
});

import { AhoCorasick } from './aho-corasick';
import { escapeRegex } from '../rule/string-matcher';

/** Finds which of a fixed set of lower-case literals a text contains, ignoring case. */
export interface LiteralSearch {
  /** Appends to `found` the id (index) of every literal the text contains, possibly repeated. */
  scan(text: string, found: number[]): void;
}

// Up to this many literals, one native case-insensitive search per literal beats the automaton.
const FEW_LITERALS = 6;

export function literalSearch(literals: readonly string[]): LiteralSearch {
  if (literals.length > FEW_LITERALS) {
    // V8's compiled regex rejects texts holding none of the literals far faster than a JS loop
    // can walk the automaton; the automaton then names every literal (overlaps included).
    const gate = new RegExp(literals.map(escapeRegex).join('|'), 'i');
    const automaton = new AhoCorasick(literals);
    return {
      scan(text, found) {
        if (gate.test(text)) automaton.scan(text, found);
      },
    };
  }
  // A literal without letters needs no case folding: a plain native search does.
  const tests = literals.map((literal) => {
    if (literal.toUpperCase() === literal) return (text: string) => text.includes(literal);
    const pattern = new RegExp(escapeRegex(literal), 'i');
    return (text: string) => pattern.test(text);
  });
  return {
    scan(text, found) {
      for (let id = 0; id < tests.length; id++) if (tests[id](text)) found.push(id);
    },
  };
}

import { AhoCorasick } from './aho-corasick';
import { escapeRegex } from '../rule/string-matcher';

/** Finds which of a fixed set of lower-case literals a text contains, ignoring case. */
export interface LiteralSearch {
  /** Appends to `found` the id (index) of every literal the text contains, possibly repeated. */
  scan(text: string, found: number[]): void;
}

// Up to this many literals, one native case-insensitive search per literal beats the automaton.
const FEW_LITERALS = 6;

/**
 * V8's compiled regex rejects a text holding none of the literals faster than the automaton walks
 * it only while it can skip ahead, which it does when the literals start with few distinct
 * characters; with more (or very many literals) it tries alternatives at every position and is
 * two to three times slower than the automaton alone (measured on the SigmaHQ rules' literal sets).
 */
const GATE_MAX_FIRST_CHARS = 10;
const GATE_MAX_LITERALS = 256;

export function literalSearch(literals: readonly string[]): LiteralSearch {
  if (literals.length > FEW_LITERALS) {
    const automaton = new AhoCorasick(literals);
    const firstChars = new Set(literals.map((literal) => literal.charAt(0)));
    if (literals.length > GATE_MAX_LITERALS || firstChars.size > GATE_MAX_FIRST_CHARS) return automaton;
    // The gate says whether any literal is there; the automaton then names every one (overlaps included).
    const gate = new RegExp(literals.map(escapeRegex).join('|'), 'i');
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

/**
 * Whether a text contains any of the literals, exactly as `text.includes(literal)` for each (no
 * case folding): one native search for a long list instead of one call per literal.
 */
export function containsAny(literals: readonly string[]): (text: string) => boolean {
  const pattern = new RegExp(literals.map(escapeRegex).join('|'));
  return (text) => pattern.test(text);
}

/**
 * Case-insensitive Aho-Corasick automaton over lower-case literals, compiled to a dense DFA over
 * the characters the literals use (upper and lower case share a class, so texts need no
 * lower-casing): one pass over a field's text, one table lookup per character, finds every
 * literal it contains, however many rules contributed literals for that field.
 */
export class AhoCorasick {
  private readonly asciiClass = new Uint16Array(128);
  private readonly otherClass = new Map<number, number>();
  private readonly classes: number;
  /**
   * `offset + class` → the next state's offset (its number times `classes`, so a step is one
   * addition and one load), bit-inverted (negative) when that state ends literals.
   */
  private readonly delta: Int32Array;
  private readonly out: number[][];

  constructor(literals: readonly string[]) {
    let classes = 1; // class 0: a character no literal uses, which always leads back to the root
    for (const literal of literals) {
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i);
        if (this.classOf(code) !== 0) continue;
        const char = literal[i];
        for (const variant of new Set([
          code,
          caseVariant(char.toUpperCase(), code),
          caseVariant(char.toLowerCase(), code),
        ])) {
          if (variant < 128) this.asciiClass[variant] = classes;
          else this.otherClass.set(variant, classes);
        }
        classes++;
      }
    }
    this.classes = classes;
    const trie = buildTrie(literals, (code) => this.classOf(code));
    this.out = trie.out;
    this.delta = toOffsets(buildDfa(trie.next, trie.out, classes), trie.out, classes);
  }

  /** Appends to `found` the id of every literal the text contains (once per occurrence end). */
  scan(text: string, found: number[]): void {
    const { delta, classes, out, asciiClass } = this;
    let offset = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const next = delta[offset + (code < 128 ? asciiClass[code] : this.classOf(code))];
      if (next >= 0) {
        offset = next;
        continue;
      }
      offset = ~next;
      for (const id of out[offset / classes]) found.push(id);
    }
  }

  private classOf(code: number): number {
    return code < 128 ? this.asciiClass[code] : (this.otherClass.get(code) ?? 0);
  }
}

/** The code of a one-character case variant, or the original code when casing changes length. */
function caseVariant(variant: string, code: number): number {
  return variant.length === 1 ? variant.charCodeAt(0) : code;
}

function buildTrie(
  literals: readonly string[],
  classOf: (code: number) => number,
): { next: Map<number, number>[]; out: number[][] } {
  const next: Map<number, number>[] = [new Map<number, number>()];
  const out: number[][] = [[]];
  literals.forEach((literal, id) => {
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const cls = classOf(literal.charCodeAt(i));
      let target = next[state].get(cls);
      if (target === undefined) {
        target = next.length;
        next.push(new Map<number, number>());
        out.push([]);
        next[state].set(cls, target);
      }
      state = target;
    }
    out[state].push(id);
  });
  return { next, out };
}

/** Full transition table: goto where the trie has an edge, else the failure state's transition. */
function buildDfa(next: Map<number, number>[], out: number[][], classes: number): Int32Array {
  const delta = new Int32Array(next.length * classes);
  const fail = new Int32Array(next.length);
  const queue: number[] = [];
  for (const [cls, child] of next[0]) {
    delta[cls] = child;
    queue.push(child);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    const failState = fail[state];
    if (out[failState].length > 0) out[state] = [...out[state], ...out[failState]];
    for (let cls = 0; cls < classes; cls++) {
      const child = next[state].get(cls);
      if (child === undefined) {
        delta[state * classes + cls] = delta[failState * classes + cls];
      } else {
        delta[state * classes + cls] = child;
        fail[child] = delta[failState * classes + cls];
        queue.push(child);
      }
    }
  }
  return delta;
}

/** The transition table with targets as offsets, negative (bit-inverted) for states ending literals. */
function toOffsets(delta: Int32Array, out: number[][], classes: number): Int32Array {
  return delta.map((target) => (out[target].length > 0 ? ~(target * classes) : target * classes));
}

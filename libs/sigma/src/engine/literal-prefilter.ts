import { KEYWORDS, type LiteralRequirement } from './detection-compiler';
import type { EventSession } from './event-session';
import type { FieldAccessor } from './field-access';
import type { FieldResolver } from './field-resolver';
import { literalSearch, type LiteralSearch } from './literal-search';

const SECOND = '\u0001';

interface FieldLiterals {
  accessor: FieldAccessor;
  /** Shared by every group reading the same event paths, so the text is lower-cased once. */
  cacheKey: string;
  /** Set for keyword literals: searched in the resolver's keyword strings. */
  keywords?: FieldResolver;
  /** literal → keys of the rules that need it. */
  literals: Map<string, Set<string>>;
  /** whole lower-case value → keys of the rules that need the field to equal it. */
  exact: Map<string, Set<string>>;
  automaton?: { machine: LiteralSearch; keys: Set<string>[] };
  /** The top-level keys the field's paths start with: absent from the event, nothing to read. */
  roots: string[];
}

/**
 * Rejects most rules of a logsource group before evaluation: each rule needs one of its literals
 * in one of its fields. Literals are grouped per field into one automaton, rebuilt lazily after
 * rules change.
 */
export class LiteralPrefilter {
  private readonly always = new Set<string>();
  private readonly fields = new Map<string, FieldLiterals>();
  private readonly byKey = new Map<string, (LiteralRequirement & { key: string })[]>();
  private readonly needsSecond = new Set<string>();
  private readonly raw: string[] = [];
  private readonly found: number[] = [];

  add(key: string, requirement: LiteralRequirement[][], resolver: FieldResolver): void {
    this.remove(key);
    if (requirement.length === 0) {
      this.always.add(key);
      return;
    }
    // The second set registers under a marked key; a rule is a candidate when both sets hit.
    const registered = requirement.flatMap((set, i) =>
      set.map((r) => ({ ...r, key: i === 0 ? key : `${SECOND}${key}` })),
    );
    if (requirement.length > 1) this.needsSecond.add(key);
    this.byKey.set(key, registered);
    for (const { field, literal, exact, key: registeredKey } of registered) {
      let entry = this.fields.get(field);
      if (!entry) {
        entry =
          field === KEYWORDS
            ? {
                accessor: () => undefined,
                cacheKey: '',
                keywords: resolver,
                literals: new Map(),
                exact: new Map(),
                roots: [],
              }
            : {
                accessor: resolver.accessor(field),
                cacheKey: resolver.paths(field).join('|'),
                literals: new Map(),
                exact: new Map(),
                roots: resolver.paths(field).map((path) => path.split('.')[0]),
              };
        this.fields.set(field, entry);
      }
      const map = exact ? entry.exact : entry.literals;
      const keys = map.get(literal) ?? new Set<string>();
      keys.add(registeredKey);
      map.set(literal, keys);
      if (!exact) entry.automaton = undefined;
    }
  }

  remove(key: string): void {
    this.always.delete(key);
    this.needsSecond.delete(key);
    for (const { field, literal, exact, key: registeredKey } of this.byKey.get(key) ?? []) {
      const entry = this.fields.get(field);
      const map = exact ? entry?.exact : entry?.literals;
      const keys = map?.get(literal);
      if (!entry || !map || !keys?.delete(registeredKey)) continue;
      if (!exact) entry.automaton = undefined;
      if (keys.size === 0) map.delete(literal);
      if (entry.literals.size === 0 && entry.exact.size === 0) this.fields.delete(field);
    }
    this.byKey.delete(key);
  }

  /** Builds the automata now rather than on the first event that needs them. */
  prepare(): void {
    for (const entry of this.fields.values())
      if (entry.literals.size > 0) entry.automaton ??= buildAutomaton(entry.literals);
  }

  /** Appends to `out` the keys of the rules that may match the event (a key may repeat). */
  collect(session: EventSession, out: string[]): void {
    for (const key of this.always) out.push(key);
    const raw = this.raw;
    if (raw.length !== 0) raw.length = 0;
    this.collectHits(session, raw);
    let second: Set<string> | undefined;
    for (const key of raw) if (key.startsWith(SECOND)) (second ??= new Set()).add(key.slice(SECOND.length));
    for (const key of raw) {
      if (key.startsWith(SECOND)) continue;
      if (this.needsSecond.has(key) && !second?.has(key)) continue;
      out.push(key);
    }
  }

  private collectHits(session: EventSession, out: string[]): void {
    // Matching is synchronous and never re-enters a prefilter, so the buffer can be reused.
    const found = this.found;
    for (const entry of this.fields.values()) {
      if (entry.keywords) {
        if (entry.literals.size === 0) continue;
        entry.automaton ??= buildAutomaton(entry.literals);
        if (found.length !== 0) found.length = 0;
        for (const text of session.keywordStrings(entry.keywords)) entry.automaton.machine.scan(text, found);
        for (const id of found) for (const key of entry.automaton.keys[id]) out.push(key);
        continue;
      }
      if (!session.hasAnyRoot(entry.roots)) continue;
      if (entry.exact.size > 0) collectExact(session.value(entry.cacheKey, entry.accessor), entry.exact, out);
      if (entry.literals.size === 0) continue;
      const text = session.text(entry.cacheKey, entry.accessor);
      if (text === null) continue;
      entry.automaton ??= buildAutomaton(entry.literals);
      if (found.length !== 0) found.length = 0;
      entry.automaton.machine.scan(text, found);
      for (const id of found) for (const key of entry.automaton.keys[id]) out.push(key);
    }
  }
}

/** Keys of the rules needing the field to equal the event value (or one of its elements). */
function collectExact(value: unknown, exact: Map<string, Set<string>>, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectExact(item, exact, out);
    return;
  }
  const text =
    typeof value === 'string'
      ? value.toLowerCase()
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : null;
  if (text === null) return;
  const keys = exact.get(text);
  if (keys) for (const key of keys) out.push(key);
}

function buildAutomaton(literals: Map<string, Set<string>>): { machine: LiteralSearch; keys: Set<string>[] } {
  const list = [...literals.entries()];
  return { machine: literalSearch(list.map(([literal]) => literal)), keys: list.map(([, keys]) => keys) };
}

import { KEYWORDS, type LiteralRequirement } from './detection-compiler';
import type { EventSession } from './event-session';
import type { FieldRead, KeywordRead } from './field-read';
import type { FieldResolver } from './field-resolver';
import { literalSearch, type LiteralSearch } from './literal-search';
import { RoundSet } from './round-set';

/**
 * A rule's literal as registered: `slot * 2 + set`, where set 1 marks the second literal set of a
 * rule that needs two (see `add`).
 */
type Code = number;

interface FieldLiterals {
  /** Its key in `fields`: the field's slot, or -1 for keywords. */
  key: number;
  /** The top-level keys its paths start with (none for keywords). */
  roots: string[];
  /** Its position in the field entries, while they are unchanged. */
  position: number;
  /** The field the literals are looked for in, or the keyword strings. */
  source: { field: FieldRead } | { keywords: KeywordRead };
  /** literal → the codes that need it. */
  literals: Map<string, Set<Code>>;
  /** whole lower-case value → the codes that need the field to equal it. */
  exact: Map<string, Set<Code>>;
  automaton?: { machine: LiteralSearch; codes: Code[][] };
}

/** The pre-filter's state as arrays, rebuilt after rules change. */
interface Lists {
  keywords: FieldLiterals[];
  fields: FieldLiterals[];
  /** Field entries by the top-level keys their paths start with. */
  byRoot: Map<string, FieldLiterals[]>;
  always: number[];
  needsSecond: boolean[];
}

/** Up to this many fields, a pre-filter reads each of them rather than the event's keys. */
const FEW_FIELDS = 16;

interface Registration {
  entry: FieldLiterals;
  literal: string;
  exact: boolean;
  code: Code;
}

/**
 * Rejects most rules of a logsource group before evaluation: each rule needs one of its literals
 * in one of its fields. Rules are known by a slot number the engine gives them. Literals are
 * grouped per field (per event paths) into one automaton, rebuilt lazily after rules change.
 */
export class LiteralPrefilter {
  private readonly always = new Set<number>();
  private readonly fields = new Map<number, FieldLiterals>();
  private readonly registered = new Map<number, Registration[]>();
  private readonly needsSecond = new Set<number>();
  /** Matching is synchronous and never re-enters a pre-filter: its per-event state is reused. */
  private readonly first = new RoundSet();
  private readonly second = new RoundSet();
  private readonly pending: number[] = [];
  private readonly found: number[] = [];
  private readonly visited = new RoundSet();
  private lists?: Lists;

  add(slot: number, requirement: LiteralRequirement[][], resolver: FieldResolver): void {
    this.remove(slot);
    this.lists = undefined;
    if (requirement.length === 0) {
      this.always.add(slot);
      return;
    }
    // A rule is a candidate when a literal of its first set hits, and of its second, if any.
    if (requirement.length > 1) this.needsSecond.add(slot);
    const registrations = requirement.flatMap((set, i) =>
      set.map(({ field, literal, exact = false }) => ({
        entry: this.entryFor(field, resolver),
        literal,
        exact,
        code: slot * 2 + (i === 0 ? 0 : 1),
      })),
    );
    this.registered.set(slot, registrations);
    for (const { entry, literal, exact, code } of registrations) {
      const map = exact ? entry.exact : entry.literals;
      const codes = map.get(literal) ?? new Set<Code>();
      codes.add(code);
      map.set(literal, codes);
      if (!exact) entry.automaton = undefined;
    }
  }

  remove(slot: number): void {
    this.lists = undefined;
    this.always.delete(slot);
    this.needsSecond.delete(slot);
    for (const { entry, literal, exact, code } of this.registered.get(slot) ?? []) {
      const map = exact ? entry.exact : entry.literals;
      const codes = map.get(literal);
      if (!codes?.delete(code)) continue;
      if (!exact) entry.automaton = undefined;
      if (codes.size === 0) map.delete(literal);
      if (entry.literals.size === 0 && entry.exact.size === 0) this.fields.delete(entry.key);
    }
    this.registered.delete(slot);
  }

  /** Builds the automata now rather than on the first event that needs them. */
  prepare(): void {
    for (const entry of this.fields.values())
      if (entry.literals.size > 0) entry.automaton ??= buildAutomaton(entry.literals);
  }

  /** Appends to `out` the slots of the rules that may match the event, each once. */
  collect(session: EventSession, out: number[]): void {
    const lists = (this.lists ??= this.buildLists());
    this.first.clear();
    this.second.clear();
    const pending = this.pending;
    if (pending.length !== 0) pending.length = 0;
    for (const entry of lists.keywords) this.collectEntry(session, entry);
    const { fields } = lists;
    // Most fields of a large group are absent from any one event: when the event has fewer
    // top-level keys than the group has fields, the fields are found from the event's keys.
    if (fields.length > FEW_FIELDS && session.rootList().length < fields.length) {
      this.visited.clear();
      for (const root of session.rootList()) {
        const entries = lists.byRoot.get(root);
        if (entries === undefined) continue;
        for (const entry of entries) if (this.visited.add(entry.position)) this.collectEntry(session, entry);
      }
    } else {
      for (const entry of fields) this.collectEntry(session, entry);
    }
    for (const slot of lists.always) out.push(slot);
    for (const slot of pending) if (!lists.needsSecond[slot] || this.second.has(slot)) out.push(slot);
  }

  private collectEntry(session: EventSession, entry: FieldLiterals): void {
    const found = this.found;
    if (found.length !== 0) found.length = 0;
    const { source } = entry;
    if ('keywords' in source) {
      if (entry.literals.size === 0) return;
      const automaton = (entry.automaton ??= buildAutomaton(entry.literals));
      automaton.machine.scan(session.keywordText(source.keywords), found);
      for (const id of found) for (const code of automaton.codes[id]) this.hit(code);
      return;
    }
    if (entry.exact.size > 0) {
      const value = session.value(source.field);
      if (typeof value === 'string') this.hitAll(entry.exact.get(session.lower(source.field, value)));
      else this.collectExact(value, entry.exact);
    }
    if (entry.literals.size === 0) return;
    const text = session.text(source.field);
    if (text === null) return;
    const automaton = (entry.automaton ??= buildAutomaton(entry.literals));
    automaton.machine.scan(text, found);
    for (const id of found) for (const code of automaton.codes[id]) this.hit(code);
  }

  /** Codes of the rules needing the field to equal the event value (or one of its elements). */
  private collectExact(value: unknown, exact: Map<string, Set<Code>>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.collectExact(item, exact);
      return;
    }
    const text =
      typeof value === 'string'
        ? value.toLowerCase()
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : null;
    if (text === null) return;
    this.hitAll(exact.get(text));
  }

  private hitAll(codes: Set<Code> | undefined): void {
    if (codes) for (const code of codes) this.hit(code);
  }

  private hit(code: Code): void {
    const slot = code >> 1;
    if ((code & 1) === 1) this.second.add(slot);
    else if (this.first.add(slot)) this.pending.push(slot);
  }

  private buildLists(): Lists {
    const entries = [...this.fields.values()];
    const fields = entries.filter((entry) => !('keywords' in entry.source));
    const byRoot = new Map<string, FieldLiterals[]>();
    fields.forEach((entry, position) => {
      entry.position = position;
      for (const root of entry.roots) byRoot.set(root, [...(byRoot.get(root) ?? []), entry]);
    });
    return {
      keywords: entries.filter((entry) => 'keywords' in entry.source),
      fields,
      byRoot,
      always: [...this.always],
      needsSecond: toFlags(this.needsSecond),
    };
  }

  private entryFor(field: string, resolver: FieldResolver): FieldLiterals {
    const read = field === KEYWORDS ? null : resolver.field(field);
    // Sigma fields mapped onto the same event paths share one entry and one scan.
    const key = read === null ? -1 : read.slot;
    let entry = this.fields.get(key);
    if (!entry) {
      entry = {
        key,
        roots: read === null ? [] : [...new Set(read.paths.map((path) => path.split('.', 1)[0]))],
        position: -1,
        source: read === null ? { keywords: resolver.keywords } : { field: read },
        literals: new Map(),
        exact: new Map(),
      };
      this.fields.set(key, entry);
    }
    return entry;
  }
}

function toFlags(slots: ReadonlySet<number>): boolean[] {
  const flags: boolean[] = [];
  for (const slot of slots) flags[slot] = true;
  return flags;
}

function buildAutomaton(literals: Map<string, Set<Code>>): { machine: LiteralSearch; codes: Code[][] } {
  const list = [...literals.entries()];
  return {
    machine: literalSearch(list.map(([literal]) => literal)),
    codes: list.map(([, codes]) => [...codes]),
  };
}

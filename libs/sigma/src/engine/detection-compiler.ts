import type { ConditionNode } from '../rule/condition-parser';
import { expandClause, type PlaceholderWarning } from '../rule/detection-parser';
import type { FieldClause, MatchContext, ValueTest } from '../rule/field-clause';
import { scalar } from '../rule/value-compiler';
import type { SearchIdentifier, SigmaDetection } from '../rule/sigma-rule';
import type { EventSession } from './event-session';
import type { FieldResolver } from './field-resolver';
import { containsAny } from './literal-search';

export type SessionPredicate = (session: EventSession) => boolean;

/** A literal some field must contain (or, `exact`, equal) for a rule to possibly match (any one of the list). */
export interface LiteralRequirement {
  field: string;
  literal: string;
  exact?: boolean;
}

/** What an analyst sees: which selections matched and the event values they looked at. */
export interface MatchedSelection {
  selection: string;
  fields: Record<string, unknown>;
}

export interface CompiledDetection {
  evaluate: SessionPredicate;
  explain(session: EventSession): MatchedSelection[];
  /**
   * Literal pre-filter: every listed set needs one of its literals in the event (at most two
   * sets). Empty: none can be derived, the rule is always evaluated.
   */
  requirement: LiteralRequirement[][];
}

export type Placeholders = ReadonlyMap<string, readonly string[]>;

const NO_CONTEXT: MatchContext = { field: () => undefined };

/** The pseudo-field of keyword requirements: all the strings keyword searches look at. */
export const KEYWORDS = '\u0000keywords';

export function compileDetection(
  detection: SigmaDetection,
  resolver: FieldResolver,
  placeholders: Placeholders,
  warn?: PlaceholderWarning,
): CompiledDetection {
  const searches = new Map<string, CompiledSearch>();
  for (const [name, search] of detection.searches)
    searches.set(name, compileSearch(search, resolver, placeholders, warn));
  const evaluate = compileCondition(detection.condition, searches);
  return {
    evaluate,
    requirement: conditionRequirement(detection.condition, searches),
    explain(session) {
      const matched: MatchedSelection[] = [];
      for (const [name, search] of searches) {
        const alternative = search.alternatives.find((clauses) =>
          clauses.every((clause) => clause.evaluate(session)),
        );
        if (!alternative) continue;
        const fields: Record<string, unknown> = {};
        for (const clause of alternative) {
          const label = clause.field ?? 'keywords';
          fields[label] = clause.field === null ? clause.matchedKeywords(session) : clause.read(session);
        }
        matched.push({ selection: name, fields });
      }
      return matched;
    },
  };
}

interface CompiledClause {
  field: string | null;
  evaluate: SessionPredicate;
  read(session: EventSession): unknown;
  matchedKeywords(session: EventSession): string[];
  requirement: LiteralRequirement[] | null;
}

interface CompiledSearch {
  evaluate: SessionPredicate;
  alternatives: CompiledClause[][];
  requirement: LiteralRequirement[][];
}

function compileSearch(
  search: SearchIdentifier,
  resolver: FieldResolver,
  placeholders: Placeholders,
  warn: PlaceholderWarning | undefined,
): CompiledSearch {
  const alternatives = search.alternatives.map((clauses) =>
    clauses.map((clause) => compileClause(clause, resolver, placeholders, warn)),
  );
  const predicates = alternatives.map((clauses) => all(clauses.map((clause) => clause.evaluate)));
  const requirements = alternatives.map((clauses) =>
    strongest(
      clauses.map((clause) => clause.requirement),
      MAX_SETS,
    ),
  );
  const requirement =
    requirements.length === 1 ? requirements[0] : union(requirements.map((sets) => sets.at(0) ?? null));
  return { evaluate: any(predicates), alternatives, requirement };
}

function compileClause(
  clause: FieldClause,
  resolver: FieldResolver,
  placeholders: Placeholders,
  warn: PlaceholderWarning | undefined,
): CompiledClause {
  const compiled: ValueTest[] = clause.tests ?? expandClause(clause, placeholders, warn).tests ?? [];
  // Evaluation may test many `contains` values at once; the pre-filter needs each value's literal.
  const tests = clause.matchAll ? compiled : withContainsCombined(compiled);
  const field = clause.field;
  const base = {
    field,
    read: (_: EventSession): unknown => undefined,
    matchedKeywords: (): string[] => [],
    requirement: null,
  };
  if (field === null) {
    const keywords = resolver.keywords;
    const textTests = tests.map((test) => test.testText ?? ((v: string) => test.test(v, NO_CONTEXT)));
    const found = (session: EventSession, test: TextTest): boolean => {
      const values = session.keywordStrings(keywords);
      const lower = session.keywordLower(keywords);
      for (let i = 0; i < values.length; i++) if (test(values[i], lower[i])) return true;
      return false;
    };
    const evaluate: SessionPredicate = clause.matchAll
      ? (session) => textTests.every((test) => found(session, test))
      : (session) => textTests.some((test) => found(session, test));
    const matchedKeywords = (session: EventSession): string[] => {
      const lower = session.keywordLower(keywords);
      return session
        .keywordStrings(keywords)
        .filter((value, i) => textTests.some((test) => test(value, lower[i])));
    };
    return {
      ...base,
      evaluate,
      matchedKeywords,
      requirement: testRequirement(KEYWORDS, compiled, clause.matchAll),
    };
  }
  const fieldRead = resolver.field(field);
  const read = (session: EventSession): unknown => session.value(fieldRead);
  switch (clause.kind) {
    case 'exists':
      return { ...base, read, evaluate: (session) => (read(session) !== undefined) === clause.exists };
    case 'null':
      return { ...base, read, evaluate: (session) => read(session) === undefined || read(session) === null };
    case 'match':
      break;
  }
  const contextFor = (session: EventSession): MatchContext =>
    clause.fieldRefs.length === 0 ? NO_CONTEXT : { field: (name) => session.value(resolver.field(name)) };
  const textTests = tests.every((test) => test.testText)
    ? tests.map((test) => test.testText ?? (() => false))
    : null;
  const text = textTests ? textMatcher(textTests, clause.matchAll) : null;
  const matchValue = text
    ? text.value
    : clause.matchAll
      ? (value: unknown, context: MatchContext) => tests.every((test) => test.test(value, context))
      : (value: unknown, context: MatchContext) => tests.some((test) => test.test(value, context));
  // A string value (the usual case) is tested with its lower-case form, computed once per event.
  const matches = (session: EventSession, value: unknown): boolean =>
    text && typeof value === 'string'
      ? text.string(value, session.lower(fieldRead, value))
      : matchValue(value, contextFor(session));
  const evaluate: SessionPredicate = clause.negate
    ? (session) => {
        const value = read(session);
        return value !== undefined && value !== null && !matches(session, value);
      }
    : (session) => {
        const value = read(session);
        return value !== undefined && value !== null && matches(session, value);
      };
  return {
    ...base,
    read,
    evaluate,
    requirement: clause.negate ? null : testRequirement(field, compiled, clause.matchAll),
  };
}

/** From this many `contains` values on, a clause looks for all of them in one search. */
const MANY_CONTAINS = 16;

/**
 * A clause with many case-insensitive `contains` values (lists of tool names, of emojis: SigmaHQ
 * has rules with a thousand) searches the lower-case value once for any of them, rather than
 * calling `includes` once per value. Any-of only: with `all`, each value must be found.
 */
function withContainsCombined(tests: ValueTest[]): ValueTest[] {
  const literals = tests.flatMap((test) => (test.contains === undefined ? [] : [test.contains]));
  if (literals.length < MANY_CONTAINS) return tests;
  const found = containsAny(literals);
  const testText = (_value: string, lower: string): boolean => found(lower);
  const combined: ValueTest = {
    test: scalar(testText),
    testText,
    requiredLiteral: null,
    description: `contains any of ${literals.length} values`,
  };
  return [combined, ...tests.filter((test) => test.contains === undefined)];
}

function testRequirement(field: string, tests: ValueTest[], matchAll: boolean): LiteralRequirement[] | null {
  const requirementOf = (test: ValueTest): LiteralRequirement | null => {
    if (test.exact !== undefined && field !== KEYWORDS) return { field, literal: test.exact, exact: true };
    return test.requiredLiteral === null ? null : { field, literal: test.requiredLiteral };
  };
  const requirements = tests.map(requirementOf);
  if (matchAll) {
    // Every value must match: any one of them is a requirement; take the rarest.
    const known = requirements.filter((r) => r !== null);
    if (known.length === 0) return null;
    return [known.reduce((a, b) => (rarity(b) > rarity(a) ? b : a))];
  }
  if (requirements.length === 0 || requirements.some((r) => r === null)) return null;
  return requirements as LiteralRequirement[];
}

/**
 * How rare a literal is in events: long literals are rare, short words ('get', 'exe') common,
 * punctuation makes a literal rarer ('={{'), and a whole value to equal is rarer than a part.
 */
function rarity(requirement: LiteralRequirement): number {
  const { literal } = requirement;
  return literal.length + (/[^a-z0-9]/.test(literal) ? 3 : 0) + (requirement.exact ? 2 : 0);
}

type TextTest = (value: string, lower: string) => boolean;

/**
 * String tests of one clause: `string` takes a string and its lower-case form (so it is
 * lower-cased once, not per test); `value` takes any event value.
 */
function textMatcher(
  tests: TextTest[],
  matchAll: boolean,
): { string: TextTest; value: (value: unknown) => boolean } {
  const string: TextTest = matchAll
    ? (value, lower) => {
        for (const test of tests) if (!test(value, lower)) return false;
        return true;
      }
    : (value, lower) => {
        for (const test of tests) if (test(value, lower)) return true;
        return false;
      };
  const one = (value: string): boolean => string(value, value.toLowerCase());
  const value = (value: unknown): boolean => {
    if (typeof value === 'string') return one(value);
    if (typeof value === 'number' || typeof value === 'boolean') return one(String(value));
    if (!Array.isArray(value)) return false;
    const texts = value
      .filter((item) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      .map(String);
    if (!matchAll) return texts.some(one);
    const lowers = texts.map((text) => text.toLowerCase());
    return tests.every((test) => texts.some((text, i) => test(text, lowers[i])));
  };
  return { string, value };
}

function compileCondition(node: ConditionNode, searches: Map<string, CompiledSearch>): SessionPredicate {
  switch (node.kind) {
    case 'search': {
      const search = searches.get(node.name);
      if (!search) throw new Error(`unknown search identifier ${node.name}`);
      return search.evaluate;
    }
    case 'not': {
      const child = compileCondition(node.child, searches);
      return (session) => !child(session);
    }
    case 'and':
      return all(node.children.map((child) => compileCondition(child, searches)));
    case 'or':
      return any(node.children.map((child) => compileCondition(child, searches)));
  }
}

/** How many literal sets a rule's pre-filter checks (all must hit). */
const MAX_SETS = 2;

function conditionRequirement(
  node: ConditionNode,
  searches: Map<string, CompiledSearch>,
): LiteralRequirement[][] {
  switch (node.kind) {
    case 'search':
      return searches.get(node.name)?.requirement ?? [];
    case 'not':
      return [];
    case 'and':
      return strongest(
        node.children.flatMap((child) => conditionRequirement(child, searches)),
        MAX_SETS,
      );
    case 'or':
      return union(node.children.map((child) => conditionRequirement(child, searches).at(0) ?? null));
  }
}

/** For an AND: the most selective sets (rarest weakest literal first). */
function strongest(sets: (LiteralRequirement[] | null)[], count: number): LiteralRequirement[][] {
  // The number of alternatives counts a little against a set.
  const score = (set: LiteralRequirement[]): number => {
    const weakest = Math.min(...set.map(rarity));
    return (weakest >= 8 ? 10 : 0) + weakest - 0.25 * Math.log2(set.length);
  };
  return sets
    .filter(
      (set): set is LiteralRequirement[] =>
        set !== null && set.every((r) => r.exact === true || r.literal.length >= 3),
    )
    .map((set) => ({ set, score: score(set) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map(({ set }) => set);
}

/** For an OR: every branch needs a set, and any of them will do. */
function union(sets: (LiteralRequirement[] | null)[]): LiteralRequirement[][] {
  if (sets.length === 0 || sets.some((set) => set === null)) return [];
  return [sets.flatMap((set) => set ?? [])];
}

function all(predicates: SessionPredicate[]): SessionPredicate {
  if (predicates.length === 1) return predicates[0];
  return (session) => {
    for (const predicate of predicates) if (!predicate(session)) return false;
    return true;
  };
}

function any(predicates: SessionPredicate[]): SessionPredicate {
  if (predicates.length === 1) return predicates[0];
  return (session) => {
    for (const predicate of predicates) if (predicate(session)) return true;
    return false;
  };
}

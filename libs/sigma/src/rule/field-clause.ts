/**
 * One `field|modifiers: values` entry of a detection map (or a keyword list), with its values
 * compiled into tests. Field names are still Sigma's; the engine maps them per pipeline.
 */
export interface MatchContext {
  /** The value of another Sigma field of the current event (for `fieldref`). */
  field(name: string): unknown;
}

export type ValuePredicate = (value: unknown, context: MatchContext) => boolean;

export interface ValueTest {
  test: ValuePredicate;
  /** A lower-case literal every matching string contains, or null when there is none. */
  requiredLiteral: string | null;
  /** The whole lower-case value a matching string equals, when the rule value has no wildcards. */
  exact?: string;
  /** Set when the test is exactly "the lower-case string contains this (lower-case) literal". */
  contains?: string;
  /** The same test on a string and its lower-case form, when it only looks at strings (keywords). */
  testText?: (value: string, lower: string) => boolean;
  /** The rule value as written, for explanations. */
  description: string;
}

export type RawValue = string | number | boolean | null;

export interface FieldClause {
  /** null: a keyword search over the whole event. */
  field: string | null;
  modifiers: readonly string[];
  kind: 'match' | 'exists' | 'null';
  /** For `exists`: whether the field must be present. */
  exists: boolean;
  /** `all` modifier: every value must match (default: any). */
  matchAll: boolean;
  /** `neq`: the field must be present and differ from every value. */
  negate: boolean;
  values: readonly RawValue[];
  /** Compiled tests; null while `expand` placeholders are still unresolved. */
  tests: ValueTest[] | null;
  /** Sigma fields referenced by `fieldref` values. */
  fieldRefs: string[];
  /** Path inside the rule document, for compile-time errors (placeholders). */
  path: string;
}

import { parseCondition, type ConditionNode } from './condition-parser';
import type { FieldClause, RawValue, ValueTest } from './field-clause';
import { parseModifierChain } from './modifier-chain';
import type { SearchIdentifier, SigmaDetection } from './sigma-rule';
import { ruleError, type SigmaRuleError } from './sigma-rule-error';
import { compileValue } from './value-compiler';
import { isYamlMap, type YamlMap, type YamlValue } from './yaml-document';

/** Parses a `detection` section (or a filter's): search identifiers and the condition. */
export function parseDetection(detection: YamlValue | undefined, path: string): SigmaDetection {
  if (!isYamlMap(detection)) throw ruleError(path, 'must be a map of search identifiers and a condition');
  const searches = new Map<string, SearchIdentifier>();
  for (const [name, value] of Object.entries(detection)) {
    if (name === 'condition') continue;
    if (name === 'timeframe')
      throw ruleError(`${path}.timeframe`, 'timeframe belongs to correlation rules in Sigma v2');
    searches.set(name, parseSearchIdentifier(name, value, `${path}.${name}`));
  }
  return {
    searches,
    condition: parseConditions(detection.condition, [...searches.keys()], `${path}.condition`),
  };
}

function parseConditions(value: YamlValue | undefined, identifiers: string[], path: string): ConditionNode {
  if (value === undefined || value === null) throw ruleError(path, 'is required');
  if (typeof value === 'string') return parseCondition(value, identifiers, path);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    const children = value.map((item, i) => parseCondition(item, identifiers, `${path}[${i}]`));
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }
  throw ruleError(path, 'must be a string or a list of strings');
}

function parseSearchIdentifier(name: string, value: YamlValue, path: string): SearchIdentifier {
  if (isYamlMap(value)) return { name, alternatives: [parseMap(value, path)] };
  if (Array.isArray(value)) {
    if (value.length === 0) throw ruleError(path, 'is an empty list');
    if (value.every(isYamlMap))
      return { name, alternatives: value.map((item, i) => parseMap(item, `${path}[${i}]`)) };
    if (value.every((item) => !isYamlMap(item) && !Array.isArray(item))) {
      return { name, alternatives: [[buildClause(null, [], value as RawValue[], path)]] };
    }
    throw ruleError(path, 'a list must hold only maps or only keyword values');
  }
  if (value === null) throw ruleError(path, 'is empty');
  return { name, alternatives: [[buildClause(null, [], [value], path)]] };
}

function parseMap(map: YamlMap, path: string): FieldClause[] {
  const entries = Object.entries(map);
  if (entries.length === 0) throw ruleError(path, 'is an empty map');
  return entries.map(([key, value]) => {
    const [field, ...modifiers] = key.split('|');
    const clausePath = `${path}.${key}`;
    if (isYamlMap(value)) throw ruleError(clausePath, 'a field value cannot be a map');
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => isYamlMap(item) || Array.isArray(item)))
      throw ruleError(clausePath, 'values must be scalars');
    if (values.length === 0) throw ruleError(clausePath, 'is an empty list');
    return buildClause(field === '' ? null : field, modifiers, values as RawValue[], clausePath);
  });
}

/** Builds a clause; values are compiled now unless `expand` leaves placeholders for the engine. */
export function buildClause(
  field: string | null,
  modifiers: string[],
  values: RawValue[],
  path: string,
): FieldClause {
  const chain = parseModifierChain(modifiers, path);
  const clause: FieldClause = {
    field,
    modifiers,
    kind: 'match',
    exists: false,
    matchAll: chain.matchAll,
    negate: chain.negate,
    values,
    tests: null,
    fieldRefs: chain.spec.type.kind === 'fieldref' ? values.map(String) : [],
    path,
  };
  if (chain.exists) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw ruleError(path, "'exists' takes true or false");
    if (field === null) throw ruleError(path, "'exists' needs a field name");
    return { ...clause, kind: 'exists', exists: values[0], tests: [] };
  }
  if (values.includes(null)) {
    if (values.length > 1) throw ruleError(path, 'null cannot be part of a list of values');
    if (modifiers.length > 0) throw ruleError(path, 'null cannot be used with modifiers');
    if (field === null) throw ruleError(path, 'a keyword cannot be null');
    return { ...clause, kind: 'null', tests: [] };
  }
  if (field === null && chain.spec.type.kind !== 'string' && chain.spec.type.kind !== 're') {
    throw ruleError(path, `'${chain.spec.type.kind}' needs a field name`);
  }
  // A keyword is looked for anywhere in the event's strings, as full-text search does.
  if (field === null && chain.spec.type.kind === 'string') chain.spec.transforms.push('contains');
  if (chain.expand) {
    return clause; // compiled by the engine, once placeholder values are known
  }
  return { ...clause, tests: values.flatMap((value) => compileValue(value, chain.spec, path)) };
}

/** Told of each placeholder a clause uses that has no configured values. */
export type PlaceholderWarning = (warning: SigmaRuleError) => void;

/**
 * Compiles an `expand` clause's values with placeholder values (`%name%` → list of values). A
 * value whose placeholder has no configured values matches nothing (the deployment has not said
 * what it stands for yet): the rule loads, `warn` hears why, and the value comes back to life
 * when the deployment sets it. Inside `not`, such a filter therefore excludes nothing.
 */
export function expandClause(
  clause: FieldClause,
  placeholders: ReadonlyMap<string, readonly string[]>,
  warn: PlaceholderWarning = () => undefined,
): FieldClause {
  const chain = parseModifierChain(clause.modifiers, clause.path);
  if (clause.field === null && chain.spec.type.kind === 'string') chain.spec.transforms.push('contains');
  const tests = clause.values.flatMap((value) => {
    const missing = missingPlaceholder(String(value), placeholders);
    if (missing !== null) {
      warn(
        ruleError(
          clause.path,
          `placeholder %${missing}% has no configured values: the value matches nothing until the deployment sets it`,
        ),
      );
      return [matchesNothing(missing)];
    }
    return expandPlaceholders(String(value), placeholders).flatMap((expanded) =>
      compileValue(expanded, chain.spec, clause.path),
    );
  });
  return { ...clause, tests };
}

const PLACEHOLDER = /(?<!\\)%([^%\s]+)%/;

function missingPlaceholder(
  value: string,
  placeholders: ReadonlyMap<string, readonly string[]>,
): string | null {
  const pattern = new RegExp(PLACEHOLDER.source, 'g');
  for (const match of value.matchAll(pattern)) if (!placeholders.has(match[1])) return match[1];
  return null;
}

/** A test no value passes. Its literal is one no event holds, so the pre-filter skips it too. */
function matchesNothing(name: string): ValueTest {
  return {
    test: () => false,
    testText: () => false,
    requiredLiteral: `\u0000unset placeholder %${name.toLowerCase()}%`,
    description: `%${name}% (no configured values)`,
  };
}

function expandPlaceholders(value: string, placeholders: ReadonlyMap<string, readonly string[]>): string[] {
  const match = PLACEHOLDER.exec(value);
  if (!match) return [value.replace(/\\%/g, '%')];
  const replacements = placeholders.get(match[1]) ?? [];
  const before = value.slice(0, match.index).replace(/\\%/g, '%');
  const after = value.slice(match.index + match[0].length);
  return replacements.flatMap((replacement) =>
    expandPlaceholders(after, placeholders).map((rest) => before + replacement + rest),
  );
}

/**
 * `name=value1,value2` assignments (the CLI's `--placeholder`, the detection service's
 * `VIGIL_SIGMA_PLACEHOLDERS`) → { name: [value1, value2] }. Throws naming a malformed one.
 */
export function parsePlaceholderAssignments(assignments: readonly string[]): Record<string, string[]> {
  const placeholders: Record<string, string[]> = {};
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    const name = assignment.slice(0, separator).trim();
    if (separator <= 0 || !/^[^%\s]+$/.test(name))
      throw new Error(`expected name=value1,value2, got '${assignment}'`);
    placeholders[name] = assignment.slice(separator + 1).split(',');
  }
  return placeholders;
}

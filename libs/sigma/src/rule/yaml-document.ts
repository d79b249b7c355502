import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document } from 'yaml';
import { SigmaRuleError } from './sigma-rule-error';

/** A YAML value typed by Sigma's rules, not by YAML 1.1/1.2 core schema guesses. */
export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export interface YamlDocument {
  /** 0-based position of the document in a multi-document file. */
  index: number;
  value: YamlValue;
  /** The same document with every scalar left a string (failsafe), for parsers that type values themselves. */
  strings: unknown;
}

// Only canonical decimal integers become numbers, so `00000429` or `0x10` stay strings, as the
// rule author wrote them (the core schema would turn `00000429` into 429).
const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const FLOAT = /^-?(0|[1-9][0-9]*)\.[0-9]+$/;

/**
 * Bounds on one YAML text. Rule text is attacker-chosen (rule uploads, the test and backtest
 * tools, metadata filters): a few hundred bytes of nested aliases expand to billions of nodes,
 * and a `__proto__` key would set the prototype of the map it is read into (hiding a search or a
 * condition). The `yaml` parser's own time grows with the number of indicators, faster than
 * linearly for some (20,000 keys checked for uniqueness: 5 s; 20,000 anchors with pretty errors:
 * 3 s), so the text is measured before it is parsed, and keys are checked for uniqueness here.
 * SigmaHQ's largest file is 295 KB with 8,923 indicators; its largest document 4,475 nodes, 5
 * levels deep.
 */
export const YAML_LIMITS = {
  maxLength: 1_048_576,
  /** Line breaks and the indicators `,[]{}&!?:*|>-`, counted over the raw text. */
  maxIndicators: 40_000,
  maxNodes: 50_000,
  maxAliases: 100,
  maxDepth: 64,
} as const;

const MARKS = '\n,[]{}&!?:*|>-';
const INDICATORS = new Set(Array.from({ length: MARKS.length }, (_, i) => MARKS.charCodeAt(i)));

/**
 * Refuses, before any parsing, a text longer than YAML_LIMITS allow or with more YAML indicators
 * (so more parser work) than any rule needs. Throws SigmaRuleError (no path: the whole text).
 */
export function checkYamlText(text: string): void {
  if (text.length > YAML_LIMITS.maxLength) {
    throw new SigmaRuleError(
      `the YAML text is ${text.length} characters long; at most ${YAML_LIMITS.maxLength} are accepted`,
      '',
    );
  }
  let indicators = 0;
  for (let i = 0; i < text.length; i++) if (INDICATORS.has(text.charCodeAt(i))) indicators++;
  if (indicators > YAML_LIMITS.maxIndicators) {
    throw new SigmaRuleError(
      `the YAML text holds ${indicators} line breaks and indicators; at most ${YAML_LIMITS.maxIndicators} are accepted`,
      '',
    );
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses every document of a YAML file with the failsafe schema (all scalars are strings) and
 * types plain scalars itself: null/~/empty, true/false, canonical integers and decimals. Refuses
 * text over YAML_LIMITS and keys that name an object's prototype (also as a field name part).
 */
export function parseYamlDocuments(text: string, source: string): YamlDocument[] {
  try {
    checkYamlText(text);
  } catch (failure) {
    throw failure instanceof SigmaRuleError ? failure.within(source) : failure;
  }
  // Pretty errors would format every error with its context (slow when there are thousands).
  const documents = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  const multi = documents.length > 1;
  return documents.map((document, index) => {
    const where = multi ? `${source}#${index}` : source;
    const error = document.errors.at(0);
    if (error) {
      const line = lineAt(text, error.pos[0]);
      throw new SigmaRuleError(`invalid YAML at line ${line}: ${error.message}`, `document ${index}`, source);
    }
    const budget: Budget = { document, nodes: 0, aliases: 0 };
    let value: YamlValue;
    try {
      value = toValue(document.contents, budget, '', 0);
    } catch (failure) {
      throw failure instanceof SigmaRuleError ? failure.within(where) : failure;
    }
    const strings = document.toJS({ maxAliasCount: YAML_LIMITS.maxAliases }) as unknown;
    return { index, value, strings };
  });
}

/** What expanding one document has used so far. */
interface Budget {
  document: Document;
  nodes: number;
  aliases: number;
}

function toValue(node: unknown, budget: Budget, path: string, depth: number): YamlValue {
  if (++budget.nodes > YAML_LIMITS.maxNodes)
    throw new SigmaRuleError(`the document expands to more than ${YAML_LIMITS.maxNodes} YAML nodes`, path);
  if (depth > YAML_LIMITS.maxDepth)
    throw new SigmaRuleError(`the document nests deeper than ${YAML_LIMITS.maxDepth} levels`, path);
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    if (++budget.aliases > YAML_LIMITS.maxAliases)
      throw new SigmaRuleError(`the document uses more than ${YAML_LIMITS.maxAliases} YAML aliases`, path);
    return toValue(node.resolve(budget.document), budget, path, depth + 1);
  }
  if (isScalar(node)) return typeScalar(node);
  if (isSeq(node)) return node.items.map((item, i) => toValue(item, budget, `${path}[${i}]`, depth + 1));
  if (isMap(node)) {
    const map: YamlMap = {};
    for (const pair of node.items) {
      const key = toValue(pair.key, budget, path, depth + 1);
      const name = typeof key === 'string' ? key : JSON.stringify(key);
      const keyPath = path ? `${path}.${name}` : name;
      if (name.split(/[|.]/).some((part) => FORBIDDEN_KEYS.has(part)))
        throw new SigmaRuleError(`the key '${name}' is refused: it names an object prototype`, keyPath);
      if (Object.hasOwn(map, name))
        throw new SigmaRuleError(`invalid YAML: the key '${name}' appears twice`, keyPath);
      map[name] = toValue(pair.value, budget, keyPath, depth + 1);
    }
    return map;
  }
  throw new SigmaRuleError('unsupported YAML node', path);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function typeScalar(scalar: Scalar): YamlValue {
  const text = String(scalar.value);
  if (scalar.type !== Scalar.PLAIN) return text;
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (INTEGER.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (FLOAT.test(text)) return Number(text);
  return text;
}

export function isYamlMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
 * Parses every document of a YAML file with the failsafe schema (all scalars are strings) and
 * types plain scalars itself: null/~/empty, true/false, canonical integers and decimals.
 */
export function parseYamlDocuments(text: string, source: string): YamlDocument[] {
  const documents = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true });
  return documents.map((document, index) => {
    const error = document.errors.at(0);
    if (error)
      throw new SigmaRuleError(`invalid YAML: ${error.message.split('\n')[0]}`, `document ${index}`, source);
    return { index, value: toValue(document.contents, document), strings: document.toJS() as unknown };
  });
}

function toValue(node: unknown, document: Document): YamlValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toValue(node.resolve(document), document);
  if (isScalar(node)) return typeScalar(node);
  if (isSeq(node)) return node.items.map((item) => toValue(item, document));
  if (isMap(node)) {
    const map: YamlMap = {};
    for (const pair of node.items) {
      const key = toValue(pair.key, document);
      map[typeof key === 'string' ? key : JSON.stringify(key)] = toValue(pair.value, document);
    }
    return map;
  }
  throw new SigmaRuleError('unsupported YAML node', '');
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

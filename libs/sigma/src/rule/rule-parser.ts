import { parseDetection } from './detection-parser';
import type {
  RelatedRule,
  SigmaFilter,
  SigmaLevel,
  SigmaLogsource,
  SigmaRule,
  SigmaStatus,
} from './sigma-rule';
import { ruleError } from './sigma-rule-error';
import { isYamlMap, type YamlMap, type YamlValue } from './yaml-document';

const LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];
const STATUSES: readonly SigmaStatus[] = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const RELATED_TYPES: readonly RelatedRule['type'][] = ['derived', 'obsolete', 'merged', 'renamed', 'similar'];
const KNOWN_KEYS = new Set([
  'title',
  'id',
  'name',
  'related',
  'taxonomy',
  'status',
  'description',
  'license',
  'author',
  'references',
  'date',
  'modified',
  'logsource',
  'detection',
  'fields',
  'falsepositives',
  'level',
  'tags',
  'scope',
]);

/** Parses and validates one rule document (rules spec v2.1, "Components"). */
export function parseRule(document: YamlValue, source: string): SigmaRule {
  if (!isYamlMap(document)) throw ruleError('', 'a rule must be a YAML map');
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (!KNOWN_KEYS.has(key)) custom[key] = value;
  return {
    title: requiredString(document, 'title', 256),
    id: optionalString(document, 'id'),
    name: optionalString(document, 'name'),
    status: optionalEnum(document, 'status', STATUSES),
    level: optionalEnum(document, 'level', LEVELS),
    description: optionalString(document, 'description'),
    author: optionalString(document, 'author'),
    license: optionalString(document, 'license'),
    date: optionalString(document, 'date'),
    modified: optionalString(document, 'modified'),
    taxonomy: optionalString(document, 'taxonomy') ?? 'sigma',
    references: stringList(document, 'references'),
    tags: stringList(document, 'tags'),
    falsepositives: stringList(document, 'falsepositives'),
    fields: stringList(document, 'fields'),
    scope: stringList(document, 'scope'),
    related: parseRelated(document.related),
    logsource: parseLogsource(document.logsource),
    detection: parseDetection(document.detection, 'detection'),
    source,
    custom,
  };
}

/** Parses a global filter document (filters spec v2.1). */
export function parseFilter(document: YamlMap, source: string): SigmaFilter {
  const filter = document.filter;
  if (!isYamlMap(filter)) throw ruleError('filter', 'must be a map with rules, selections and a condition');
  const { rules, ...detection } = filter;
  const ruleRefs = typeof rules === 'string' ? [rules] : rules;
  if (!Array.isArray(ruleRefs) || ruleRefs.length === 0 || !ruleRefs.every((r) => typeof r === 'string')) {
    throw ruleError('filter.rules', 'must list the ids or names of the rules to filter');
  }
  return {
    title: requiredString(document, 'title', 256),
    id: optionalString(document, 'id'),
    description: optionalString(document, 'description'),
    logsource: parseLogsource(document.logsource),
    rules: ruleRefs,
    detection: parseDetection(detection, 'filter'),
    source,
  };
}

function parseLogsource(value: YamlValue | undefined): SigmaLogsource {
  if (!isYamlMap(value)) throw ruleError('logsource', 'is required and must be a map');
  const logsource: SigmaLogsource = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw ruleError(`logsource.${key}`, 'must be a string');
    logsource[key] = item;
  }
  if (!logsource.category && !logsource.product && !logsource.service) {
    throw ruleError('logsource', 'needs at least one of category, product or service');
  }
  return logsource;
}

function parseRelated(value: YamlValue | undefined): RelatedRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw ruleError('related', 'must be a list');
  return value.map((item, i) => {
    if (!isYamlMap(item) || typeof item.id !== 'string') throw ruleError(`related[${i}]`, 'needs an id');
    const type = item.type;
    if (typeof type !== 'string' || !(RELATED_TYPES as readonly string[]).includes(type)) {
      throw ruleError(`related[${i}].type`, `must be one of ${RELATED_TYPES.join(', ')}`);
    }
    return { id: item.id, type: type as RelatedRule['type'] };
  });
}

function requiredString(document: YamlMap, key: string, maxLength: number): string {
  const value = entry(document, key);
  if (typeof value !== 'string' || value.trim() === '')
    throw ruleError(key, 'is required and must be a string');
  if (value.length > maxLength) throw ruleError(key, `is longer than ${maxLength} characters`);
  return value;
}

function optionalString(document: YamlMap, key: string): string | undefined {
  const value = entry(document, key);
  if (value === undefined || value === null) return undefined;
  // Dates are typed by the failsafe schema as strings; a plain number is kept as its text.
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw ruleError(key, 'must be a string');
}

function optionalEnum<T extends string>(
  document: YamlMap,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(document, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw ruleError(key, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function stringList(document: YamlMap, key: string): string[] {
  const value = entry(document, key);
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (typeof item === 'object' && item !== null) throw ruleError(`${key}[${i}]`, 'must be a string');
    return String(item);
  });
}

function entry(document: YamlMap, key: string): YamlValue | undefined {
  return Object.hasOwn(document, key) ? document[key] : undefined;
}

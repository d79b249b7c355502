import type { Pipeline, PipelineLogsource } from '../pipeline/pipeline';
import { buildClause } from '../rule/detection-parser';
import type { SigmaLogsource } from '../rule/sigma-rule';
import type { SessionPredicate } from './detection-compiler';
import type { EventSession } from './event-session';
import type { FieldRead } from './field-read';
import { AS_WRITTEN_RESOLVER, pipelineFieldResolver, type FieldResolver } from './field-resolver';
import { compileDetection } from './detection-compiler';

/**
 * A logsource group: the events one pipeline logsource entry selects (its conditions) and the
 * field mapping its rules use. Rules are indexed under the groups their logsource maps to.
 */
export interface LogsourceGroup {
  key: string;
  resolver: FieldResolver;
  conditions: SessionPredicate;
  /**
   * The literal conditions the engine indexes on: for each field (its event paths), the event
   * value must be one of the listed ones; `keys` are the accepted value tuples. Conditions the
   * index covers are left out of `conditions`. Several indexes: alternatives (any one selects
   * the group), each made of literals only.
   */
  indexes: GroupIndex[];
}

export interface GroupIndex {
  fields: string[][];
  keys: string[];
}

/** The pipeline entries that apply to a rule's logsource: the most specific matches, from all pipelines. */
export function matchingEntries(
  pipelines: readonly Pipeline[],
  logsource: SigmaLogsource,
): { pipeline: Pipeline; entry: PipelineLogsource }[] {
  let bestScore = 0;
  let matches: { pipeline: Pipeline; entry: PipelineLogsource }[] = [];
  for (const pipeline of pipelines) {
    for (const entry of pipeline.logsources) {
      const keys = Object.keys(entry.logsource);
      const applies = keys.every((key) =>
        entry.logsource[key].includes(logsource[key]?.toLowerCase() ?? '\u0000'),
      );
      if (!applies || keys.length < bestScore) continue;
      if (keys.length > bestScore) matches = [];
      bestScore = keys.length;
      matches.push({ pipeline, entry });
    }
  }
  return matches;
}

export function buildGroup(pipeline: Pipeline, entry: PipelineLogsource): LogsourceGroup {
  const resolver = pipelineFieldResolver(pipeline, entry);
  const key = `${pipeline.name}/${entry.name}`;
  const allLiteral =
    entry.conditions.length > 1 &&
    entry.conditions.every((c) => Object.entries(c).every(([field, values]) => isLiteral(field, values)));
  if (allLiteral) {
    return {
      key,
      resolver,
      conditions: () => true,
      indexes: entry.conditions.map((condition) => groupIndex(resolver, Object.entries(condition))),
    };
  }
  const indexed =
    entry.conditions.length === 1
      ? Object.entries(entry.conditions[0]).filter(([field, values]) => isLiteral(field, values))
      : [];
  const residual = entry.conditions.map((condition) =>
    Object.fromEntries(
      Object.entries(condition).filter(([field]) => !indexed.some(([name]) => name === field)),
    ),
  );
  const alternatives = residual
    .filter((condition) => Object.keys(condition).length > 0)
    .map((condition, i) =>
      Object.entries(condition).map(([field, values]) => {
        const [name, ...modifiers] = field.split('|');
        return buildClause(
          name,
          modifiers,
          values,
          `${pipeline.name}.logsources.${entry.name}.conditions[${i}].${field}`,
        );
      }),
    );
  const search = { name: 'conditions', alternatives };
  const conditions =
    alternatives.length === 0
      ? () => true
      : compileDetection(
          { searches: new Map([['conditions', search]]), condition: { kind: 'search', name: 'conditions' } },
          resolver,
          new Map(),
        ).evaluate;
  return {
    key,
    resolver,
    conditions,
    indexes: indexed.length === 0 ? [] : [groupIndex(resolver, indexed)],
  };
}

function groupIndex(resolver: FieldResolver, entries: [string, readonly unknown[]][]): GroupIndex {
  return {
    fields: entries.map(([field]) => resolver.paths(field)),
    keys: tuples(entries.map(([, values]) => values.map((v) => String(v as string | number).toLowerCase()))),
  };
}

function isLiteral(field: string, values: readonly unknown[]): boolean {
  return (
    !field.includes('|') &&
    values.every((v) => typeof v === 'number' || (typeof v === 'string' && !/[*?\\]/.test(v)))
  );
}

/** Every combination of one value per field, joined into one index key. */
export function tuples(valuesPerField: readonly string[][]): string[] {
  return valuesPerField.reduce<string[]>(
    (keys, values) =>
      keys.flatMap((prefix) => values.map((value) => (prefix === '' ? value : `${prefix}\u0001${value}`))),
    [''],
  );
}

export const AS_WRITTEN_GROUP: LogsourceGroup = {
  key: 'as-written',
  resolver: AS_WRITTEN_RESOLVER,
  conditions: () => true,
  indexes: [],
};

const NO_KEYS: string[] = [];

/**
 * The lower-case index keys of an event for an index over `fields`: one key (the usual case, no
 * array), or a list when a field holds several values.
 */
export function indexKeys(session: EventSession, fields: readonly FieldRead[]): string | string[] {
  let keys = fieldValues(session, fields[0]);
  for (let i = 1; i < fields.length; i++) {
    if (typeof keys !== 'string' && keys.length === 0) return keys;
    const values = fieldValues(session, fields[i]);
    keys =
      typeof keys === 'string' && typeof values === 'string'
        ? `${keys}\u0001${values}`
        : tuples([asList(keys), asList(values)]);
  }
  return keys;
}

function fieldValues(session: EventSession, field: FieldRead): string | string[] {
  const value = session.value(field);
  if (typeof value === 'string') return session.lower(field, value);
  if (typeof value === 'number') return String(value);
  if (value === undefined || value === null) return NO_KEYS;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .map((v) => String(v).toLowerCase());
}

function asList(keys: string | string[]): string[] {
  return typeof keys === 'string' ? [keys] : keys;
}

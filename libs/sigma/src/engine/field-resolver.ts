import type { Pipeline, PipelineLogsource } from '../pipeline/pipeline';
import { firstOfAccessor, stringLeaves, type FieldAccessor } from './field-access';

/** Where Sigma field names live in events, for one logsource of one pipeline (or as written). */
export interface FieldResolver {
  /** Names the mapping in explanations: `pipeline/logsource`, or `as-written`. */
  readonly name: string;
  paths(field: string): string[];
  accessor(field: string): FieldAccessor;
  /** The strings a keyword search looks at. */
  keywordValues(event: unknown): string[];
}

export function pipelineFieldResolver(pipeline: Pipeline, entry: PipelineLogsource): FieldResolver {
  const defaults = entry.fieldDefaults ?? pipeline.fieldDefaults;
  const paths = (field: string): string[] =>
    lookup(entry.fields, field) ??
    lookup(pipeline.fields, field) ??
    defaults.map((template) => template.replaceAll('{field}', field));
  return makeResolver(`${pipeline.name}/${entry.name}`, paths, pipeline.keywordFields);
}

/**
 * For rules no pipeline maps: field names are event paths as written. Keywords search "the full
 * log message" (rules spec, Lists): the event's message text when it has one, else every string.
 */
export const AS_WRITTEN_RESOLVER: FieldResolver = makeResolver(
  'as-written',
  (field) => [field],
  ['message', 'Message', 'event.original'],
  true,
);

function makeResolver(
  name: string,
  paths: (field: string) => string[],
  keywordFields: string[],
  fallbackToAll = false,
): FieldResolver {
  const cache = new Map<string, FieldAccessor>();
  const keywordAccessors = keywordFields.map((field) => firstOfAccessor([field]));
  return {
    name,
    paths,
    accessor(field) {
      let accessor = cache.get(field);
      if (!accessor) {
        accessor = firstOfAccessor(paths(field));
        cache.set(field, accessor);
      }
      return accessor;
    },
    keywordValues(event) {
      if (keywordAccessors.length === 0) return stringLeaves(event);
      const out: string[] = [];
      for (const accessor of keywordAccessors) stringLeaves(accessor(event), out);
      return out.length === 0 && fallbackToAll ? stringLeaves(event) : out;
    },
  };
}

function lookup(record: Record<string, string[]>, key: string): string[] | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

import type { Pipeline, PipelineLogsource } from '../pipeline/pipeline';
import { fieldRead, keywordRead, type FieldRead, type KeywordRead } from './field-read';

/** Where Sigma field names live in events, for one logsource of one pipeline (or as written). */
export interface FieldResolver {
  /** Names the mapping in explanations: `pipeline/logsource`, or `as-written`. */
  readonly name: string;
  paths(field: string): string[];
  /** How to read a Sigma field (the same FieldRead for the same event paths, across resolvers). */
  field(name: string): FieldRead;
  /** Where keyword searches look. */
  readonly keywords: KeywordRead;
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
  const cache = new Map<string, FieldRead>();
  return {
    name,
    paths,
    field(field) {
      let read = cache.get(field);
      if (!read) {
        read = fieldRead(paths(field));
        cache.set(field, read);
      }
      return read;
    },
    keywords: keywordRead(keywordFields, fallbackToAll),
  };
}

function lookup(record: Record<string, string[]>, key: string): string[] | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

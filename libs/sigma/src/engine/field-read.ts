import { fieldAccessor, firstOfAccessor, type FieldAccessor } from './field-access';

/**
 * How the engine reads one field of an event: its event paths (the first present wins). The
 * same paths give the same FieldRead, whichever rule or logsource group asks, so an event's
 * value is read and cached once per event under `slot`.
 */
export interface FieldRead {
  /** A small integer naming these paths in per-event caches. */
  readonly slot: number;
  readonly paths: readonly string[];
  /** Reads the field (the first of its paths present). */
  readonly read: FieldAccessor;
  /** With several paths, the read of each, tried in order: each path is read once per event. */
  readonly alternatives: readonly FieldRead[] | null;
}

/** How keyword searches find their strings: in these fields, else (when set) in every string. */
export interface KeywordRead {
  readonly slot: number;
  readonly fields: readonly FieldRead[];
  readonly fallbackToAll: boolean;
}

// Interned for the life of the process, like compiled accessors: pipelines and rules name a
// bounded set of paths, and slots must stay stable while engines hold them.
const fieldReads = new Map<string, FieldRead>();
const keywordReads = new Map<string, KeywordRead>();

export function fieldRead(paths: readonly string[]): FieldRead {
  const key = paths.join('\u0000');
  let read = fieldReads.get(key);
  if (!read) {
    const alternatives = paths.length === 1 ? null : paths.map((path) => fieldRead([path]));
    const accessor = paths.length === 1 ? fieldAccessor(paths[0]) : firstOfAccessor(paths);
    read = { slot: fieldReads.size, paths: [...paths], read: accessor, alternatives };
    fieldReads.set(key, read);
  }
  return read;
}

export function keywordRead(fields: readonly string[], fallbackToAll: boolean): KeywordRead {
  const key = `${fallbackToAll ? 1 : 0}${fields.join('\u0000')}`;
  let read = keywordReads.get(key);
  if (!read) {
    read = { slot: keywordReads.size, fields: fields.map((field) => fieldRead([field])), fallbackToAll };
    keywordReads.set(key, read);
  }
  return read;
}

/**
 * Reading fields out of events. A dotted path (`source.ip`) reaches into nested objects, and a
 * literal dotted key (`{"source.ip": …}`) also matches. Through arrays of objects, the values of
 * every element are collected; a `*` segment stands for any one key. Accessors are compiled once per path and cached.
 */
/**
 * Reads a field. `roots`, when given, are the event's top-level keys (up to their first dot): a
 * path whose first segment is not among them is absent without looking further.
 */
export type FieldAccessor = (event: unknown, roots?: EventRoots) => unknown;

/** The top-level keys of an event, up to their first dot (a set of them will do). */
export interface EventRoots {
  has(root: string): boolean;
}

const accessors = new Map<string, FieldAccessor>();

export function getField(event: unknown, fieldPath: string): unknown {
  return fieldAccessor(fieldPath)(event);
}

export function fieldAccessor(fieldPath: string): FieldAccessor {
  let accessor = accessors.get(fieldPath);
  if (!accessor) {
    accessor = compileAccessor(fieldPath);
    accessors.set(fieldPath, accessor);
  }
  return accessor;
}

/** The first of several paths that is present in the event (pipelines list alternatives). */
export function firstOfAccessor(paths: readonly string[]): FieldAccessor {
  if (paths.length === 1) return fieldAccessor(paths[0]);
  const list = paths.map(fieldAccessor);
  return (event, roots) => {
    for (const accessor of list) {
      const value = accessor(event, roots);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/**
 * The engine's copy of a property name, as V8 stores object keys. Built strings (split, join,
 * replace) are not, and every lookup with one would pay a string-table search first.
 */
function internalized(key: string): string {
  return Object.keys({ [key]: 0 })[0];
}

function compileAccessor(path: string): FieldAccessor {
  const fieldPath = internalized(path);
  const segments = fieldPath.split('.').map(internalized);
  const root = segments[0];
  if (segments.length === 1)
    return (event, roots) => (isObject(event) && (!roots || roots.has(root)) ? event[fieldPath] : undefined);
  // Literal dotted keys for the rest of the path from each position, longest first, built once.
  const joined = segments.map((_, index) => {
    const keys: { key: string; end: number }[] = [];
    for (let end = index === 0 ? segments.length - 1 : segments.length; end > index + 1; end--) {
      keys.push({ key: internalized(segments.slice(index, end).join('.')), end });
    }
    return keys;
  });
  const walk = (value: unknown, index: number): unknown => {
    if (index === segments.length) return value;
    if (Array.isArray(value)) {
      const found = value.map((item) => walk(item, index)).filter((item) => item !== undefined);
      return found.length === 0 ? undefined : found.flat();
    }
    if (!isObject(value)) return undefined;
    const segment = segments[index];
    if (segment === '*') {
      // A wildcard segment steps over one level of unknown names (evtx UserData wrappers).
      for (const key in value) {
        const found = walk(value[key], index + 1);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    const next = value[segment];
    if (next !== undefined) return walk(next, index + 1);
    for (const { key, end } of joined[index]) {
      const literal = value[key];
      if (literal !== undefined) return walk(literal, end);
    }
    return undefined;
  };
  // Nested objects first (Vigil's shape); a literal dotted key only when they do not have it.
  return (event, roots) => {
    if (!isObject(event) || (roots && !roots.has(root))) return undefined;
    // The usual case without recursion: nested objects, one per segment. Where that stops (an
    // array, a missing key, a `*`), `walk` takes over from there, as it would have got there too.
    let value: unknown = event;
    let index = 0;
    while (index < segments.length && isObject(value) && !Array.isArray(value) && segments[index] !== '*') {
      const next: unknown = value[segments[index]];
      if (next === undefined) break;
      value = next;
      index++;
    }
    const nested = index === segments.length ? value : walk(value, index);
    return nested !== undefined ? nested : event[fieldPath];
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every string (and number) leaf of an event, for keyword searches. */
export function stringLeaves(event: unknown, into: string[] = []): string[] {
  if (typeof event === 'string') into.push(event);
  else if (typeof event === 'number' || typeof event === 'boolean') into.push(String(event));
  else if (Array.isArray(event)) for (const item of event) stringLeaves(item, into);
  else if (isObject(event)) for (const key in event) stringLeaves(event[key], into);
  return into;
}

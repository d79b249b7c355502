import type { FieldAccessor } from './field-access';
import type { FieldResolver } from './field-resolver';

const MISSING = Symbol('missing');

/** Per-event caches shared by every rule evaluated against one event. */
export class EventSession {
  private keywordCache?: Map<FieldResolver, { values: string[]; lower: string[] }>;
  private textCache?: Map<string, string | null>;
  private valueCache?: Map<string, unknown>;
  private stringCache?: Map<FieldResolver, string[]>;

  private roots?: Set<string>;

  constructor(readonly event: unknown) {}

  /** The event's top-level keys, up to their first dot (see FieldAccessor). */
  rootSet(): ReadonlySet<string> {
    if (!this.roots) {
      this.roots = new Set();
      if (typeof this.event === 'object' && this.event !== null) {
        for (const key of Object.keys(this.event)) {
          const dot = key.indexOf('.');
          this.roots.add(dot < 0 ? key : key.slice(0, dot));
        }
      }
    }
    return this.roots;
  }

  /** Whether the event has a top-level key among `roots`. */
  hasAnyRoot(roots: readonly string[]): boolean {
    const present = this.rootSet();
    for (const root of roots) if (present.has(root)) return true;
    return false;
  }

  /** The strings keyword searches look at, with their lower-case forms, computed once. */
  keywords(resolver: FieldResolver): { values: string[]; lower: string[] } {
    this.keywordCache ??= new Map();
    let entry = this.keywordCache.get(resolver);
    if (!entry) {
      const values = this.keywordStrings(resolver);
      const lower = values.map((value) => value.toLowerCase());
      entry = { values, lower };
      this.keywordCache.set(resolver, entry);
    }
    return entry;
  }

  /** The value of a field, read once per event whatever the number of rules that look at it. */
  value(key: string, read: FieldAccessor): unknown {
    this.valueCache ??= new Map();
    const cached = this.valueCache.get(key);
    if (cached !== undefined) return cached === MISSING ? undefined : cached;
    const value = read(this.event, this.rootSet());
    this.valueCache.set(key, value === undefined ? MISSING : value);
    return value;
  }

  /** The text of a field (arrays joined), cached by `key` for pre-filters. */
  text(key: string, read: FieldAccessor): string | null {
    this.textCache ??= new Map();
    let text = this.textCache.get(key);
    if (text === undefined) {
      text = toText(this.value(key, read));
      this.textCache.set(key, text);
    }
    return text;
  }

  /** The strings keyword searches look at, as they are (for pre-filters). */
  keywordStrings(resolver: FieldResolver): string[] {
    this.stringCache ??= new Map();
    let values = this.stringCache.get(resolver);
    if (!values) {
      values = resolver.keywordValues(this.event);
      this.stringCache.set(resolver, values);
    }
    return values;
  }
}

function toText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => toText(item) ?? '').join('\n');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

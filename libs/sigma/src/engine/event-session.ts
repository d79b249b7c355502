import { stringLeaves, type EventRoots } from './field-access';
import type { FieldRead, KeywordRead } from './field-read';
import { RoundSet } from './round-set';

/**
 * Per-event caches shared by every rule evaluated against one event. The engine keeps one
 * session and resets it for each event (matching is synchronous and not re-entrant), so an
 * event costs no maps or sets: values are cached in arrays under their FieldRead's slot.
 */
export class EventSession {
  private event: unknown = undefined;
  private readonly roots = new TopLevelKeys();
  private readonly valueSet = new RoundSet();
  private readonly values: unknown[] = [];
  private readonly lowerSet = new RoundSet();
  private readonly lowers: string[] = [];
  private readonly textSet = new RoundSet();
  private readonly texts: (string | null)[] = [];
  private readonly keywordSet = new RoundSet();
  private readonly keywordCache: string[][] = [];
  private readonly keywordLowerSet = new RoundSet();
  private readonly keywordLowerCache: string[][] = [];
  private readonly scanSet = new RoundSet();
  private readonly scanCache: string[] = [];

  /** Starts on a new event: every cached value is forgotten. */
  reset(event: unknown): this {
    this.event = event;
    this.roots.reset(event);
    this.valueSet.clear();
    this.lowerSet.clear();
    this.textSet.clear();
    this.keywordSet.clear();
    this.keywordLowerSet.clear();
    this.scanSet.clear();
    return this;
  }

  /** The event's top-level keys up to their first dot, each once (see FieldAccessor). */
  rootList(): readonly string[] {
    return this.roots.list();
  }

  /** The value of a field, read once per event whatever the number of rules that look at it. */
  value(field: FieldRead): unknown {
    const slot = field.slot;
    if (this.valueSet.has(slot)) return this.values[slot];
    let value: unknown = undefined;
    if (field.alternatives === null) {
      value = field.read(this.event, this.roots);
    } else {
      // The first present path wins; each path's value is cached on its own, for other reads.
      for (const alternative of field.alternatives) {
        value = this.value(alternative);
        if (value !== undefined) break;
      }
    }
    this.valueSet.add(slot);
    this.values[slot] = value;
    return value;
  }

  /** The lower-case form of a field whose value is `value` (a string), computed once per event. */
  lower(field: FieldRead, value: string): string {
    const slot = field.slot;
    if (this.lowerSet.has(slot)) return this.lowers[slot];
    const lower = value.toLowerCase();
    this.lowerSet.add(slot);
    this.lowers[slot] = lower;
    return lower;
  }

  /** The text of a field (arrays joined), for pre-filters; null when it has none. */
  text(field: FieldRead): string | null {
    const slot = field.slot;
    if (this.textSet.has(slot)) return this.texts[slot];
    const text = toText(this.value(field));
    this.textSet.add(slot);
    this.texts[slot] = text;
    return text;
  }

  /** The strings keyword searches look at, read once per event. */
  keywordStrings(read: KeywordRead): string[] {
    const slot = read.slot;
    if (this.keywordSet.has(slot)) return this.keywordCache[slot];
    const values = this.readKeywordStrings(read);
    this.keywordSet.add(slot);
    this.keywordCache[slot] = values;
    return values;
  }

  /** The lower-case forms of `keywordStrings`, index for index. */
  keywordLower(read: KeywordRead): string[] {
    const slot = read.slot;
    if (this.keywordLowerSet.has(slot)) return this.keywordLowerCache[slot];
    const lower = this.keywordStrings(read).map((value) => value.toLowerCase());
    this.keywordLowerSet.add(slot);
    this.keywordLowerCache[slot] = lower;
    return lower;
  }

  /**
   * The keyword strings as one text for pre-filters, distinct strings joined by line breaks: one
   * scan instead of one per string (an event without a message field has dozens). A literal found
   * across two strings only makes a rule a candidate; its evaluation decides.
   */
  keywordText(read: KeywordRead): string {
    const slot = read.slot;
    if (this.scanSet.has(slot)) return this.scanCache[slot];
    const values = this.keywordStrings(read);
    // A log line is often both `message` and `event.original`: it is scanned once.
    const text =
      values.length === 1 ? values[0] : (values.length > FEW_STRINGS ? values : distinct(values)).join('\n');
    this.scanSet.add(slot);
    this.scanCache[slot] = text;
    return text;
  }

  private readKeywordStrings(read: KeywordRead): string[] {
    if (read.fields.length === 0) return stringLeaves(this.event);
    const out: string[] = [];
    for (const field of read.fields) stringLeaves(this.value(field), out);
    return out.length === 0 && read.fallbackToAll ? stringLeaves(this.event) : out;
  }
}

/** Up to this many keyword strings, duplicates are looked for (pairwise) before scanning. */
const FEW_STRINGS = 8;

/**
 * The event's top-level keys up to their first dot (see FieldAccessor), looked up in the event's
 * own properties; only when a key is absent are the literal dotted keys (`"source.ip"`) listed,
 * once per event.
 */
class TopLevelKeys implements EventRoots {
  private event: object | null = null;
  private dotted: ReadonlySet<string> | undefined;
  private roots: readonly string[] | undefined;

  reset(event: unknown): void {
    this.event = typeof event === 'object' && event !== null ? event : null;
    this.dotted = undefined;
    this.roots = undefined;
  }

  /** Every distinct root, listed once per event. */
  list(): readonly string[] {
    if (this.roots) return this.roots;
    const keys = this.event === null ? [] : Object.keys(this.event);
    this.roots = keys.some((key) => key.includes('.'))
      ? [...new Set(keys.map((key) => key.split('.', 1)[0]))]
      : keys;
    return this.roots;
  }

  has(root: string): boolean {
    const event = this.event;
    if (event === null) return false;
    if (Object.prototype.hasOwnProperty.call(event, root)) return true;
    this.dotted ??= dottedRoots(event);
    return this.dotted.has(root);
  }
}

const NONE: ReadonlySet<string> = new Set();

function dottedRoots(event: object): ReadonlySet<string> {
  let roots: Set<string> | undefined;
  // for…in walks V8's cached key list without copying it; inherited keys are not the event's.
  for (const key in event) {
    const dot = key.indexOf('.');
    if (dot >= 0 && Object.prototype.hasOwnProperty.call(event, key))
      (roots ??= new Set()).add(key.slice(0, dot));
  }
  return roots ?? NONE;
}

function distinct(values: string[]): string[] {
  const out: string[] = [];
  for (const value of values) if (!out.includes(value)) out.push(value);
  return out;
}

function toText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => toText(item) ?? '').join('\n');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

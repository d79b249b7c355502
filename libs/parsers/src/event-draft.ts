import type { EcsEventField, NormalizedEvent } from '@vigil/contracts';

/** The fields a format parser contributes; `parseLine` adds the identity fields around them. */
export type DraftFields = Partial<
  Pick<
    NormalizedEvent,
    'message' | 'host' | 'source' | 'destination' | 'user' | 'process' | 'log' | 'url' | 'http' | 'user_agent'
  >
> & {
  event?: Omit<Partial<EcsEventField>, 'id' | 'original' | 'ingested'>;
  [field: string]: unknown;
};

/** What a parser found: the fields and, when the line carried one, the source time. */
export interface EventDraft {
  fields: DraftFields;
  /** Source time, epoch milliseconds UTC. */
  time?: number;
  /** True when the source time had no zone and the agency's zone was assumed. */
  zoneAssumed?: boolean;
  /** The record field the time was read from, when the record had several (JSON); kept as vigil.time_source. */
  timeSource?: string;
}

export interface DraftSuccess {
  readonly ok: true;
  readonly draft: EventDraft;
}

/** Options every format parser sees, already validated. */
export interface ParserContext {
  readonly timezone: string;
  /** Reference time for year inference, epoch ms. */
  readonly now: number;
  readonly maxJsonDepth: number;
}

/** Sets a nested own property, creating objects along the way; safe for `__proto__` keys. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `target[key]`, created when missing or not an object. */
export function child(target: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = Object.hasOwn(target, key) ? target[key] : undefined;
  if (isRecord(existing)) return existing;
  const created: Record<string, unknown> = {};
  setOwn(target, key, created);
  return created;
}

/** A copy without the keys whose value is undefined (they would otherwise show up in tests and dumps). */
export function withoutUndefined<T extends object>(value: T): T {
  const entries: [string, unknown][] = Object.entries(value);
  return Object.fromEntries(entries.filter((entry) => entry[1] !== undefined)) as T;
}

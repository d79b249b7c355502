/** One entry of a correlation window: when it happened and what it carries (opaque to the store). */
export interface WindowEntry {
  timestamp: number;
  member: string;
}

export interface AppendOptions {
  /** Entries older than this (event time, ms) are dropped in the same step. */
  trimBefore: number;
  /** The key expires this long after its last append (wall clock, ms): idle groups vanish. */
  ttlMs: number;
  /** At most this many entries are kept; the oldest go first. Bounds memory per group. */
  maxEntries: number;
}

export interface AppendResult {
  /** Entries in the key after the append, trim and cap. */
  size: number;
  /** Entries dropped because the key hit `maxEntries` (0 normally). */
  evicted: number;
}

/**
 * The window state of correlation rules: one time-ordered set of entries per key (correlation +
 * group values). Small on purpose, so that each operation is one atomic Redis step shared by every
 * detection instance:
 * - `append`: one Lua script — ZADD key ts member, ZREMRANGEBYSCORE key -inf `(trimBefore`,
 *   ZREMRANGEBYRANK key 0 -(maxEntries+1) when over the cap (its count is `evicted`), PEXPIRE.
 * - `range`: ZRANGE key from to BYSCORE WITHSCORES.
 * - `remove`: ZREM key member… — returns how many were still there, which lets exactly one
 *   instance claim a window that fired (see CorrelationEngine).
 * Appending a member that is already present keeps one copy (ZADD semantics), so redelivered
 * events are not counted twice.
 */
export interface CorrelationStore {
  append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult>;
  /** Entries with from ≤ timestamp ≤ to, by timestamp then member. */
  range(key: string, from: number, to: number): Promise<WindowEntry[]>;
  /** Removes the given members; resolves to how many of them were present. */
  remove(key: string, members: readonly string[]): Promise<number>;
}

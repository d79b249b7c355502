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
  /**
   * The value this entry stands for, when only distinct values matter (value_count): the key then
   * keeps one entry per value, the latest by time — an earlier one is replaced, and the entry is
   * not added when a later one of the value is already there. Repeats of a value (a flood to one
   * port) so neither grow the window nor the work each new entry costs.
   */
  distinct?: string;
}

export interface AppendResult {
  /** Entries in the key after the append, trim and cap. */
  size: number;
  /** Entries dropped because the key hit `maxEntries` (0 normally). */
  evicted: number;
  /**
   * The member already counted in a window that fired (a redelivered event): the result recorded
   * by that claim, and nothing was appended.
   */
  claimedBy?: string;
}

export interface ClaimRecord {
  /** The fired result, recorded against each claimed member. */
  payload: string;
  /** How long the record is kept (wall clock, ms): as long as a redelivery can come. */
  ttlMs: number;
}

/**
 * The window state of correlation rules: one time-ordered set of entries per key (correlation +
 * group values). Small on purpose, so that each operation is one atomic Redis step shared by every
 * detection instance:
 * - `append`: one Lua script — ZADD key ts member, ZREMRANGEBYSCORE key -inf `(trimBefore`,
 *   ZREMRANGEBYRANK key 0 -(maxEntries+1) when over the cap (its count is `evicted`), PEXPIRE;
 *   with `distinct`, a hash of value → member beside the key finds the entry it replaces.
 * - `range`: ZRANGE key from to BYSCORE WITHSCORES.
 * - `claim`: one Lua script — if every member is still in the key, ZREM them and record the
 *   fired result against each (SET with expiry); else nothing. Exactly one instance claims a
 *   window that fired (see CorrelationEngine).
 * Appending a member that is already present keeps one copy (ZADD semantics), so redelivered
 * events are not counted twice; appending a member that a claim took returns the recorded result
 * instead, so a crash between the claim and the alert being published loses nothing: the
 * redelivered event brings the same result back.
 */
export interface CorrelationStore {
  append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult>;
  /** Entries with from ≤ timestamp ≤ to, by timestamp then member. */
  range(key: string, from: number, to: number): Promise<WindowEntry[]>;
  /** Takes the members out of the window, recording the result; false if one was already gone. */
  claim(key: string, members: readonly string[], record: ClaimRecord): Promise<boolean>;
}

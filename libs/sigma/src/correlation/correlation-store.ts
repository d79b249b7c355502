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

/** A window key and one of its members. */
export interface WindowMember {
  key: string;
  member: string;
}

/** What a batch needs to know before it is evaluated. */
export interface StateRequest {
  /** The window keys the batch touches. */
  keys: readonly string[];
  /** The members the batch is about to append: their claim records, if a claim took them. */
  members: readonly WindowMember[];
}

/** One window as read: its entries, its distinct-value index and the version of both. */
export interface WindowState {
  /** Moves with every write to the key; 0 when the key holds nothing. */
  version: number;
  /** By timestamp, then member. */
  entries: WindowEntry[];
  /** value → the member standing for it (value_count); may name members no longer there. */
  distinct: [value: string, member: string][];
}

export interface StateSnapshot {
  windows: Map<string, WindowState>;
  /** The claim records of the requested members that have one: the recorded result (payload). */
  claims: (WindowMember & { payload: string })[];
}

/** A change a batch makes, applied in order with the semantics of the in-memory store's methods. */
export type WindowChange =
  | { kind: 'append'; key: string; entry: WindowEntry; options: AppendOptions }
  | { kind: 'claim'; key: string; members: readonly string[]; record: ClaimRecord };

export interface WriteRequest {
  /**
   * The versions the changes were computed from (key → version, every key the changes touch):
   * the write is refused as a whole when one has moved. Without it the changes apply whatever
   * happened meanwhile, each claim still only if all its members are there.
   */
  expected?: ReadonlyMap<string, number>;
  changes: readonly WindowChange[];
}

/** `applied: false`: a version moved, nothing changed. Else per claim change, in order, whether it took its members. */
export type WriteOutcome = { applied: false } | { applied: true; claimed: boolean[] };

/**
 * The window state of correlation rules: one time-ordered set of entries per key (correlation +
 * group values), shared by every detection instance (Redis) or held in memory (CLI, rule tests).
 * A batch of matches reaches it twice: one `read` of every window the batch touches, then one
 * `write` of everything the batch changed (appends with their trims and caps, claims), which is
 * atomic and checks that no other writer moved those windows in between (optimistic concurrency:
 * on a refusal the engine reads again and re-evaluates). The batch itself is evaluated in memory
 * by CorrelationEngine over an InMemoryCorrelationStore seeded from the read, so both stores share
 * one semantics:
 * - append: the entry goes in (one copy per member: a redelivered event is counted once), entries
 *   older than `trimBefore` go, the oldest go beyond `maxEntries`; a member that a claim took is
 *   not appended and its recorded result comes back instead (`claimedBy`), so a crash between the
 *   claim and the alert being published loses nothing.
 * - claim: if every member is still in the key, take them out and record the result against
 *   each (with expiry); else nothing. Exactly one writer claims a window that fired.
 */
export interface CorrelationStore {
  read(request: StateRequest): Promise<StateSnapshot>;
  write(request: WriteRequest): Promise<WriteOutcome>;
}

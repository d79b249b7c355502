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
  /** The fired result's id: the store keeps its payload once, and the id against each member. */
  id: string;
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
  /**
   * Windows (among `keys`) the caller holds a copy of, and that copy's version: the store answers
   * `unchanged` for those still at it instead of sending their content again.
   */
  known?: ReadonlyMap<string, number>;
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
  /** Keys of `known` windows still at the version the caller holds (not in `windows`). */
  unchanged?: readonly string[];
  /** The claim records of the requested members that have one: the recorded result (payload). */
  claims: (WindowMember & { payload: string })[];
}

/**
 * What one batch changed in one window, as the difference between the window it read and the
 * window it leaves (its appends, trims, caps, replaced distinct values and claims, netted).
 */
export interface WindowDelta {
  key: string;
  /** The version the batch read: the write is refused as a whole when one has moved. */
  version: number;
  /**
   * The version the window takes with this write. Chosen at random by the writer, not counted
   * up: a window that expired and was filled again never comes back to a version a cached copy
   * of its earlier life holds, and the writer knows the version of what it leaves without asking.
   */
  nextVersion: number;
  /** Entries added, or moved to another time. */
  put: WindowEntry[];
  /** Members that left the window. */
  remove: string[];
  /** Distinct values (value_count) now standing for another member, or new. */
  distinctPut: [value: string, member: string][];
  /** Distinct values no longer indexed. */
  distinctRemove: string[];
  /** The window expires this long after the write (wall clock, ms). */
  ttlMs: number;
}

/** A claim's record: the fired result, kept against each claimed member. */
export interface ClaimedMembers {
  key: string;
  members: readonly string[];
  record: ClaimRecord;
}

export interface WriteRequest {
  windows: readonly WindowDelta[];
  claims: readonly ClaimedMembers[];
  /** Members taken as never claimed without reading: the write is refused if one was. */
  unclaimed?: readonly WindowMember[];
}

/**
 * The window state of correlation rules: one set of time-stamped entries per key (correlation +
 * group values), shared by every detection instance (Redis) or held in memory (CLI, rule tests).
 * A batch of matches reaches it twice: one `read` of every window the batch touches (and of the
 * claim records of the members it appends), then one `write` of what the batch changed, atomic,
 * and refused as a whole when another writer moved one of those windows in between (optimistic
 * concurrency: the engine then reads again and re-evaluates). The batch itself is evaluated in
 * memory by CorrelationEngine over an InMemoryCorrelationStore seeded from the read, whose append,
 * range and claim define the semantics (see there), so every store shares one.
 */
export interface CorrelationStore {
  read(request: StateRequest): Promise<StateSnapshot>;
  /** False when a window's version moved since it was read (or an `unclaimed` member was claimed): nothing was written. */
  write(request: WriteRequest): Promise<boolean>;
}

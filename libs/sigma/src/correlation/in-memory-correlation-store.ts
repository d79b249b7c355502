import {
  AppendOptions,
  AppendResult,
  ClaimRecord,
  CorrelationStore,
  StateRequest,
  StateSnapshot,
  WindowEntry,
  WindowState,
  WriteRequest,
} from './correlation-store';

interface KeyState {
  entries: Map<string, number>;
  /** For `distinct` appends: value → the member standing for it. */
  distinct: Map<string, string>;
  expiresAt: number;
}

/**
 * CorrelationStore in process memory, with the same semantics as the Redis adapter: for tests,
 * the CLI and single-instance use. Not shared between instances. Its append, range and claim are
 * also what CorrelationEngine evaluates a batch with (seeded from whichever store it reads), so
 * they define the semantics the Redis script reproduces.
 */
export class InMemoryCorrelationStore implements CorrelationStore {
  private readonly keys = new Map<string, KeyState>();
  /** Claimed members (key + member) → the recorded result, as the Redis store keeps them. */
  private readonly claims = new Map<string, { payload: string; expiresAt: number }>();
  /** Per key: moves with every change, kept as long as the key would be. */
  private readonly versions = new Map<string, { version: number; expiresAt: number }>();

  /** `clock` is wall-clock time for key expiry (Redis PEXPIRE), not event time. */
  constructor(private readonly clock: () => number = Date.now) {}

  read(request: StateRequest): Promise<StateSnapshot> {
    const windows = new Map<string, WindowState>();
    const unchanged: string[] = [];
    for (const key of request.keys) {
      const state = this.live(key);
      const version = this.versionOf(key);
      if (version !== 0 && request.known?.get(key) === version) {
        unchanged.push(key);
        continue;
      }
      windows.set(key, {
        version,
        entries: state ? sorted(state.entries) : [],
        distinct: state ? [...state.distinct] : [],
      });
    }
    const claims: StateSnapshot['claims'] = [];
    for (const { key, member } of request.members) {
      const claim = this.liveClaim(key, member);
      if (claim) claims.push({ key, member, payload: claim.payload });
    }
    return Promise.resolve({ windows, unchanged, claims });
  }

  write(request: WriteRequest): Promise<boolean> {
    if (request.windows.some((delta) => this.versionOf(delta.key) !== delta.version))
      return Promise.resolve(false);
    if (request.unclaimed?.some(({ key, member }) => this.liveClaim(key, member)))
      return Promise.resolve(false);
    const expiresAt = (ttlMs: number): number => this.clock() + ttlMs;
    for (const delta of request.windows) {
      const state = this.live(delta.key) ?? {
        entries: new Map<string, number>(),
        distinct: new Map(),
        expiresAt: 0,
      };
      for (const member of delta.remove) state.entries.delete(member);
      for (const entry of delta.put) state.entries.set(entry.member, entry.timestamp);
      for (const value of delta.distinctRemove) state.distinct.delete(value);
      for (const [value, member] of delta.distinctPut) state.distinct.set(value, member);
      state.expiresAt = expiresAt(delta.ttlMs);
      this.keys.set(delta.key, state);
      this.versions.set(delta.key, { version: delta.nextVersion, expiresAt: state.expiresAt });
    }
    for (const { key, members, record } of request.claims) {
      for (const member of members)
        this.claims.set(claimKey(key, member), {
          payload: record.payload,
          expiresAt: expiresAt(record.ttlMs),
        });
    }
    return Promise.resolve(true);
  }

  /** A live window's entries and distinct-value index as they are now (the engine's delta). */
  windowOf(key: string): { entries: ReadonlyMap<string, number>; distinct: ReadonlyMap<string, string> } {
    return this.live(key) ?? { entries: new Map(), distinct: new Map() };
  }

  /**
   * Puts a window and claim records read from another store in place (evaluating a batch):
   * nothing seeded expires while the batch is evaluated.
   */
  seed(snapshot: StateSnapshot): void {
    for (const [key, window] of snapshot.windows) {
      this.keys.set(key, {
        entries: new Map(window.entries.map((entry) => [entry.member, entry.timestamp])),
        distinct: new Map(window.distinct),
        expiresAt: Number.POSITIVE_INFINITY,
      });
    }
    for (const { key, member, payload } of snapshot.claims) {
      this.claims.set(claimKey(key, member), { payload, expiresAt: Number.POSITIVE_INFINITY });
    }
  }

  append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult> {
    return Promise.resolve(this.appendNow(key, entry, options));
  }

  range(key: string, from: number, to: number): Promise<WindowEntry[]> {
    return Promise.resolve(this.rangeNow(key, from, to));
  }

  /** `range`, synchronously. */
  rangeNow(key: string, from: number, to: number): WindowEntry[] {
    const state = this.live(key);
    if (!state) return [];
    // select before sorting: a range is often a small part of a long window
    const inRange: WindowEntry[] = [];
    for (const [member, timestamp] of state.entries)
      if (timestamp >= from && timestamp <= to) inRange.push({ member, timestamp });
    return inRange.sort(byTimeThenMember);
  }

  claim(key: string, members: readonly string[], record: ClaimRecord): Promise<boolean> {
    return Promise.resolve(this.claimNow(key, members, record));
  }

  /** Number of live keys; lets tests check that idle groups expire. */
  keyCount(): number {
    for (const key of [...this.keys.keys()]) this.live(key);
    return this.keys.size;
  }

  /** `append`, synchronously (the engine's in-memory evaluation of a batch). */
  appendNow(key: string, entry: WindowEntry, options: AppendOptions): AppendResult {
    const claim = this.liveClaim(key, entry.member);
    if (claim) return { size: 0, evicted: 0, claimedBy: claim.payload };
    const state = this.live(key) ?? { entries: new Map<string, number>(), distinct: new Map(), expiresAt: 0 };
    if (options.distinct === undefined || this.replaces(state, entry, options.distinct, options.maxEntries))
      state.entries.set(entry.member, entry.timestamp);
    for (const [member, timestamp] of state.entries) {
      if (timestamp < options.trimBefore) state.entries.delete(member);
    }
    const overflow = Math.max(0, state.entries.size - options.maxEntries);
    if (overflow > 0)
      for (const { member } of sorted(state.entries).slice(0, overflow)) state.entries.delete(member);
    state.expiresAt = this.clock() + options.ttlMs;
    this.keys.set(key, state);
    this.touch(key, options.ttlMs);
    return { size: state.entries.size, evicted: overflow };
  }

  /** Whether a distinct entry goes in (taking the place of an earlier one of its value). */
  private replaces(state: KeyState, entry: WindowEntry, value: string, maxEntries: number): boolean {
    const previous = state.distinct.get(value);
    const previousTime = previous === undefined ? undefined : state.entries.get(previous);
    if (previous !== undefined && previousTime !== undefined && previous !== entry.member) {
      if (previousTime > entry.timestamp) return false;
      state.entries.delete(previous);
    }
    if (state.distinct.size > 2 * maxEntries) state.distinct.clear();
    state.distinct.set(value, entry.member);
    return true;
  }

  /** `claim`, synchronously. */
  claimNow(key: string, members: readonly string[], record: ClaimRecord): boolean {
    const state = this.live(key);
    if (!state || members.length === 0 || !members.every((member) => state.entries.has(member))) return false;
    for (const member of members) {
      state.entries.delete(member);
      this.claims.set(claimKey(key, member), {
        payload: record.payload,
        expiresAt: this.clock() + record.ttlMs,
      });
    }
    if (state.entries.size === 0) this.keys.delete(key);
    this.touch(key, record.ttlMs);
    return true;
  }

  private touch(key: string, ttlMs: number): void {
    this.versions.set(key, { version: this.versionOf(key) + 1, expiresAt: this.clock() + ttlMs });
  }

  private versionOf(key: string): number {
    const version = this.versions.get(key);
    if (!version) return 0;
    if (version.expiresAt <= this.clock()) {
      this.versions.delete(key);
      return 0;
    }
    return version.version;
  }

  private liveClaim(key: string, member: string): { payload: string } | undefined {
    if (this.claims.size === 0) return undefined;
    const claim = this.claims.get(claimKey(key, member));
    return claim && claim.expiresAt > this.clock() ? claim : undefined;
  }

  private live(key: string): KeyState | undefined {
    const state = this.keys.get(key);
    if (state && state.expiresAt <= this.clock()) {
      this.keys.delete(key);
      return undefined;
    }
    return state;
  }
}

function sorted(entries: ReadonlyMap<string, number>): WindowEntry[] {
  const all: WindowEntry[] = [];
  for (const [member, timestamp] of entries) all.push({ member, timestamp });
  return all.sort(byTimeThenMember);
}

function byTimeThenMember(a: WindowEntry, b: WindowEntry): number {
  return a.timestamp - b.timestamp || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0);
}

function claimKey(key: string, member: string): string {
  return `${key}\u0000${member}`;
}

import { AppendOptions, AppendResult, ClaimRecord, CorrelationStore, WindowEntry } from './correlation-store';

interface KeyState {
  entries: Map<string, number>;
  /** For `distinct` appends: value → the member standing for it. */
  distinct: Map<string, string>;
  expiresAt: number;
}

/**
 * CorrelationStore in process memory, with the same semantics as the Redis adapter: for tests,
 * the CLI and single-instance use. Not shared between instances.
 */
export class InMemoryCorrelationStore implements CorrelationStore {
  private readonly keys = new Map<string, KeyState>();
  /** Claimed members (key + member) → the recorded result, as the Redis store keeps them. */
  private readonly claims = new Map<string, { payload: string; expiresAt: number }>();

  /** `clock` is wall-clock time for key expiry (Redis PEXPIRE), not event time. */
  constructor(private readonly clock: () => number = Date.now) {}

  append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult> {
    const claim = this.claims.get(claimKey(key, entry.member));
    if (claim && claim.expiresAt > this.clock()) {
      return Promise.resolve({ size: 0, evicted: 0, claimedBy: claim.payload });
    }
    const state = this.live(key) ?? { entries: new Map<string, number>(), distinct: new Map(), expiresAt: 0 };
    if (options.distinct === undefined || this.replaces(state, entry, options.distinct, options.maxEntries))
      state.entries.set(entry.member, entry.timestamp);
    for (const [member, timestamp] of state.entries) {
      if (timestamp < options.trimBefore) state.entries.delete(member);
    }
    const overflow = Math.max(0, state.entries.size - options.maxEntries);
    for (const { member } of sorted(state.entries).slice(0, overflow)) state.entries.delete(member);
    state.expiresAt = this.clock() + options.ttlMs;
    this.keys.set(key, state);
    return Promise.resolve({ size: state.entries.size, evicted: overflow });
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

  range(key: string, from: number, to: number): Promise<WindowEntry[]> {
    const state = this.live(key);
    if (!state) return Promise.resolve([]);
    return Promise.resolve(
      sorted(state.entries).filter((entry) => entry.timestamp >= from && entry.timestamp <= to),
    );
  }

  claim(key: string, members: readonly string[], record: ClaimRecord): Promise<boolean> {
    const state = this.live(key);
    if (!state || !members.every((member) => state.entries.has(member))) return Promise.resolve(false);
    for (const member of members) {
      state.entries.delete(member);
      this.claims.set(claimKey(key, member), {
        payload: record.payload,
        expiresAt: this.clock() + record.ttlMs,
      });
    }
    if (state.entries.size === 0) this.keys.delete(key);
    return Promise.resolve(true);
  }

  /** Number of live keys; lets tests check that idle groups expire. */
  keyCount(): number {
    for (const key of [...this.keys.keys()]) this.live(key);
    return this.keys.size;
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
  return [...entries]
    .map(([member, timestamp]) => ({ member, timestamp }))
    .sort((a, b) => a.timestamp - b.timestamp || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
}

function claimKey(key: string, member: string): string {
  return `${key}\u0000${member}`;
}

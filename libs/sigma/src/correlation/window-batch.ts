import {
  AppendOptions,
  AppendResult,
  ClaimedMembers,
  ClaimRecord,
  CorrelationStore,
  WindowDelta,
  WindowEntry,
  WindowMember,
  WindowState,
} from './correlation-store';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';
import { WindowCache } from './window-cache';
import { decodeEntry, WindowItem } from './window-entry-codec';

const EMPTY: WindowState = { version: 0, entries: [], distinct: [] };

/**
 * The windows one batch of matches works on: read from the store once, evaluated in memory (an
 * InMemoryCorrelationStore seeded with what was read, whose append, range and claim define the
 * semantics), and written back in one step: per window the difference between the window as
 * read and as left, with the version it was read at.
 *
 * A window the batch did not read (a chained correlation's the engine could not foresee) is taken
 * as empty at version 0, and a member whose claim record was not read as unclaimed; the write
 * checks both, so a wrong guess refuses the write like a concurrent writer would, and the engine
 * evaluates the batch again with them read (`unforeseen`). Usually the guess holds (a new group,
 * a new event) and the batch costs one read and one write.
 */
export class WindowBatch {
  private readonly overlay = new InMemoryCorrelationStore(() => 0);
  private readonly windows = new Map<string, WindowState>();
  private readonly probed = new Set<string>();
  private readonly guessed = new Map<string, WindowMember>();
  private readonly guessedWindows = new Set<string>();
  /** Windows the evaluation changed → how long they live after the write. */
  private readonly touched = new Map<string, number>();
  private readonly claims: ClaimedMembers[] = [];

  /**
   * `decoded` caches members as decoded (a member's item depends on its text only); the engine
   * passes one that outlives the batch, so a window read again by the next batch is not parsed
   * again. `cache` holds windows as last read or written (see WindowCache): those still at the
   * version held are not sent again by the store.
   */
  constructor(
    private readonly store: CorrelationStore,
    private readonly decoded: Map<string, WindowItem | undefined> = new Map(),
    private readonly cache?: WindowCache,
  ) {}

  /** Reads the windows (those of `members`, and `keys`) and the members' claim records, in one call. */
  async load(members: readonly WindowMember[], keys: readonly string[] = []): Promise<void> {
    const unread = new Set(keys.filter((key) => !this.windows.has(key)));
    const unprobed: WindowMember[] = [];
    for (const entry of members) {
      if (!this.windows.has(entry.key)) unread.add(entry.key);
      const probe = probeKey(entry);
      if (this.probed.has(probe)) continue;
      this.probed.add(probe);
      unprobed.push(entry);
    }
    if (unread.size === 0 && unprobed.length === 0) return;
    const snapshot = await this.store.read({
      keys: [...unread],
      members: unprobed,
      ...(this.cache ? { known: this.cache.versionsOf(unread) } : {}),
    });
    for (const [key, window] of snapshot.windows) {
      this.windows.set(key, window);
      this.cache?.set(key, window);
    }
    for (const key of snapshot.unchanged ?? []) {
      const window = this.cache?.get(key);
      if (!window) throw new Error(`correlation read: window ${key} unchanged, but not held`);
      snapshot.windows.set(key, window);
      this.windows.set(key, window);
    }
    this.overlay.seed(snapshot);
  }

  /** What this batch guessed instead of reading: to be read first when it is evaluated again. */
  unforeseen(): { members: WindowMember[]; keys: string[] } {
    return { members: [...this.guessed.values()], keys: [...this.guessedWindows] };
  }

  append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult> {
    if (!this.windows.has(key)) {
      this.windows.set(key, EMPTY);
      this.guessedWindows.add(key);
    }
    const member = { key, member: entry.member };
    const probe = probeKey(member);
    if (!this.probed.has(probe)) {
      this.probed.add(probe);
      this.guessed.set(probe, member);
    }
    const appended = this.overlay.appendNow(key, entry, options);
    if (appended.claimedBy === undefined) this.touch(key, options.ttlMs);
    return Promise.resolve(appended);
  }

  /** The window's decodable items with from ≤ timestamp ≤ to, by time. */
  items(key: string, from: number, to: number): WindowItem[] {
    const items: WindowItem[] = [];
    for (const entry of this.overlay.rangeNow(key, from, to)) {
      let item = this.decoded.get(entry.member);
      if (item === undefined && !this.decoded.has(entry.member)) {
        item = decodeEntry(entry);
        this.decoded.set(entry.member, item);
      }
      if (item)
        items.push(item.timestamp === entry.timestamp ? item : { ...item, timestamp: entry.timestamp });
    }
    return items;
  }

  /** Whether the claim took its members (they were all in the window). */
  claim(key: string, members: readonly string[], record: ClaimRecord): Promise<boolean> {
    if (!this.overlay.claimNow(key, members, record)) return Promise.resolve(false);
    this.touch(key, record.ttlMs);
    this.claims.push({ key, members, record });
    return Promise.resolve(true);
  }

  /**
   * Writes what the evaluation changed. False when a window moved since it was read, or a guess
   * did not hold: nothing was written (evaluate the batch again).
   */
  async commit(): Promise<boolean> {
    if (this.touched.size === 0 && this.guessed.size === 0) return true;
    // a guessed window is always touched (appended to), so its version is checked with the rest
    const windows = [...this.touched].map(([key, ttlMs]) => this.deltaOf(key, ttlMs));
    const written = await this.store.write({
      windows,
      claims: this.claims,
      unclaimed: [...this.guessed.values()],
    });
    if (written && this.cache) {
      for (const { key, nextVersion } of windows) {
        const left = this.overlay.windowOf(key);
        const entries = [...left.entries].map(([member, timestamp]) => ({ member, timestamp }));
        this.cache.set(key, {
          version: nextVersion,
          entries: entries.sort(byTimeThenMember),
          distinct: [...left.distinct],
        });
      }
    }
    return written;
  }

  private deltaOf(key: string, ttlMs: number): WindowDelta {
    const read = this.windows.get(key) ?? EMPTY;
    const left = this.overlay.windowOf(key);
    const before = new Map(read.entries.map((entry) => [entry.member, entry.timestamp]));
    const put = [...left.entries]
      .filter(([member, timestamp]) => before.get(member) !== timestamp)
      .map(([member, timestamp]) => ({ member, timestamp }));
    const remove = [...before.keys()].filter((member) => !left.entries.has(member));
    const distinctBefore = new Map(read.distinct);
    const distinctPut = [...left.distinct].filter(([value, member]) => distinctBefore.get(value) !== member);
    const distinctRemove = [...distinctBefore.keys()].filter((value) => !left.distinct.has(value));
    return {
      key,
      version: read.version,
      nextVersion: nextVersionAfter(read.version),
      put,
      remove,
      distinctPut,
      distinctRemove,
      ttlMs,
    };
  }

  private touch(key: string, ttlMs: number): void {
    this.touched.set(key, Math.max(ttlMs, this.touched.get(key) ?? 0));
  }
}

/** A random version (below 2^48: exact as a double, and in Redis' Lua), never the one it replaces. */
function nextVersionAfter(version: number): number {
  for (;;) {
    const next = 1 + Math.floor(Math.random() * 2 ** 48);
    if (next !== version) return next;
  }
}

function byTimeThenMember(a: WindowEntry, b: WindowEntry): number {
  return a.timestamp - b.timestamp || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0);
}

function probeKey({ key, member }: WindowMember): string {
  return `${key}\u0000${member}`;
}

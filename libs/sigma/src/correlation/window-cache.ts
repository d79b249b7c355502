import { WindowState } from './correlation-store';

/** Window entries kept in all (~150 bytes each, members shared with the decoded-member cache). */
const ENTRY_LIMIT = 200_000;

/**
 * The windows an engine last read or wrote, at the version it saw them: the next batch that
 * touches one sends that version with its read, and the store answers "unchanged" instead of the
 * window's content (a hot group is read by every batch, and most of it has not moved). Versions
 * are chosen at random by each writer (WindowDelta.nextVersion), so an equal version means the
 * same content, whoever wrote it and whether or not the key expired in between; a stale copy
 * only costs a full read. Bounded: when full it starts afresh, as a cache of hot windows may.
 */
export class WindowCache {
  private readonly windows = new Map<string, WindowState>();
  private entries = 0;

  get(key: string): WindowState | undefined {
    return this.windows.get(key);
  }

  /** The versions of those of `keys` held here. */
  versionsOf(keys: Iterable<string>): Map<string, number> {
    const known = new Map<string, number>();
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window) known.set(key, window.version);
    }
    return known;
  }

  set(key: string, window: WindowState): void {
    this.delete(key);
    // an absent window costs nothing to read, and a huge one is better read than kept
    if (window.version === 0 || window.entries.length > ENTRY_LIMIT / 10) return;
    if (this.entries + window.entries.length > ENTRY_LIMIT) {
      this.windows.clear();
      this.entries = 0;
    }
    this.windows.set(key, window);
    this.entries += window.entries.length;
  }

  delete(key: string): void {
    const window = this.windows.get(key);
    if (!window) return;
    this.windows.delete(key);
    this.entries -= window.entries.length;
  }
}

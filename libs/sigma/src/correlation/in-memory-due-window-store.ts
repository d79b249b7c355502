import { ClaimedWindow, DueWindow, DueWindowStore } from './due-window-store';

/**
 * DueWindowStore in process memory (CLI, rule tests, single instance), with the semantics the
 * Redis adapter reproduces: one due time per key (the later kept), leases that keep a key from
 * being claimed twice until they run out.
 */
export class InMemoryDueWindowStore implements DueWindowStore {
  private readonly due = new Map<string, number>();
  private readonly leased = new Map<string, number>();
  private readonly groups = new Map<string, string>();

  schedule(windows: readonly DueWindow[]): Promise<void> {
    this.scheduleNow(windows);
    return Promise.resolve();
  }

  claim(now: number, leaseMs: number, limit: number): Promise<ClaimedWindow[]> {
    const claimed: ClaimedWindow[] = [];
    const candidates = [
      ...[...this.leased].filter(([, until]) => until <= now),
      ...[...this.due].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]),
    ];
    for (const [key] of candidates) {
      if (claimed.length >= limit) break;
      const lease = this.leased.get(key);
      if (lease !== undefined && lease > now) continue;
      if (claimed.some((window) => window.key === key)) continue;
      this.due.delete(key);
      this.leased.set(key, now + leaseMs);
      claimed.push({ key, group: this.groups.get(key) ?? '' });
    }
    return Promise.resolve(claimed);
  }

  complete(keys: readonly string[], next: readonly DueWindow[]): Promise<void> {
    for (const key of keys) {
      this.leased.delete(key);
      if (!this.due.has(key)) this.groups.delete(key);
    }
    this.scheduleNow(next);
    return Promise.resolve();
  }

  /** Windows scheduled and not yet completed (due or leased); lets tests look inside. */
  size(): number {
    return new Set([...this.due.keys(), ...this.leased.keys()]).size;
  }

  private scheduleNow(windows: readonly DueWindow[]): void {
    for (const { key, due, group } of windows) {
      this.due.set(key, Math.max(due, this.due.get(key) ?? Number.NEGATIVE_INFINITY));
      this.groups.set(key, group);
    }
  }
}

/**
 * Lets a warning through at most once per key per interval, and says how many were held back
 * since, so a scanner hammering the port cannot flood the log while each source is still named.
 */
export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 1000,
  ) {}

  /** `undefined` to stay quiet; otherwise how many warnings for this key were suppressed before. */
  allow(key: string, now = Date.now()): { suppressed: number } | undefined {
    const entry = this.last.get(key);
    if (entry !== undefined && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return undefined;
    }
    if (entry === undefined && this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, { at: now, suppressed: 0 });
    return { suppressed: entry?.suppressed ?? 0 };
  }
}

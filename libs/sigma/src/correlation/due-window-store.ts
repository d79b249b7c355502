/**
 * A correlation window judged at its end (a condition with an upper bound, see
 * judgedAtWindowEnd), waiting for that end: the window's key, when it is due, and the group it
 * belongs to (opaque to the store, written by the engine: rule, partition and group-by values).
 */
export interface DueWindow {
  key: string;
  /** When the window may be judged, in the caller's clock (wall clock for the stream, event time for files). */
  due: number;
  group: string;
}

/** A due window one caller now holds, under a lease. */
export interface ClaimedWindow {
  key: string;
  group: string;
}

/**
 * Due times of the windows judged at their end, shared by every detection instance (Redis) or
 * held in memory (CLI, rule tests). One entry per window key: scheduling again keeps the later
 * time. Claiming is at least once: a claimed window is leased, not removed, until `complete`
 * after its result was published; a lease that runs out (its holder crashed) makes the window
 * claimable again, and while a lease runs nobody else claims that key.
 */
export interface DueWindowStore {
  /** Records (or moves later) the due time of each window; the earlier of two times is dropped. */
  schedule(windows: readonly DueWindow[]): Promise<void>;
  /** Up to `limit` windows due at `now`, and those whose lease ran out, each leased to the caller for `leaseMs`. */
  claim(now: number, leaseMs: number, limit: number): Promise<ClaimedWindow[]>;
  /** Ends the leases of judged windows and schedules the windows that follow them, in one step. */
  complete(keys: readonly string[], next: readonly DueWindow[]): Promise<void>;
}

/** A due window's group as the engine scheduled it: rule key, partition, group-by values. */
export function parseDueGroup(
  text: string,
): { ruleKey: string; partition: string; values: Record<string, unknown> } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [ruleKey, partition, values] = parsed as unknown[];
  if (typeof ruleKey !== 'string' || typeof partition !== 'string') return undefined;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return undefined;
  return { ruleKey, partition, values: values as Record<string, unknown> };
}

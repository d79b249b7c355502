/** Serializes grouping decisions for one key across every instance. */
export abstract class GroupingLock {
  /** Runs `work` holding the key's lock; throws if the lock cannot be had in time (retry later). */
  abstract run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

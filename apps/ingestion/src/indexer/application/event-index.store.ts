/** The event indices as whole units: retention deletes whole days, never single documents. */
export abstract class EventIndexStore {
  abstract list(): Promise<string[]>;
  abstract delete(indices: readonly string[]): Promise<void>;
}

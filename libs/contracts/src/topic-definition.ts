/** How a topic is created and keyed. One entry per topic in `topics.ts`, nowhere else. */
export interface TopicDefinition<TPayload> {
  readonly name: string;
  readonly description: string;
  readonly partitions: number;
  /** `delete` keeps messages for `retentionMs`; `compact` keeps the latest per key. */
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly retentionMs: number;
  /** The partition key, next to the value it is derived from. */
  readonly keyOf: (payload: TPayload) => string;
  /** The class that validates a consumed payload (class-validator). */
  readonly messageClass: new () => object;
  /** A valid payload, used by tests and documentation. */
  readonly example: () => TPayload;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

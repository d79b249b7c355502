import type { ConsumedMessage } from './consumer-runner';

/**
 * Thrown by a consumer handler when some messages can never succeed (their content is wrong, not
 * the world around them). The runner dead-letters exactly these messages with the reason and
 * retries the rest of the batch at once; every other error is treated as transient.
 */
export class PoisonMessageError<T = unknown> extends Error {
  constructor(
    readonly messages: readonly ConsumedMessage<T>[],
    readonly reason: string,
    readonly code?: string,
    readonly stage: 'handle' | 'index' = 'handle',
  ) {
    super(`poison message(s): ${reason}`);
    this.name = 'PoisonMessageError';
  }
}

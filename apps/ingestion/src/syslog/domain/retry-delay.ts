/** Exponential backoff for retrying a batch Kafka did not take: 100 ms, 200 ms … capped at 5 s. */
export function retryDelayMs(attempt: number, initialMs = 100, maxMs = 5000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

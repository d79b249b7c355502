/**
 * When to try a batch again. Pure: the caller supplies the randomness and the clock, so the
 * delays are testable and the sender only waits.
 */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** undefined: retry forever (a log line must not be given up on silently). */
  maxRetries: number | undefined;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetries: undefined,
};

/** Longest Retry-After honoured, so a wrong header cannot park the forwarder for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so copies of
 * the forwarder in many agencies do not retry in step after an outage.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Whether another retry is allowed after `retriesSoFar` retries. */
export function mayRetry(retriesSoFar: number, policy: RetryPolicy): boolean {
  return policy.maxRetries === undefined || retriesSoFar < policy.maxRetries;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now.getTime()), MAX_RETRY_AFTER_MS);
}

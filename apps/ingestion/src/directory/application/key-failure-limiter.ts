/**
 * Failed API-key attempts counted per client address and per key id, shared by every ingestion
 * instance, so guessing secrets is stopped with 429 wherever the requests land (#12 item 6).
 */
export abstract class KeyFailureLimiter {
  /** Seconds until these subjects may try again; undefined while under the limit. */
  abstract blockedFor(subjects: string[]): Promise<number | undefined>;
  abstract recordFailure(subjects: string[]): Promise<void>;
}

/** Failures allowed per window before 429: a key id is one agency, an address may front several. */
export const KEY_FAILURE_LIMITS = { perKeyId: 10, perAddress: 30, windowSeconds: 60 } as const;

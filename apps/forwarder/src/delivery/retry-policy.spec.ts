import { backoffDelayMs, DEFAULT_RETRY_POLICY, mayRetry, retryAfterMs } from './retry-policy';

describe('retry policy', () => {
  const policy = DEFAULT_RETRY_POLICY;

  it('doubles the delay per retry, between half and all of it', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(250);
    expect(backoffDelayMs(0, policy, () => 1)).toBe(500);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(4000);
  });

  it('caps the delay at about 30 seconds, however many retries', () => {
    expect(backoffDelayMs(10, policy, () => 1)).toBe(30_000);
    expect(backoffDelayMs(5000, policy, () => 0.5)).toBe(22_500);
  });

  it('retries forever unless a maximum is given', () => {
    expect(mayRetry(1_000_000, policy)).toBe(true);
    expect(mayRetry(2, { ...policy, maxRetries: 3 })).toBe(true);
    expect(mayRetry(3, { ...policy, maxRetries: 3 })).toBe(false);
    expect(mayRetry(0, { ...policy, maxRetries: 0 })).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('99999999', now)).toBe(3_600_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

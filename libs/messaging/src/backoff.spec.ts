import { MAX_BACKOFF_MS, SESSION_TIMEOUT_MS, backoffDelayMs } from './consumer-runner';

describe('backoffDelayMs', () => {
  it('doubles from the initial delay and never exceeds the cap', () => {
    const policy = { initialMs: 200, maxMs: MAX_BACKOFF_MS };
    expect([0, 1, 2].map((attempt) => backoffDelayMs(policy, attempt))).toEqual([200, 400, 800]);
    for (let attempt = 0; attempt < 2000; attempt++)
      expect(backoffDelayMs(policy, attempt)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    expect(MAX_BACKOFF_MS).toBeLessThan(SESSION_TIMEOUT_MS);
  });
});

import { isTemporarilyUnavailable, retryWhileUnavailable } from './unavailable-retry';

const refusal = (statusCode: number, text = 'refused'): Error =>
  Object.assign(new Error(text), { meta: { statusCode } });

describe('retryWhileUnavailable', () => {
  it('retries a busy node or a shard not started yet, then answers', async () => {
    let calls = 0;
    const answer = await retryWhileUnavailable(() => {
      calls++;
      if (calls === 1) return Promise.reject(refusal(503, 'no_shard_available_action_exception'));
      if (calls === 2) return Promise.reject(refusal(429));
      return Promise.resolve('ok');
    });
    expect(answer).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      retryWhileUnavailable(() => {
        calls++;
        return Promise.reject(refusal(409));
      }),
    ).rejects.toThrow('refused');
    expect(calls).toBe(1);
    expect(isTemporarilyUnavailable(refusal(400))).toBe(false);
  });

  it('gives up at its deadline with the last error', async () => {
    await expect(retryWhileUnavailable(() => Promise.reject(refusal(503)), 250)).rejects.toThrow('refused');
  });
});

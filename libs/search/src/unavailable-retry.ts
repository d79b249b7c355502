/**
 * Whether Elasticsearch refused a request for now rather than for good: overloaded (429), or a
 * shard not started yet (503, `no_shard_available_action_exception`: an index created a moment
 * ago on a busy node answers so until its primary is up).
 */
export function isTemporarilyUnavailable(error: unknown): boolean {
  const meta = (error as { meta?: { statusCode?: number } }).meta;
  const status = meta?.statusCode;
  return status === 429 || status === 503 || String(error).includes('no_shard_available_action_exception');
}

/**
 * Runs an Elasticsearch call, retrying while it is temporarily unavailable (doubling waits from
 * 100 ms), for at most `timeoutMs`; then the last error is thrown. For server-side steps that must
 * not fail on a node that is merely busy or just created an index (an audit append in mid-change).
 */
export async function retryWhileUnavailable<T>(call: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await call();
    } catch (error) {
      if (!isTemporarilyUnavailable(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

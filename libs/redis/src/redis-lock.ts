import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * Runs `work` only if this instance takes the lock (SET NX PX), so periodic jobs run on one
 * instance at a time. The lock expires by itself if the holder dies; only the holder releases it.
 * Returns undefined when another instance holds the lock.
 */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const token = randomUUID();
  const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (taken !== 'OK') return undefined;
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}

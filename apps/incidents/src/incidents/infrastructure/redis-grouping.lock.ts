import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, withRedisLock } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { GroupingLock } from '../application/grouping.lock';

/** DI token of the Redis key prefix of grouping locks. */
export const GROUPING_LOCK_PREFIX = Symbol('vigil.incidents.grouping-lock-prefix');

/** Longer than one grouping decision takes (a few Elasticsearch round trips); expires if we die. */
const LOCK_TTL_MS = 30_000;
const WAIT_MS = 20_000;

/** A Redis lock per grouping key; waits for the holder (another instance, the same key) a while. */
@Injectable()
export class RedisGroupingLock extends GroupingLock {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(GROUPING_LOCK_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      const held = await withRedisLock(this.redis, `${this.prefix}:${key}`, LOCK_TTL_MS, async () => ({
        value: await work(),
      }));
      if (held) return held.value;
      // Transient: the consumer retries the batch with backoff.
      if (Date.now() > deadline) throw new Error(`grouping lock ${key} held for over ${WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

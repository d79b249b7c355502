import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../common/infrastructure/redis-prefix';
import { KEY_FAILURE_LIMITS, KeyFailureLimiter } from '../application/key-failure-limiter';

/** One counter per subject, in a fixed window that starts with its first failure. */
@Injectable()
export class RedisKeyFailureLimiter extends KeyFailureLimiter {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async blockedFor(subjects: string[]): Promise<number | undefined> {
    const pipeline = this.redis.pipeline();
    for (const subject of subjects) pipeline.get(this.key(subject)).ttl(this.key(subject));
    const replies = (await pipeline.exec()) ?? [];
    let wait: number | undefined;
    subjects.forEach((subject, at) => {
      const count = Number(replies[2 * at]?.[1] ?? 0);
      const ttl = Number(replies[2 * at + 1]?.[1] ?? -2);
      if (count >= limitOf(subject)) wait = Math.max(wait ?? 1, ttl > 0 ? ttl : 1);
    });
    return wait;
  }

  async recordFailure(subjects: string[]): Promise<void> {
    const multi = this.redis.multi();
    for (const subject of subjects) {
      multi.set(this.key(subject), 0, 'EX', KEY_FAILURE_LIMITS.windowSeconds, 'NX').incr(this.key(subject));
    }
    await multi.exec();
  }

  private key(subject: string): string {
    return `${this.prefix}:directory:key-failures:${subject}`;
  }
}

function limitOf(subject: string): number {
  return subject.startsWith('address:') ? KEY_FAILURE_LIMITS.perAddress : KEY_FAILURE_LIMITS.perKeyId;
}

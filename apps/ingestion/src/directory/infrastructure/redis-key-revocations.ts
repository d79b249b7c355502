import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../common/infrastructure/redis-prefix';
import { KeyRevocations } from '../application/key-revocations';

/** One Redis hash, key id → revocation time; the earliest time recorded for a key wins. */
@Injectable()
export class RedisKeyRevocations extends KeyRevocations {
  private static readonly EARLIEST =
    "local c = redis.call('HGET', KEYS[1], ARGV[1]); if (not c) or ARGV[2] < c then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 1";

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async record(keyId: string, revokedAt: string): Promise<void> {
    await this.redis.eval(RedisKeyRevocations.EARLIEST, 1, this.key(), keyId, revokedAt);
  }

  async revokedAt(keyId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.key(), keyId)) ?? undefined;
  }

  private key(): string {
    return `${this.prefix}:directory:key-revocations`;
  }
}

import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { SuppressionStore, type SuppressionClaim } from '../application/suppression.store';

const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  redis.call('SET', KEYS[2], 1, 'EX', ARGV[2])
  return { ARGV[1], 1 }
end
return { holder, redis.call('INCR', KEYS[2]) }
`;

export class RedisSuppressionStore extends SuppressionStore {
  private readonly claimScript: RedisScript;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    super();
    this.claimScript = redisScript(redis, CLAIM);
  }

  async claim(
    key: string,
    windowSeconds: number,
    alert: { id: string; index: string },
  ): Promise<SuppressionClaim> {
    const base = `${this.prefix}:suppression:${key}`;
    const [holder, count] = (await this.claimScript(
      [`${base}:alert`, `${base}:count`],
      [`${alert.id} ${alert.index}`, windowSeconds],
    )) as [string, number];
    const [alertId = alert.id, index = alert.index] = holder.split(' ');
    return { alertId, index, count };
  }
}

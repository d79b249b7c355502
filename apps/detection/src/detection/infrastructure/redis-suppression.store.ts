import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { SuppressionStore, type SuppressionClaim } from '../application/suppression.store';

/**
 * KEYS: the window's holder (its first alert), the set of alert ids folded into it, and the count
 * of folds past the set's cap. ARGV: holder value, window seconds, this alert's id, the cap.
 * A redelivered match (an id already in the set) is not counted twice; past the cap, folds are
 * counted without their ids (memory stays bounded, and only then can a redelivery count again).
 */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('SADD', KEYS[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return { ARGV[1], 1 }
end
local size = redis.call('SCARD', KEYS[2])
local overflow = tonumber(redis.call('GET', KEYS[3]) or '0')
if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then
  return { holder, size + overflow }
end
if size < tonumber(ARGV[4]) then
  redis.call('SADD', KEYS[2], ARGV[3])
  return { holder, size + 1 + overflow }
end
overflow = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], math.max(redis.call('PTTL', KEYS[1]), 1))
return { holder, size + overflow }
`;

/** Alert ids remembered per suppression window (for exact counts under redelivery). */
export const SUPPRESSION_IDS_CAP = 10_000;

export class RedisSuppressionStore extends SuppressionStore {
  private readonly claimScript: RedisScript;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly idsCap = SUPPRESSION_IDS_CAP,
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
      [`${base}:alert`, `${base}:ids`, `${base}:overflow`],
      [`${alert.id} ${alert.index}`, windowSeconds, alert.id, this.idsCap],
    )) as [string, number];
    const [alertId = alert.id, index = alert.index] = holder.split(' ');
    return { alertId, index, count };
  }
}

import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import {
  SuppressionStore,
  type SuppressionClaim,
  type SuppressionRequest,
} from '../application/suppression.store';

/**
 * One claim per request, in order. Per request, KEYS (three): the window's holder (its first
 * alert), the set of alert ids folded into it, and the count of folds past the set's cap. ARGV:
 * the cap, then per request: holder value, window seconds, this alert's id. A redelivered match
 * (an id already in the set) is not counted twice; past the cap, folds are counted without their
 * ids (memory stays bounded, and only then can a redelivery count again).
 */
const CLAIM = `
local cap = tonumber(ARGV[1])
local answers = {}
for r = 0, #KEYS / 3 - 1 do
  local holderKey, idsKey, overflowKey = KEYS[3 * r + 1], KEYS[3 * r + 2], KEYS[3 * r + 3]
  local value, seconds, id = ARGV[3 * r + 2], ARGV[3 * r + 3], ARGV[3 * r + 4]
  local holder = redis.call('GET', holderKey)
  if not holder then
    redis.call('SET', holderKey, value, 'EX', seconds)
    redis.call('DEL', idsKey, overflowKey)
    redis.call('SADD', idsKey, id)
    redis.call('EXPIRE', idsKey, seconds)
    answers[r + 1] = { value, 1 }
  else
    local size = redis.call('SCARD', idsKey)
    local overflow = tonumber(redis.call('GET', overflowKey) or '0')
    if redis.call('SISMEMBER', idsKey, id) == 1 then
      answers[r + 1] = { holder, size + overflow }
    elseif size < cap then
      redis.call('SADD', idsKey, id)
      answers[r + 1] = { holder, size + 1 + overflow }
    else
      overflow = redis.call('INCR', overflowKey)
      redis.call('PEXPIRE', overflowKey, math.max(redis.call('PTTL', holderKey), 1))
      answers[r + 1] = { holder, size + overflow }
    end
  end
end
return answers
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
    const [claimed] = await this.claimAll([{ key, windowSeconds, alert }]);
    return claimed;
  }

  async claimAll(requests: readonly SuppressionRequest[]): Promise<SuppressionClaim[]> {
    if (requests.length === 0) return [];
    const keys: string[] = [];
    const args: (string | number)[] = [this.idsCap];
    for (const { key, windowSeconds, alert } of requests) {
      const base = `${this.prefix}:suppression:${key}`;
      keys.push(`${base}:alert`, `${base}:ids`, `${base}:overflow`);
      args.push(`${alert.id} ${alert.index}`, windowSeconds, alert.id);
    }
    const answers = (await this.claimScript(keys, args)) as [string, number][];
    return requests.map(({ alert }, index) => {
      const [holder, count] = answers[index];
      const [alertId = alert.id, alertIndex = alert.index] = holder.split(' ');
      return { alertId, index: alertIndex, count };
    });
  }
}

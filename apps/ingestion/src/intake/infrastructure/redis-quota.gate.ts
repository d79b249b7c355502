import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS_CLIENT, redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../common/infrastructure/redis-prefix';
import type { AgencyQuotas } from '../../directory/domain/agency';
import { QuotaGate, type QuotaDecision } from '../application/quota-gate';

/**
 * Two token buckets per agency (events and bytes), refilled at the quota rate with one second
 * of burst, in one atomic script shared by every instance. A request is let through while both
 * buckets are positive and may leave them in debt (a large batch is not refused forever); the
 * debt decides Retry-After.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local retry = 0
local state = {}
for i = 1, 2 do
  local rate = tonumber(ARGV[i * 2])
  local cost = tonumber(ARGV[i * 2 + 1])
  local bucket = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(bucket[1]) or rate
  local at = tonumber(bucket[2]) or now
  tokens = math.min(rate, tokens + (now - at) / 1000 * rate)
  state[i] = { tokens, rate, cost }
  if tokens <= 0 then
    retry = math.max(retry, math.ceil(-tokens / rate))
  end
end
if retry > 0 then return retry end
for i = 1, 2 do
  redis.call('HSET', KEYS[i], 'tokens', state[i][1] - state[i][3], 'at', now)
  redis.call('PEXPIRE', KEYS[i], 3600000)
end
return 0
`;

@Injectable()
export class RedisQuotaGate extends QuotaGate {
  private readonly logger = new Logger(RedisQuotaGate.name);
  private readonly takeScript: RedisScript;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {
    super();
    this.takeScript = redisScript(redis, TAKE);
  }

  async take(
    agencyId: string,
    quotas: AgencyQuotas,
    cost: { events: number; bytes: number },
  ): Promise<QuotaDecision> {
    try {
      const retry = (await this.takeScript(
        [`${this.prefix}:quota:${agencyId}:events`, `${this.prefix}:quota:${agencyId}:bytes`],
        [Date.now(), quotas.eventsPerSecond, cost.events, quotas.bytesPerSecond, cost.bytes],
      )) as number;
      return retry > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, retry) } : { allowed: true };
    } catch (error) {
      // Losing logs is worse than letting a burst through: without Redis, quotas fail open.
      this.logger.warn({ msg: 'quota check failed; letting the request through', error: String(error) });
      return { allowed: true };
    }
  }
}

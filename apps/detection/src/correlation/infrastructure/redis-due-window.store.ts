import type { ClaimedWindow, DueWindow, DueWindowStore } from '@vigil/sigma';
import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';

// KEYS: due (sorted set: window → due time), leased (sorted set: window → lease end), groups
// (hash: window → group). ARGV: (window, due, group) triples. ZADD GT keeps the later due time.
const SCHEDULE = `
for i = 1, #ARGV, 3 do
  redis.call('ZADD', KEYS[1], 'GT', ARGV[i + 1], ARGV[i])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2])
end
return 1
`;

// KEYS as above. ARGV: now, lease (ms), limit. Takes windows whose lease ran out (their holder
// died before completing), then due windows nobody holds, up to limit; each is leased to the
// caller until now + lease and leaves the due set. Returns (window, group) pairs. One script, so
// two instances ticking at once never take the same window while its lease runs.
const CLAIM = `
local now, lease, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
local taken = 0
local function take(key)
  redis.call('ZADD', KEYS[2], now + lease, key)
  redis.call('ZREM', KEYS[1], key)
  out[#out + 1] = key
  out[#out + 1] = redis.call('HGET', KEYS[3], key) or ''
  taken = taken + 1
end
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)) do take(key) end
if taken < limit then
  -- a due window still held (scheduled again while judged) waits for its holder to complete
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 2 * limit)) do
    if taken >= limit then break end
    if not redis.call('ZSCORE', KEYS[2], key) then take(key) end
  end
end
return out
`;

// KEYS as above. ARGV: n, the n completed windows, then (window, due, group) triples of the
// windows that follow them. Ends the leases and schedules the next windows in one step, so a
// crash cannot end a lease without the next window being scheduled.
const COMPLETE = `
local n = tonumber(ARGV[1])
for i = 2, n + 1 do
  redis.call('ZREM', KEYS[2], ARGV[i])
  if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then redis.call('HDEL', KEYS[3], ARGV[i]) end
end
for i = n + 2, #ARGV, 3 do
  redis.call('ZADD', KEYS[1], 'GT', ARGV[i + 1], ARGV[i])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2])
end
return 1
`;

/**
 * When the correlation windows judged at their end (lt / lte) are due, shared by every detection
 * instance: a sorted set of due times, a sorted set of leases (claimed windows not yet
 * completed) and a hash of each window's group. Separate from RedisCorrelationStore's window
 * scripts: those run per batch of events, these per tick.
 */
export class RedisDueWindowStore implements DueWindowStore {
  private readonly scheduleScript: RedisScript;
  private readonly claimScript: RedisScript;
  private readonly completeScript: RedisScript;
  private readonly keys: readonly string[];

  constructor(redis: Redis, prefix: string) {
    this.scheduleScript = redisScript(redis, SCHEDULE);
    this.claimScript = redisScript(redis, CLAIM);
    this.completeScript = redisScript(redis, COMPLETE);
    this.keys = ['due', 'due-leased', 'due-groups'].map((name) => `${prefix}:correlation-${name}`);
  }

  async schedule(windows: readonly DueWindow[]): Promise<void> {
    if (windows.length === 0) return;
    await this.scheduleScript(this.keys, triples(windows));
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedWindow[]> {
    const reply = (await this.claimScript(this.keys, [
      Math.floor(now),
      Math.ceil(leaseMs),
      limit,
    ])) as string[];
    const claimed: ClaimedWindow[] = [];
    for (let at = 0; at + 1 < reply.length; at += 2) claimed.push({ key: reply[at], group: reply[at + 1] });
    return claimed;
  }

  async complete(keys: readonly string[], next: readonly DueWindow[]): Promise<void> {
    if (keys.length === 0 && next.length === 0) return;
    await this.completeScript(this.keys, [keys.length, ...keys, ...triples(next)]);
  }
}

function triples(windows: readonly DueWindow[]): (string | number)[] {
  return windows.flatMap(({ key, due, group }) => [key, Math.ceil(due), group]);
}

import type { AppendOptions, AppendResult, ClaimRecord, CorrelationStore, WindowEntry } from '@vigil/sigma';
import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';

// KEYS: the window, the member's claim record, the distinct values' hash. ARGV: timestamp,
// member, trimBefore, ttl ms, cap, distinct value ('' for none).
const APPEND = `
local claimed = redis.call('GET', KEYS[2])
if claimed then return { 0, 0, claimed } end
local add = true
if ARGV[6] ~= '' then
  local previous = redis.call('HGET', KEYS[3], ARGV[6])
  if previous and previous ~= ARGV[2] then
    local score = redis.call('ZSCORE', KEYS[1], previous)
    if score and tonumber(score) > tonumber(ARGV[1]) then
      add = false
    elseif score then
      redis.call('ZREM', KEYS[1], previous)
    end
  end
  if add then
    -- stale pointers (trimmed or claimed members) are harmless; the hash is dropped when large
    if redis.call('HLEN', KEYS[3]) > 2 * tonumber(ARGV[5]) then redis.call('DEL', KEYS[3]) end
    redis.call('HSET', KEYS[3], ARGV[6], ARGV[2])
  end
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
if add then redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
local size = redis.call('ZCARD', KEYS[1])
local cap = tonumber(ARGV[5])
local evicted = 0
if size > cap then
  evicted = size - cap
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, evicted - 1)
  size = cap
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return { size, evicted }
`;

// All members still there: take them out and record the result against each; else change nothing.
const CLAIM = `
for i = 2, #KEYS do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i + 1]) then return 0 end
end
for i = 2, #KEYS do
  redis.call('ZREM', KEYS[1], ARGV[i + 1])
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return 1
`;

/**
 * Correlation windows in Redis, shared by every detection instance: one sorted set per
 * correlation and group (score = event time), each operation one atomic step.
 */
export class RedisCorrelationStore implements CorrelationStore {
  private readonly appendScript: RedisScript;
  private readonly claimScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.appendScript = redisScript(redis, APPEND);
    this.claimScript = redisScript(redis, CLAIM);
  }

  async append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult> {
    const [size, evicted, claimedBy] = (await this.appendScript(
      [this.key(key), this.claimKey(key, entry.member), `${this.key(key)}:distinct`],
      [
        entry.timestamp,
        entry.member,
        options.trimBefore,
        Math.max(1, Math.ceil(options.ttlMs)),
        options.maxEntries,
        options.distinct ?? '',
      ],
    )) as [number, number, string | undefined];
    return claimedBy === undefined ? { size, evicted } : { size, evicted, claimedBy };
  }

  async range(key: string, from: number, to: number): Promise<WindowEntry[]> {
    const flat = await this.redis.zrange(this.key(key), from, to, 'BYSCORE', 'WITHSCORES');
    const entries: WindowEntry[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      entries.push({ member: flat[index] ?? '', timestamp: Number(flat[index + 1]) });
    }
    return entries;
  }

  async claim(key: string, members: readonly string[], record: ClaimRecord): Promise<boolean> {
    if (members.length === 0) return false;
    const claimed = await this.claimScript(
      [this.key(key), ...members.map((member) => this.claimKey(key, member))],
      [record.payload, Math.max(1, Math.ceil(record.ttlMs)), ...members],
    );
    return claimed === 1;
  }

  private key(key: string): string {
    return `${this.prefix}:correlation:${key}`;
  }

  private claimKey(key: string, member: string): string {
    return `${this.prefix}:correlation-claim:${key}:${member}`;
  }
}

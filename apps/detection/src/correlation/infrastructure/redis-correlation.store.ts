import type { AppendOptions, AppendResult, CorrelationStore, WindowEntry } from '@vigil/sigma';
import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';

const APPEND = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
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

/**
 * Correlation windows in Redis, shared by every detection instance: one sorted set per
 * correlation and group (score = event time), each operation one atomic step.
 */
export class RedisCorrelationStore implements CorrelationStore {
  private readonly appendScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.appendScript = redisScript(redis, APPEND);
  }

  async append(key: string, entry: WindowEntry, options: AppendOptions): Promise<AppendResult> {
    const [size, evicted] = (await this.appendScript(
      [this.key(key)],
      [
        entry.timestamp,
        entry.member,
        options.trimBefore,
        Math.max(1, Math.ceil(options.ttlMs)),
        options.maxEntries,
      ],
    )) as [number, number];
    return { size, evicted };
  }

  async range(key: string, from: number, to: number): Promise<WindowEntry[]> {
    const flat = await this.redis.zrange(this.key(key), from, to, 'BYSCORE', 'WITHSCORES');
    const entries: WindowEntry[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      entries.push({ member: flat[index] ?? '', timestamp: Number(flat[index + 1]) });
    }
    return entries;
  }

  async remove(key: string, members: readonly string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.redis.zrem(this.key(key), ...members);
  }

  private key(key: string): string {
    return `${this.prefix}:correlation:${key}`;
  }
}

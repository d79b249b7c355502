import type {
  CorrelationStore,
  StateRequest,
  StateSnapshot,
  WindowEntry,
  WindowState,
  WriteOutcome,
  WriteRequest,
} from '@vigil/sigma';
import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';

// A batch's changes, all or nothing. KEYS: every key named below (ARGV refers to them by index).
// ARGV: n, then n × (version key, expected version), then the changes in order:
//   'a' window claim-record distinct-hash|0 version timestamp member trimBefore ttl cap value
//   'c' window version payload ttl m, then m × (member, claim record)
// Each change does what InMemoryCorrelationStore's append / claim does. Returns {0} when a
// version moved (nothing written), else {1, {claimed 1|0 per claim change}}.
const WRITE = `
local i = 2
for _ = 1, tonumber(ARGV[1]) do
  if tonumber(redis.call('GET', KEYS[tonumber(ARGV[i])]) or '0') ~= tonumber(ARGV[i + 1]) then return { 0 } end
  i = i + 2
end
local claimed = {}
while i <= #ARGV do
  if ARGV[i] == 'a' then
    local window, record = KEYS[tonumber(ARGV[i + 1])], KEYS[tonumber(ARGV[i + 2])]
    local distinct = ARGV[i + 3] ~= '0' and KEYS[tonumber(ARGV[i + 3])] or nil
    local version, timestamp, member = KEYS[tonumber(ARGV[i + 4])], ARGV[i + 5], ARGV[i + 6]
    local trim, ttl, cap, value = ARGV[i + 7], ARGV[i + 8], tonumber(ARGV[i + 9]), ARGV[i + 10]
    i = i + 11
    if not redis.call('GET', record) then
      local add = true
      if distinct then
        local previous = redis.call('HGET', distinct, value)
        if previous and previous ~= member then
          local score = redis.call('ZSCORE', window, previous)
          if score and tonumber(score) > tonumber(timestamp) then
            add = false
          elseif score then
            redis.call('ZREM', window, previous)
          end
        end
        if add then
          -- stale pointers (trimmed or claimed members) are harmless; the hash is dropped when large
          if redis.call('HLEN', distinct) > 2 * cap then redis.call('DEL', distinct) end
          redis.call('HSET', distinct, value, member)
        end
        redis.call('PEXPIRE', distinct, ttl)
      end
      if add then redis.call('ZADD', window, timestamp, member) end
      redis.call('ZREMRANGEBYSCORE', window, '-inf', '(' .. trim)
      local size = redis.call('ZCARD', window)
      if size > cap then redis.call('ZREMRANGEBYRANK', window, 0, size - cap - 1) end
      redis.call('PEXPIRE', window, ttl)
      redis.call('INCR', version)
      redis.call('PEXPIRE', version, ttl)
    end
  else
    local window, version, payload, ttl = KEYS[tonumber(ARGV[i + 1])], KEYS[tonumber(ARGV[i + 2])], ARGV[i + 3], ARGV[i + 4]
    local count = tonumber(ARGV[i + 5])
    i = i + 6
    local all = count > 0
    for j = 0, count - 1 do
      if not redis.call('ZSCORE', window, ARGV[i + 2 * j]) then all = false break end
    end
    if all then
      for j = 0, count - 1 do
        redis.call('ZREM', window, ARGV[i + 2 * j])
        redis.call('SET', KEYS[tonumber(ARGV[i + 2 * j + 1])], payload, 'PX', ttl)
      end
      redis.call('INCR', version)
      redis.call('PEXPIRE', version, ttl)
    end
    claimed[#claimed + 1] = all and 1 or 0
    i = i + 2 * count
  end
end
return { 1, claimed }
`;

/** Claim records fetched per MGET. */
const MGET_CHUNK = 1000;

/**
 * Correlation windows in Redis, shared by every detection instance: one sorted set per
 * correlation and group (score = event time), a hash of distinct values beside it (value_count),
 * a version counter moved by every write, and one claim record per claimed member. A batch reads
 * them in one pipelined round trip and writes in one script (see CorrelationStore).
 *
 * One script touches every window of the batch, so under Redis Cluster the keys would need one
 * hash slot (a hash tag in `prefix`); Vigil's deployments use one Redis (or Sentinel).
 */
export class RedisCorrelationStore implements CorrelationStore {
  private readonly writeScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.writeScript = redisScript(redis, WRITE);
  }

  async read(request: StateRequest): Promise<StateSnapshot> {
    const pipeline = this.redis.pipeline();
    for (const key of request.keys) {
      const window = this.windowKey(key);
      pipeline.get(`${window}:version`);
      pipeline.zrange(window, 0, -1, 'WITHSCORES');
      pipeline.hgetall(`${window}:distinct`);
    }
    const records = request.members.map(({ key, member }) => this.claimKey(key, member));
    for (let start = 0; start < records.length; start += MGET_CHUNK) {
      pipeline.mget(...records.slice(start, start + MGET_CHUNK));
    }
    const replies = (await pipeline.exec()) ?? [];
    const reply = (index: number): unknown => {
      const [error, value] = replies[index] ?? [new Error('missing pipeline reply'), undefined];
      if (error) throw error;
      return value;
    };
    const windows = new Map<string, WindowState>();
    request.keys.forEach((key, index) => {
      const version = reply(3 * index) as string | null;
      const flat = reply(3 * index + 1) as string[];
      const entries: WindowEntry[] = [];
      for (let at = 0; at + 1 < flat.length; at += 2) {
        entries.push({ member: flat[at] ?? '', timestamp: Number(flat[at + 1]) });
      }
      const distinct = Object.entries(reply(3 * index + 2) as Record<string, string>);
      windows.set(key, { version: version === null ? 0 : Number(version), entries, distinct });
    });
    const payloads = records.flatMap((_, chunk) =>
      chunk % MGET_CHUNK === 0
        ? (reply(3 * request.keys.length + chunk / MGET_CHUNK) as (string | null)[])
        : [],
    );
    const claims: StateSnapshot['claims'] = [];
    request.members.forEach((member, index) => {
      const payload = payloads.at(index);
      if (typeof payload === 'string') claims.push({ ...member, payload });
    });
    return { windows, claims };
  }

  async write(request: WriteRequest): Promise<WriteOutcome> {
    const keys: string[] = [];
    const indexes = new Map<string, number>();
    const ref = (name: string): number => {
      let index = indexes.get(name);
      if (index === undefined) {
        index = keys.push(name);
        indexes.set(name, index);
      }
      return index;
    };
    const args: (string | number)[] = [request.expected?.size ?? 0];
    for (const [key, version] of request.expected ?? []) args.push(ref(this.versionKey(key)), version);
    for (const change of request.changes) {
      const window = ref(this.windowKey(change.key));
      const version = ref(this.versionKey(change.key));
      if (change.kind === 'append') {
        const { entry, options } = change;
        args.push(
          'a',
          window,
          ref(this.claimKey(change.key, entry.member)),
          options.distinct === undefined ? 0 : ref(`${this.windowKey(change.key)}:distinct`),
          version,
          String(entry.timestamp),
          entry.member,
          String(options.trimBefore),
          ttl(options.ttlMs),
          options.maxEntries,
          options.distinct ?? '',
        );
      } else {
        args.push(
          'c',
          window,
          version,
          change.record.payload,
          ttl(change.record.ttlMs),
          change.members.length,
        );
        for (const member of change.members) args.push(member, ref(this.claimKey(change.key, member)));
      }
    }
    const [applied, claimed] = (await this.writeScript(keys, args)) as [number, number[] | undefined];
    return applied === 1
      ? { applied: true, claimed: (claimed ?? []).map((taken) => taken === 1) }
      : { applied: false };
  }

  private windowKey(key: string): string {
    return `${this.prefix}:correlation:${key}`;
  }

  private versionKey(key: string): string {
    return `${this.windowKey(key)}:version`;
  }

  private claimKey(key: string, member: string): string {
    return `${this.prefix}:correlation-claim:${key}:${member}`;
  }
}

function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

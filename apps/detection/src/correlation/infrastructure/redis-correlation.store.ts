import type {
  CorrelationStore,
  StateRequest,
  StateSnapshot,
  WindowEntry,
  WindowState,
  WriteRequest,
} from '@vigil/sigma';
import { redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';

// A batch's write, all or nothing. KEYS: the n windows, the u claim records that must not exist,
// then one claim record per claimed member. ARGV: n, u, the n versions read, then per window: ttl, #remove, #put, #distinct-remove,
// #distinct-put, the removed members, put (member, timestamp) pairs, removed distinct values,
// put (value, member) pairs; then per claim: payload, ttl, #members (their records in KEYS order).
// Returns 0, writing nothing, when a window's version is no longer the one read.
const WRITE = `
local function many(command, key, items)
  for start = 1, #items, 1000 do
    redis.call(command, key, unpack(items, start, math.min(start + 999, #items)))
  end
end
local n, u = tonumber(ARGV[1]), tonumber(ARGV[2])
for w = 1, n do
  if tonumber(redis.call('HGET', KEYS[w], 'v') or '0') ~= tonumber(ARGV[2 + w]) then return 0 end
end
for c = n + 1, n + u do
  if redis.call('EXISTS', KEYS[c]) == 1 then return 0 end
end
local i = n + 3
for w = 1, n do
  local ttl = ARGV[i]
  local removes, puts = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local distinctRemoves, distinctPuts = tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
  i = i + 5
  local gone, set = {}, {}
  for j = 0, removes - 1 do gone[#gone + 1] = 'm:' .. ARGV[i + j] end
  i = i + removes
  for j = 0, puts - 1 do
    set[#set + 1] = 'm:' .. ARGV[i + 2 * j]
    set[#set + 1] = ARGV[i + 2 * j + 1]
  end
  i = i + 2 * puts
  for j = 0, distinctRemoves - 1 do gone[#gone + 1] = 'd:' .. ARGV[i + j] end
  i = i + distinctRemoves
  for j = 0, distinctPuts - 1 do
    set[#set + 1] = 'd:' .. ARGV[i + 2 * j]
    set[#set + 1] = ARGV[i + 2 * j + 1]
  end
  i = i + 2 * distinctPuts
  many('HDEL', KEYS[w], gone)
  set[#set + 1] = 'v'
  set[#set + 1] = tostring(tonumber(ARGV[2 + w]) + 1)
  many('HSET', KEYS[w], set)
  redis.call('PEXPIRE', KEYS[w], ttl)
end
local k = n + u + 1
while i <= #ARGV do
  local payload, ttl, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  i = i + 3
  for _ = 1, count do
    redis.call('SET', KEYS[k], payload, 'PX', ttl)
    k = k + 1
  end
end
return 1
`;

/** Claim records fetched per MGET. */
const MGET_CHUNK = 1000;

/**
 * Correlation windows in Redis, shared by every detection instance. One hash per correlation and
 * group: `m:<member>` → event time, `d:<value>` → the member standing for a distinct value
 * (value_count), `v` → the version every write moves; and one key per claimed member holding
 * the result its claim recorded. A batch reads them in one pipelined round trip and writes what
 * it changed in one script (see CorrelationStore): windows are evaluated in the engine, so Redis
 * only stores and compares versions, a few commands per window per batch.
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
    for (const key of request.keys) pipeline.hgetall(this.windowKey(key));
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
      windows.set(key, windowState(reply(index) as Record<string, string>));
    });
    const payloads: (string | null)[] = [];
    for (let chunk = 0; chunk * MGET_CHUNK < records.length; chunk++) {
      payloads.push(...(reply(request.keys.length + chunk) as (string | null)[]));
    }
    const claims: StateSnapshot['claims'] = [];
    request.members.forEach((member, index) => {
      const payload = payloads.at(index);
      if (typeof payload === 'string') claims.push({ ...member, payload });
    });
    return { windows, claims };
  }

  async write(request: WriteRequest): Promise<boolean> {
    const unclaimed = request.unclaimed ?? [];
    const keys = [
      ...request.windows.map((delta) => this.windowKey(delta.key)),
      ...unclaimed.map(({ key, member }) => this.claimKey(key, member)),
    ];
    const args: (string | number)[] = [
      request.windows.length,
      unclaimed.length,
      ...request.windows.map((delta) => delta.version),
    ];
    for (const delta of request.windows) {
      args.push(
        ttl(delta.ttlMs),
        delta.remove.length,
        delta.put.length,
        delta.distinctRemove.length,
        delta.distinctPut.length,
        ...delta.remove,
        ...delta.put.flatMap((entry) => [entry.member, String(entry.timestamp)]),
        ...delta.distinctRemove,
        ...delta.distinctPut.flat(),
      );
    }
    for (const { key, members, record } of request.claims) {
      args.push(record.payload, ttl(record.ttlMs), members.length);
      keys.push(...members.map((member) => this.claimKey(key, member)));
    }
    return (await this.writeScript(keys, args)) === 1;
  }

  private windowKey(key: string): string {
    return `${this.prefix}:correlation-window:${key}`;
  }

  private claimKey(key: string, member: string): string {
    return `${this.prefix}:correlation-claim:${key}:${member}`;
  }
}

function windowState(fields: Record<string, string>): WindowState {
  const entries: WindowEntry[] = [];
  const distinct: [string, string][] = [];
  let version = 0;
  for (const [field, value] of Object.entries(fields)) {
    if (field.startsWith('m:')) entries.push({ member: field.slice(2), timestamp: Number(value) });
    else if (field.startsWith('d:')) distinct.push([field.slice(2), value]);
    else if (field === 'v') version = Number(value);
  }
  entries.sort(
    (a, b) => a.timestamp - b.timestamp || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0),
  );
  return { version, entries, distinct };
}

function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

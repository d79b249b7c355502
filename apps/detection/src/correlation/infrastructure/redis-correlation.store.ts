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

// A batch's read. KEYS: the n windows, then the claim-record hashes asked about. ARGV: n, the n
// versions the caller holds ('' for none), then per claim-record hash: the number of members, the
// members. Returns per window its fields and values (HGETALL), or 1 when it is still at the
// version held, then per claim-record hash the result ids of the members (HMGET).
const READ = `
local n = tonumber(ARGV[1])
local out = {}
for w = 1, n do
  local held = ARGV[1 + w]
  if held ~= '' and tonumber(redis.call('HGET', KEYS[w], 'v') or '0') == tonumber(held) then out[w] = 1
  else out[w] = redis.call('HGETALL', KEYS[w]) end
end
local i = n + 2
for c = n + 1, #KEYS do
  local count = tonumber(ARGV[i])
  out[c] = redis.call('HMGET', KEYS[c], unpack(ARGV, i + 1, i + count))
  i = i + count + 1
end
return out
`;

/** Claim records per window beyond which its record hash is dropped (only redeliveries read them). */
const CLAIM_RECORDS_CAP = 50_000;

// A batch's write, all or nothing. KEYS: the n windows, then per window its claim-record hash,
// then one result key per claim. ARGV: n, u, the result keys' prefix, the n versions read, the n
// versions written (random integers below 2^48, exact as Lua numbers; stored as the strings sent,
// never through tostring, which would round them; compared as numbers, so a version an earlier
// release wrote in exponent form still compares equal to what a reader parsed from it), u
// (window index, member) pairs that must not be claimed, then per window: ttl, #remove, #put, #distinct-remove, #distinct-put, the removed members, put
// (member, timestamp) pairs, removed distinct values, put (value, member) pairs; then per claim:
// window index, result id, payload, ttl, #members, the members.
// Returns 0, writing nothing, when a window's version is not the one read or a member taken as
// unclaimed has a live claim record.
const WRITE = `
local function many(command, key, items)
  for start = 1, #items, 1000 do
    redis.call(command, key, unpack(items, start, math.min(start + 999, #items)))
  end
end
local n, u, results = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
for w = 1, n do
  if tonumber(redis.call('HGET', KEYS[w], 'v') or '0') ~= tonumber(ARGV[3 + w]) then return 0 end
end
local i = 2 * n + 4
for _ = 1, u do
  -- a record counts while its result is kept (the result key is derived: one Redis, not Cluster)
  local id = redis.call('HGET', KEYS[n + tonumber(ARGV[i])], ARGV[i + 1])
  if id and redis.call('EXISTS', results .. id) == 1 then return 0 end
  i = i + 2
end
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
  set[#set + 1] = ARGV[3 + n + w]
  many('HSET', KEYS[w], set)
  redis.call('PEXPIRE', KEYS[w], ttl)
end
local k = 2 * n + 1
while i <= #ARGV do
  local records, id, payload, ttl = KEYS[n + tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local count = tonumber(ARGV[i + 4])
  i = i + 5
  redis.call('SET', KEYS[k], payload, 'PX', ttl)
  k = k + 1
  -- stale records (their result expired) read as absent; the hash is dropped when large
  if redis.call('HLEN', records) > ${String(CLAIM_RECORDS_CAP)} then redis.call('DEL', records) end
  local fields = {}
  for j = 0, count - 1 do
    fields[#fields + 1] = ARGV[i + j]
    fields[#fields + 1] = id
  end
  many('HSET', records, fields)
  redis.call('PEXPIRE', records, ttl)
  i = i + count
end
return 1
`;

/**
 * Correlation windows in Redis, shared by every detection instance. One hash per correlation and
 * group: `m:<member>` → event time, `d:<value>` → the member standing for a distinct value
 * (value_count), `v` → the version every write moves; beside it a hash of claimed member → the
 * id of the result its claim recorded, and each result's payload once under its id. A batch
 * reads them in one script and writes what it changed in another (see CorrelationStore): windows
 * are evaluated in the engine, so Redis only stores and compares versions, a few commands per
 * window per batch.
 *
 * One script touches every window of the batch, so under Redis Cluster the keys would need one
 * hash slot (a hash tag in `prefix`); Vigil's deployments use one Redis (or Sentinel).
 */
export class RedisCorrelationStore implements CorrelationStore {
  private readonly readScript: RedisScript;
  private readonly writeScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.readScript = redisScript(redis, READ);
    this.writeScript = redisScript(redis, WRITE);
  }

  async read(request: StateRequest): Promise<StateSnapshot> {
    const probes = new Map<string, string[]>();
    for (const { key, member } of request.members) probes.set(key, [...(probes.get(key) ?? []), member]);
    const keys = [
      ...request.keys.map((key) => this.windowKey(key)),
      ...[...probes.keys()].map((key) => this.claimsKey(key)),
    ];
    const args = [
      request.keys.length,
      ...request.keys.map((key) => {
        const held = request.known?.get(key);
        return held === undefined ? '' : String(held);
      }),
      ...[...probes.values()].flatMap((members) => [members.length, ...members]),
    ];
    const replies = (await this.readScript(keys, args)) as (string | null)[][];
    const windows = new Map<string, WindowState>();
    const unchanged: string[] = [];
    request.keys.forEach((key, index) => {
      const reply = replies[index] as string[] | number;
      if (typeof reply === 'number') unchanged.push(key);
      else windows.set(key, windowState(reply));
    });
    // a claim record names its result; the result's payload is kept once (and read only on a hit)
    const hits: { key: string; member: string; id: string }[] = [];
    [...probes].forEach(([key, members], index) => {
      const ids = replies[request.keys.length + index];
      members.forEach((member, at) => {
        const id = ids[at];
        if (typeof id === 'string') hits.push({ key, member, id });
      });
    });
    const payloads =
      hits.length === 0 ? [] : await this.redis.mget(...hits.map((hit) => this.resultKey(hit.id)));
    const claims: StateSnapshot['claims'] = [];
    hits.forEach(({ key, member }, index) => {
      const payload = payloads[index];
      if (typeof payload === 'string') claims.push({ key, member, payload });
    });
    return { windows, unchanged, claims };
  }

  async write(request: WriteRequest): Promise<boolean> {
    const unclaimed = request.unclaimed ?? [];
    const windowIndex = new Map(request.windows.map((delta, index) => [delta.key, index + 1]));
    const indexOf = (key: string): number => {
      const index = windowIndex.get(key);
      if (index === undefined)
        throw new Error(`correlation write: claim outside the written windows (${key})`);
      return index;
    };
    const keys = [
      ...request.windows.map((delta) => this.windowKey(delta.key)),
      ...request.windows.map((delta) => this.claimsKey(delta.key)),
      ...request.claims.map(({ record }) => this.resultKey(record.id)),
    ];
    const args: (string | number)[] = [
      request.windows.length,
      unclaimed.length,
      this.resultKey(''),
      ...request.windows.map((delta) => String(delta.version)),
      ...request.windows.map((delta) => String(delta.nextVersion)),
      ...unclaimed.flatMap(({ key, member }) => [indexOf(key), member]),
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
      args.push(indexOf(key), record.id, record.payload, ttl(record.ttlMs), members.length, ...members);
    }
    return (await this.writeScript(keys, args)) === 1;
  }

  private windowKey(key: string): string {
    return `${this.prefix}:correlation-window:${key}`;
  }

  private claimsKey(key: string): string {
    return `${this.prefix}:correlation-claims:${key}`;
  }

  private resultKey(id: string): string {
    return `${this.prefix}:correlation-result:${id}`;
  }
}

function windowState(fields: readonly string[]): WindowState {
  const entries: WindowEntry[] = [];
  const distinct: [string, string][] = [];
  let version = 0;
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const [field, value] = [fields[at], fields[at + 1]];
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

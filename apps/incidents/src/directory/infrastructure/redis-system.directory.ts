import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { SystemDirectory } from '../application/system-directory';
import type { DirectorySystem } from '../domain/directory-system';

/** DI token of the Redis hash holding the cached systems (`<namespace>:incidents:directory:systems`). */
export const DIRECTORY_SYSTEMS_KEY = Symbol('vigil.incidents.directory-systems-key');

// A record replaces the cached one unless that one is newer: replays and redelivery of the
// compacted topic, from any instance, cannot roll a system back.
const APPLY = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and tonumber(decoded.version) > tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

/**
 * The directory's systems in one Redis hash (id → JSON), shared by every incidents instance.
 * Deleted systems stay as tombstones, so an older record read later cannot bring them back.
 */
@Injectable()
export class RedisSystemDirectory extends SystemDirectory {
  private readonly applyScript: RedisScript;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(DIRECTORY_SYSTEMS_KEY) private readonly key: string,
  ) {
    super();
    this.applyScript = redisScript(redis, APPLY);
  }

  async apply(system: DirectorySystem): Promise<void> {
    await this.applyScript([this.key], [system.id, system.version, JSON.stringify(system)]);
  }

  async systems(ids: readonly string[]): Promise<Map<string, DirectorySystem>> {
    const found = new Map<string, DirectorySystem>();
    if (ids.length === 0) return found;
    const values = await this.redis.hmget(this.key, ...ids);
    values.forEach((value) => {
      if (value === null) return;
      const system = JSON.parse(value) as DirectorySystem;
      if (!system.deleted) found.set(system.id, system);
    });
    return found;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { SystemDirectory } from '../application/system-directory';
import type { DirectoryAgency, DirectorySystem } from '../domain/directory-system';

/** DI token of the prefix of the Redis hashes of cached systems, one per agency (`<prefix>:<agency>`). */
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
 * The directory's systems in one Redis hash per agency (id → JSON), shared by every incidents
 * instance; an agency's systems are few (tens, hundreds), so a host look-up reads its whole hash.
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
    await this.applyScript(
      [this.hashOf(system.agencyId)],
      [system.id, system.version, JSON.stringify(system)],
    );
  }

  async systems(agencyId: string, ids: readonly string[]): Promise<Map<string, DirectorySystem>> {
    const found = new Map<string, DirectorySystem>();
    if (ids.length === 0) return found;
    const values = await this.redis.hmget(this.hashOf(agencyId), ...ids);
    for (const system of values.flatMap((value) => (value === null ? [] : [parse(value)])))
      if (!system.deleted) found.set(system.id, system);
    return found;
  }

  async systemsOnHost(agencyId: string, hostname: string): Promise<DirectorySystem[]> {
    const host = hostname.toLowerCase();
    const all = Object.values(await this.redis.hgetall(this.hashOf(agencyId))).map(parse);
    return all.filter((system) => !system.deleted && system.hostnames.includes(host));
  }

  async applyAgency(agency: DirectoryAgency): Promise<void> {
    await this.applyScript([this.agenciesHash()], [agency.id, agency.version, JSON.stringify(agency)]);
  }

  async agencyName(agencyId: string): Promise<string | undefined> {
    const value = await this.redis.hget(this.agenciesHash(), agencyId);
    if (value === null) return undefined;
    const agency = JSON.parse(value) as DirectoryAgency;
    return agency.deleted ? undefined : agency.name;
  }

  /** Agencies in one hash beside the systems' (`-` cannot clash with `:<agency id>`). */
  private agenciesHash(): string {
    return `${this.key}-agencies`;
  }

  private hashOf(agencyId: string): string {
    return `${this.key}:${agencyId}`;
  }
}

/** Records cached before host names were kept have none. */
function parse(value: string): DirectorySystem {
  const cached = JSON.parse(value) as Omit<DirectorySystem, 'hostnames'> & { hostnames?: string[] };
  return { ...cached, hostnames: cached.hostnames ?? [] };
}

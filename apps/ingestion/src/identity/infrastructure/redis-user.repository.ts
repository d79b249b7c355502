import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../common/infrastructure/redis-prefix';
import { UserRepository } from '../application/user.repository';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import type { User } from '../domain/user';

// The name is claimed first (SET NX), so two instances creating the same name cannot both win.
const CREATE = `
if redis.call('SET', KEYS[2], ARGV[1], 'NX') == false then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 1`;

// Optimistic concurrency: the stored version must be the one the change was made from.
const UPDATE = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if cjson.decode(current).version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

/**
 * Accounts in the shared Redis (append-only file on, as deploy/local runs it): one JSON value
 * per user, a name → id key for logins and uniqueness, and the set of ids for listing.
 */
@Injectable()
export class RedisUserRepository extends UserRepository {
  private readonly createScript: RedisScript;
  private readonly updateScript: RedisScript;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {
    super();
    this.createScript = redisScript(redis, CREATE);
    this.updateScript = redisScript(redis, UPDATE);
  }

  async get(id: string): Promise<User | undefined> {
    const text = await this.redis.get(this.userKey(id));
    return text === null ? undefined : (JSON.parse(text) as User);
  }

  async findByName(name: string): Promise<User | undefined> {
    const id = await this.redis.get(this.nameKey(name));
    return id === null ? undefined : this.get(id);
  }

  async create(user: User): Promise<void> {
    const created = await this.createScript(
      [this.userKey(user.id), this.nameKey(user.name), this.allKey()],
      [user.id, JSON.stringify(user)],
    );
    if (created !== 1)
      throw new IdentityError(IdentityErrorCode.UserExists, `user name "${user.name}" is taken`);
  }

  async update(user: User): Promise<void> {
    const updated = await this.updateScript(
      [this.userKey(user.id)],
      [user.version - 1, JSON.stringify(user)],
    );
    if (updated === -1)
      throw new IdentityError(IdentityErrorCode.UserNotFound, `user "${user.id}" does not exist`);
    if (updated !== 1)
      throw new IdentityError(
        IdentityErrorCode.ConcurrentChange,
        `user "${user.name}" was changed meanwhile; retry`,
      );
  }

  async list(): Promise<User[]> {
    const ids = await this.redis.smembers(this.allKey());
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map((id) => this.userKey(id)));
    return texts
      .filter((text): text is string => text !== null)
      .map((text) => JSON.parse(text) as User)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  count(): Promise<number> {
    return this.redis.scard(this.allKey());
  }

  private userKey(id: string): string {
    return `${this.prefix}:identity:user:${id}`;
  }

  private nameKey(name: string): string {
    return `${this.prefix}:identity:user-name:${name}`;
  }

  private allKey(): string {
    return `${this.prefix}:identity:users`;
  }
}

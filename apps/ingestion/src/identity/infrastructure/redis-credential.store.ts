import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../common/infrastructure/redis-prefix';
import { CredentialStore, type Session } from '../application/credential.store';
import { LOCKOUT } from '../domain/lockout';

// Rotation is a compare-and-set on the digest: of two refreshes with the same token, one wins.
const ROTATE = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local session = cjson.decode(current)
if session.digest ~= ARGV[1] then return 0 end
session.digest = ARGV[2]
redis.call('SET', KEYS[1], cjson.encode(session), 'KEEPTTL')
return 1`;

// A failure counts within a window; reaching the limit locks the account and starts over.
const FAIL = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

/** Sessions, set-password tokens and failed-login counts in the shared Redis, expiring by themselves. */
@Injectable()
export class RedisCredentialStore extends CredentialStore {
  private readonly rotate: RedisScript;
  private readonly fail: RedisScript;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {
    super();
    this.rotate = redisScript(redis, ROTATE);
    this.fail = redisScript(redis, FAIL);
  }

  async createSession(session: Session): Promise<void> {
    await this.redis
      .multi()
      .set(this.sessionKey(session.id), JSON.stringify(session), 'PXAT', Date.parse(session.expiresAt))
      .sadd(this.sessionsOfKey(session.userId), session.id)
      .exec();
  }

  async getSession(id: string): Promise<Session | undefined> {
    const text = await this.redis.get(this.sessionKey(id));
    return text === null ? undefined : (JSON.parse(text) as Session);
  }

  async rotateSession(id: string, expected: string, next: string): Promise<boolean> {
    return (await this.rotate([this.sessionKey(id)], [expected, next])) === 1;
  }

  async revokeSession(id: string): Promise<void> {
    await this.redis.del(this.sessionKey(id));
  }

  async revokeSessionsOf(userId: string): Promise<void> {
    const ids = await this.redis.smembers(this.sessionsOfKey(userId));
    await this.redis
      .multi()
      .del(...ids.map((id) => this.sessionKey(id)), this.sessionsOfKey(userId))
      .exec();
  }

  async saveSetPasswordToken(digest: string, userId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.setPasswordKey(digest), userId, 'EX', ttlSeconds);
  }

  async takeSetPasswordToken(digest: string): Promise<string | undefined> {
    return (await this.redis.getdel(this.setPasswordKey(digest))) ?? undefined;
  }

  async lockedFor(userId: string): Promise<number> {
    return Math.max(0, await this.redis.ttl(this.lockKey(userId)));
  }

  async recordFailure(userId: string): Promise<boolean> {
    const locked = await this.fail(
      [this.failuresKey(userId), this.lockKey(userId)],
      [LOCKOUT.maxFailures, LOCKOUT.failureWindowSeconds, LOCKOUT.lockSeconds],
    );
    return locked === 1;
  }

  async clearFailures(userId: string): Promise<void> {
    await this.redis.del(this.failuresKey(userId));
  }

  private sessionKey(id: string): string {
    return `${this.prefix}:identity:session:${id}`;
  }

  private sessionsOfKey(userId: string): string {
    return `${this.prefix}:identity:sessions-of:${userId}`;
  }

  private setPasswordKey(digest: string): string {
    return `${this.prefix}:identity:set-password:${digest}`;
  }

  private failuresKey(userId: string): string {
    return `${this.prefix}:identity:failures:${userId}`;
  }

  private lockKey(userId: string): string {
    return `${this.prefix}:identity:locked:${userId}`;
  }
}

import type { Redis } from 'ioredis';
import { PersonalTokenStore, type PersonalTokenRecord } from './personal-tokens';

/**
 * Personal tokens in the shared Redis (append-only file on): one key per token, expiring with
 * the token, and a set of token ids per owner for listing and revoking them all.
 */
export class RedisPersonalTokenStore extends PersonalTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {
    super();
  }

  async get(id: string): Promise<PersonalTokenRecord | undefined> {
    const text = await this.redis.get(this.tokenKey(id));
    return text === null ? undefined : (JSON.parse(text) as PersonalTokenRecord);
  }

  async save(record: PersonalTokenRecord): Promise<void> {
    await this.redis
      .multi()
      .set(this.tokenKey(record.id), JSON.stringify(record), 'PXAT', Date.parse(record.expiresAt))
      .sadd(this.ownerKey(record.ownerId), record.id)
      .exec();
  }

  async listOf(ownerId: string): Promise<PersonalTokenRecord[]> {
    const ids = await this.redis.smembers(this.ownerKey(ownerId));
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map((id) => this.tokenKey(id)));
    const expired = ids.filter((_, index) => texts[index] === null);
    if (expired.length > 0) await this.redis.srem(this.ownerKey(ownerId), ...expired);
    return texts
      .filter((text): text is string => text !== null)
      .map((text) => JSON.parse(text) as PersonalTokenRecord)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(id: string, ownerId?: string): Promise<boolean> {
    const record = await this.get(id);
    if (!record || (ownerId !== undefined && record.ownerId !== ownerId)) return false;
    await this.redis.multi().del(this.tokenKey(id)).srem(this.ownerKey(record.ownerId), id).exec();
    return true;
  }

  async revokeAllOf(ownerId: string): Promise<number> {
    const ids = await this.redis.smembers(this.ownerKey(ownerId));
    if (ids.length === 0) return 0;
    await this.redis
      .multi()
      .del(...ids.map((id) => this.tokenKey(id)))
      .del(this.ownerKey(ownerId))
      .exec();
    return ids.length;
  }

  private tokenKey(id: string): string {
    return `${this.namespace}:auth:personal-token:${id}`;
  }

  private ownerKey(ownerId: string): string {
    return `${this.namespace}:auth:personal-tokens-of:${ownerId}`;
  }
}

import type { Redis } from 'ioredis';
import { ACCESS_TOKEN_SECONDS } from './access-tokens';

/**
 * Access tokens issued to a subject before a moment (the user was disabled, lost a role or a
 * scope, or set a new password) stop working on every instance at the next request, instead of
 * running out their 15 minutes. Kept in the shared Redis only as long as such a token could live.
 */
export abstract class AccessTokenRevocations {
  abstract revokeIssuedBefore(subject: string, at: Date): Promise<void>;
  /** Tokens of the subject issued at or before this time (epoch milliseconds) are refused. */
  abstract notAfter(subject: string): Promise<number | undefined>;
}

export class RedisAccessTokenRevocations extends AccessTokenRevocations {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {
    super();
  }

  async revokeIssuedBefore(subject: string, at: Date): Promise<void> {
    await this.redis.set(this.key(subject), at.getTime(), 'EX', ACCESS_TOKEN_SECONDS + 60);
  }

  async notAfter(subject: string): Promise<number | undefined> {
    const value = await this.redis.get(this.key(subject));
    return value === null ? undefined : Number(value);
  }

  private key(subject: string): string {
    return `${this.namespace}:auth:access-tokens-revoked:${subject}`;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  AUTH_KEYS,
  issuePersonalToken,
  PersonalTokenStore,
  type AuthKeys,
  type PersonalTokenRecord,
  type Principal,
  type Role,
} from '@vigil/auth';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { principalOf } from '../domain/user';
import { UserRepository } from './user.repository';

export const MAX_TOKEN_DAYS = 365;

export interface NewPersonalToken {
  name: string;
  /** A subset of the owner's roles; all of them when absent. */
  roles?: Role[];
  expiresInDays: number;
}

/**
 * Personal API tokens for automation: named, limited to some of the owner's roles and to the
 * owner's agency scope, expiring, shown once, kept as an HMAC. Only a person signed in (not a
 * token) makes tokens for themselves; an admin makes them for service accounts.
 */
@Injectable()
export class PersonalTokensUseCase {
  constructor(
    @Inject(PersonalTokenStore) private readonly store: PersonalTokenStore,
    @Inject(AUTH_KEYS) private readonly keys: AuthKeys,
    @Inject(UserRepository) private readonly users: UserRepository,
  ) {}

  async create(
    owner: Principal,
    input: NewPersonalToken,
    now = new Date(),
  ): Promise<{ token: string; record: PersonalTokenRecord }> {
    if (owner.method !== 'access-token' && owner.method !== 'oidc')
      throw new IdentityError(
        IdentityErrorCode.Forbidden,
        'personal tokens are made by a person signed in, not with another token',
      );
    return this.issue(owner, input, now);
  }

  /** An admin makes a token for a service account (drills → ingestion, incidents → directory …). */
  async createForService(
    serviceUserId: string,
    input: NewPersonalToken,
    now = new Date(),
  ): Promise<{ token: string; record: PersonalTokenRecord }> {
    const user = await this.users.get(serviceUserId);
    if (!user || !user.roles.includes('service') || user.status !== 'active')
      throw new IdentityError(IdentityErrorCode.UserNotFound, `no active service account "${serviceUserId}"`);
    return this.issue(principalOf(user, 'service'), input, now);
  }

  list(ownerId: string): Promise<PersonalTokenRecord[]> {
    return this.store.listOf(ownerId);
  }

  async revoke(ownerId: string, tokenId: string): Promise<void> {
    if (!(await this.store.revoke(tokenId, ownerId)))
      throw new IdentityError(IdentityErrorCode.TokenNotFound, `no personal token "${tokenId}"`);
  }

  private async issue(
    owner: Principal,
    input: NewPersonalToken,
    now: Date,
  ): Promise<{ token: string; record: PersonalTokenRecord }> {
    if (!this.keys.tokenKey)
      throw new IdentityError(
        IdentityErrorCode.NotConfigured,
        'personal tokens are not configured on this instance (VIGIL_AUTH_TOKEN_KEY_FILE)',
      );
    const roles = [...new Set(input.roles ?? owner.roles)];
    const beyond = roles.filter((role) => !owner.roles.includes(role));
    if (roles.length === 0 || beyond.length > 0)
      throw new IdentityError(
        IdentityErrorCode.Forbidden,
        beyond.length > 0
          ? `a token cannot hold roles its owner lacks: ${beyond.join(', ')}`
          : 'a token needs a role',
      );
    if (
      !Number.isInteger(input.expiresInDays) ||
      input.expiresInDays < 1 ||
      input.expiresInDays > MAX_TOKEN_DAYS
    )
      throw new IdentityError(
        IdentityErrorCode.InvalidRequest,
        `a token expires in 1–${MAX_TOKEN_DAYS} days`,
      );
    const issued = issuePersonalToken(this.keys.tokenKey);
    const record: PersonalTokenRecord = {
      id: issued.id,
      name: input.name,
      ownerId: owner.id,
      ownerName: owner.name,
      roles,
      scope: owner.scope,
      digest: issued.digest,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    };
    await this.store.save(record);
    return { token: issued.plaintext, record };
  }
}

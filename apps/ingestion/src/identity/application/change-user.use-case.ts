import { Inject, Injectable } from '@nestjs/common';
import {
  AccessTokenRevocations,
  actorOf,
  PersonalTokenStore,
  type AgencyScope,
  type Principal,
  type Role,
} from '@vigil/auth';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { assertValidAccess, defaultScopeOf, type User, type UserStatus } from '../domain/user';
import { CredentialStore } from './credential.store';
import { UserRepository } from './user.repository';

export interface UserChange {
  displayName?: string;
  roles?: Role[];
  scope?: AgencyScope;
  status?: UserStatus;
}

/**
 * An admin changes a user's name, roles, scope or status. A change that narrows what the user
 * may do (a role or scope taken away, disabled) ends their access tokens, sessions and personal
 * tokens at once, on every instance.
 */
@Injectable()
export class ChangeUserUseCase {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(PersonalTokenStore) private readonly personalTokens: PersonalTokenStore,
    @Inject(AccessTokenRevocations) private readonly accessTokens: AccessTokenRevocations,
  ) {}

  async execute(id: string, change: UserChange, by: Principal, now = new Date()): Promise<User> {
    const current = await this.users.require(id);
    const next: User = {
      ...current,
      displayName: change.displayName ?? current.displayName,
      roles: change.roles ? [...new Set(change.roles)] : current.roles,
      scope: change.scope ?? (change.roles ? (defaultScopeOf(change.roles) ?? current.scope) : current.scope),
      status: change.status ?? current.status,
      updatedAt: now.toISOString(),
      updatedBy: actorOf(by),
      version: current.version + 1,
    };
    assertValidAccess(next.roles, next.scope);
    if (
      next.id === by.id &&
      (next.status !== 'active' || !next.roles.includes('admin')) &&
      current.roles.includes('admin')
    )
      throw new IdentityError(
        IdentityErrorCode.Forbidden,
        'an admin cannot disable or demote their own account',
      );
    await this.users.update(next);
    const narrowed =
      next.status !== 'active' ||
      current.roles.some((role) => !next.roles.includes(role)) ||
      JSON.stringify(current.scope) !== JSON.stringify(next.scope);
    if (narrowed) {
      await this.accessTokens.revokeIssuedBefore(id, now);
      await this.credentials.revokeSessionsOf(id);
      await this.personalTokens.revokeAllOf(id);
    }
    return next;
  }
}

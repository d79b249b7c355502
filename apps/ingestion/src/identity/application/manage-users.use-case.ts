import { Inject, Injectable } from '@nestjs/common';
import {
  AccessTokenRevocations,
  actorOf,
  PersonalTokenStore,
  type AgencyScope,
  type Principal,
  type Role,
} from '@vigil/auth';
import { randomUUID } from 'node:crypto';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { assertAcceptablePassword, hashPassword } from '../domain/password';
import { newSetPasswordToken, setPasswordDigestOf } from '../domain/secret-token';
import {
  assertUserName,
  assertValidAccess,
  defaultScopeOf,
  type User,
  type UserStatus,
} from '../domain/user';
import { CredentialStore } from './credential.store';
import { UserRepository } from './user.repository';

/** A set-password link works once, for this long. */
export const SET_PASSWORD_SECONDS = 72 * 60 * 60;

export interface NewUser {
  name: string;
  displayName?: string;
  roles: Role[];
  scope?: AgencyScope;
}

export interface UserChange {
  displayName?: string;
  roles?: Role[];
  scope?: AgencyScope;
  status?: UserStatus;
}

/**
 * Accounts, administered: an admin creates a user (no password: a one-time set-password token
 * is returned, to hand over as a link), changes roles and scope, disables, or issues a new link.
 * A change that narrows what a user may do (roles, scope, disable) ends their access tokens,
 * sessions and personal tokens at once, on every instance.
 */
@Injectable()
export class ManageUsersUseCase {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(PersonalTokenStore) private readonly personalTokens: PersonalTokenStore,
    @Inject(AccessTokenRevocations) private readonly accessTokens: AccessTokenRevocations,
  ) {}

  async create(
    input: NewUser,
    by: Principal | undefined,
    now = new Date(),
  ): Promise<{ user: User; setPasswordToken?: string }> {
    const name = input.name.toLowerCase();
    assertUserName(name);
    const scope = input.scope ?? defaultScopeOf(input.roles);
    if (!scope)
      throw new IdentityError(IdentityErrorCode.InvalidRequest, 'agency and assessor users need a scope');
    assertValidAccess(input.roles, scope);
    const user: User = {
      id: randomUUID(),
      name,
      displayName: input.displayName ?? input.name,
      roles: [...new Set(input.roles)],
      scope,
      status: 'active',
      createdAt: now.toISOString(),
      createdBy: by && actorOf(by),
      updatedAt: now.toISOString(),
      updatedBy: by && actorOf(by),
      version: 1,
    };
    await this.users.create(user);
    // Service accounts never log in: they act through personal tokens an admin makes for them.
    if (user.roles.includes('service')) return { user };
    return { user, setPasswordToken: await this.setPasswordLink(user.id) };
  }

  async get(id: string): Promise<User> {
    const user = await this.users.get(id);
    if (!user) throw new IdentityError(IdentityErrorCode.UserNotFound, `user "${id}" does not exist`);
    return user;
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  async change(id: string, change: UserChange, by: Principal, now = new Date()): Promise<User> {
    const current = await this.get(id);
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

  /** A new one-time set-password token for the user (first login or a forgotten password). */
  async setPasswordLink(id: string): Promise<string> {
    const user = await this.get(id);
    if (user.roles.includes('service'))
      throw new IdentityError(IdentityErrorCode.InvalidRequest, 'a service account has no password');
    const token = newSetPasswordToken();
    await this.credentials.saveSetPasswordToken(token.digest, user.id, SET_PASSWORD_SECONDS);
    return token.token;
  }

  /** Sets the password of the token's user; the token is spent, the user's other sessions end. */
  async setPassword(token: string, password: string, now = new Date()): Promise<User> {
    assertAcceptablePassword(password);
    const digest = setPasswordDigestOf(token);
    const userId = digest === undefined ? undefined : await this.credentials.takeSetPasswordToken(digest);
    const current = userId === undefined ? undefined : await this.users.get(userId);
    if (!current || current.status !== 'active')
      throw new IdentityError(
        IdentityErrorCode.InvalidSetPasswordToken,
        'unknown, used or expired set-password token',
      );
    const next: User = {
      ...current,
      password: await hashPassword(password),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    await this.users.update(next);
    // A new password ends what the old one opened, on every instance.
    if (current.password) await this.accessTokens.revokeIssuedBefore(next.id, now);
    await this.credentials.revokeSessionsOf(next.id);
    await this.credentials.clearFailures(next.id);
    return next;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenRevocations } from '@vigil/auth';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { assertAcceptablePassword, hashPassword } from '../domain/password';
import { setPasswordDigestOf } from '../domain/secret-token';
import type { User } from '../domain/user';
import { CredentialStore } from './credential.store';
import { UserRepository } from './user.repository';

/**
 * A person sets their password with the one-time token of a set-password link. The token is
 * spent; a new password ends the sessions and access tokens the old one opened.
 */
@Injectable()
export class SetPasswordUseCase {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(AccessTokenRevocations) private readonly accessTokens: AccessTokenRevocations,
  ) {}

  /** Sets the password of the token's user; the token is spent, the user's other sessions end. */
  async execute(token: string, password: string, now = new Date()): Promise<User> {
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

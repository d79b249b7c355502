import { Inject, Injectable } from '@nestjs/common';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { CredentialStore } from './credential.store';
import { SessionTokens, type IssuedTokens } from './session-tokens';
import { UserRepository } from './user.repository';

/**
 * A refresh token → a new access token (with the user's roles and scope as they are now) and a
 * new refresh token; the one presented stops working. A disabled user's session ends.
 */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(SessionTokens) private readonly sessions: SessionTokens,
  ) {}

  async execute(refreshToken: string): Promise<IssuedTokens> {
    const { userId, next } = await this.sessions.rotate(refreshToken);
    const user = await this.users.get(userId);
    if (!user || user.status !== 'active') {
      await this.credentials.revokeSessionsOf(userId);
      throw new IdentityError(
        IdentityErrorCode.InvalidRefreshToken,
        'unknown, used or expired refresh token',
      );
    }
    return next(user);
  }
}

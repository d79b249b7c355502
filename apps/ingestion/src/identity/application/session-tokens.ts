import { Inject, Injectable } from '@nestjs/common';
import type { AccessTokenSigner } from '@vigil/auth';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { newRefreshToken, newSessionId, parseRefreshToken } from '../domain/secret-token';
import { principalOf, type User } from '../domain/user';
import { CredentialStore } from './credential.store';

/** How long a login lasts without a new password: the refresh token's absolute lifetime. */
export const SESSION_SECONDS = 12 * 60 * 60;

/** The signer of access tokens, absent when VIGIL_AUTH_PRIVATE_KEY_FILE is not set. */
export const ACCESS_TOKEN_SIGNER = Symbol('vigil.identity.access-token-signer');
export interface SignerHolder {
  signer?: AccessTokenSigner;
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
}

/**
 * Access and refresh tokens for a user: a new session at login, a rotated refresh token at
 * each refresh. A refresh token presented a second time (stolen and used by someone else, or
 * replayed) ends the whole session.
 */
@Injectable()
export class SessionTokens {
  constructor(
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(ACCESS_TOKEN_SIGNER) private readonly holder: SignerHolder,
  ) {}

  async start(user: User, now = new Date()): Promise<IssuedTokens> {
    const id = newSessionId();
    const refresh = newRefreshToken(id);
    const expiresAt = new Date(now.getTime() + SESSION_SECONDS * 1000);
    await this.credentials.createSession({
      id,
      userId: user.id,
      digest: refresh.digest,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return this.tokens(user, refresh.token, expiresAt, now);
  }

  /** The session a refresh token belongs to, rotated; fails for an unknown, used or expired token. */
  async rotate(
    refreshToken: string,
    now = new Date(),
  ): Promise<{ userId: string; next: (user: User) => Promise<IssuedTokens> }> {
    const invalid = (): IdentityError =>
      new IdentityError(IdentityErrorCode.InvalidRefreshToken, 'unknown, used or expired refresh token');
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) throw invalid();
    const session = await this.credentials.getSession(parsed.sessionId);
    if (!session) throw invalid();
    const refresh = newRefreshToken(session.id);
    if (!(await this.credentials.rotateSession(session.id, parsed.digest, refresh.digest))) {
      await this.credentials.revokeSession(session.id);
      throw invalid();
    }
    return {
      userId: session.userId,
      next: (user) => this.tokens(user, refresh.token, new Date(session.expiresAt), now),
    };
  }

  async end(refreshToken: string): Promise<void> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) return;
    const session = await this.credentials.getSession(parsed.sessionId);
    if (session?.digest === parsed.digest) await this.credentials.revokeSession(session.id);
  }

  private async tokens(
    user: User,
    refreshToken: string,
    sessionEnds: Date,
    now: Date,
  ): Promise<IssuedTokens> {
    if (!this.holder.signer)
      throw new IdentityError(
        IdentityErrorCode.NotConfigured,
        'login is not configured on this instance (VIGIL_AUTH_PRIVATE_KEY_FILE)',
      );
    const access = await this.holder.signer.sign(principalOf(user), now);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      refresh_expires_in: Math.max(0, Math.round((sessionEnds.getTime() - now.getTime()) / 1000)),
    };
  }
}

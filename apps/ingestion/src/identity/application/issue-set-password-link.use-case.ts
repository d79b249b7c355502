import { Inject, Injectable } from '@nestjs/common';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { newSetPasswordToken } from '../domain/secret-token';
import { CredentialStore } from './credential.store';
import { UserRepository } from './user.repository';

/** A set-password link works once, for this long. */
export const SET_PASSWORD_SECONDS = 72 * 60 * 60;

/**
 * A one-time set-password token for a user (a new account, or a forgotten password), to hand
 * over as a link; kept as SHA-256 in Redis until used or expired.
 */
@Injectable()
export class IssueSetPasswordLinkUseCase {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
  ) {}

  async execute(userId: string): Promise<string> {
    const user = await this.users.require(userId);
    if (user.roles.includes('service'))
      throw new IdentityError(IdentityErrorCode.InvalidRequest, 'a service account has no password');
    const token = newSetPasswordToken();
    await this.credentials.saveSetPasswordToken(token.digest, user.id, SET_PASSWORD_SECONDS);
    return token.token;
  }
}

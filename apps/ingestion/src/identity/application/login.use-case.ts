import { Inject, Injectable, Logger } from '@nestjs/common';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { decoyHash, verifyPassword } from '../domain/password';
import { CredentialStore } from './credential.store';
import { SessionTokens, type IssuedTokens } from './session-tokens';
import { UserRepository } from './user.repository';

/**
 * Name and password → access and refresh tokens. Every failure reads the same (no telling an
 * unknown name from a wrong password, and an unknown name costs the same scrypt time); after
 * repeated failures the account is locked for a while, on every instance.
 */
@Injectable()
export class LoginUseCase {
  private readonly logger = new Logger('identity');

  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(SessionTokens) private readonly sessions: SessionTokens,
  ) {}

  async execute(name: string, password: string): Promise<IssuedTokens> {
    const refused = (): IdentityError =>
      new IdentityError(IdentityErrorCode.InvalidCredentials, 'wrong user name or password');
    const user = await this.users.findByName(name.toLowerCase());
    if (!user || user.status !== 'active' || !user.password) {
      await verifyPassword(password, await decoyHash());
      throw refused();
    }
    const lockedFor = await this.credentials.lockedFor(user.id);
    if (lockedFor > 0)
      throw new IdentityError(IdentityErrorCode.AccountLocked, 'too many failed logins; try again later', {
        retry_after_seconds: lockedFor,
      });
    if (!(await verifyPassword(password, user.password))) {
      if (await this.credentials.recordFailure(user.id))
        this.logger.warn({ msg: 'account locked after repeated failed logins', user: user.id });
      throw refused();
    }
    await this.credentials.clearFailures(user.id);
    return this.sessions.start(user);
  }
}

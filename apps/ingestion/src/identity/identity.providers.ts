import type { Provider, Type } from '@nestjs/common';
import { AccessTokenSigner, readPrivateKey } from '@vigil/auth';
import type { IngestionConfig } from '../config';
import { CredentialStore } from './application/credential.store';
import { LoginUseCase } from './application/login.use-case';
import { ChangeUserUseCase } from './application/change-user.use-case';
import { CreateUserUseCase } from './application/create-user.use-case';
import { IssueSetPasswordLinkUseCase } from './application/issue-set-password-link.use-case';
import { LogoutUseCase } from './application/logout.use-case';
import { PersonalTokensUseCase } from './application/personal-tokens.use-case';
import { RefreshSessionUseCase } from './application/refresh-session.use-case';
import { SetPasswordUseCase } from './application/set-password.use-case';
import { ACCESS_TOKEN_SIGNER, SessionTokens, type SignerHolder } from './application/session-tokens';
import { UserRepository } from './application/user.repository';
import { RedisCredentialStore } from './infrastructure/redis-credential.store';
import { RedisUserRepository } from './infrastructure/redis-user.repository';
import { AuthController } from './interface/http/auth.controller';
import { UsersController } from './interface/http/users.controller';

/**
 * Identity: local accounts (Redis), login with access tokens signed here (the only service with
 * the private key), rotating refresh sessions, set-password links, personal API tokens.
 * Needs AuthModule (PersonalTokenStore, AUTH_KEYS) and REDIS_PREFIX.
 */
export function identityProviders(config: IngestionConfig): Provider[] {
  const holder: SignerHolder = {
    signer:
      config.authPrivateKeyFile === ''
        ? undefined
        : new AccessTokenSigner(readPrivateKey(config.authPrivateKeyFile)),
  };
  return [
    { provide: ACCESS_TOKEN_SIGNER, useValue: holder },
    { provide: UserRepository, useClass: RedisUserRepository },
    { provide: CredentialStore, useClass: RedisCredentialStore },
    SessionTokens,
    LoginUseCase,
    RefreshSessionUseCase,
    LogoutUseCase,
    CreateUserUseCase,
    ChangeUserUseCase,
    IssueSetPasswordLinkUseCase,
    SetPasswordUseCase,
    PersonalTokensUseCase,
  ];
}

export const identityControllers: Type[] = [AuthController, UsersController];

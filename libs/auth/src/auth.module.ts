import { Logger, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { KeyObject } from 'node:crypto';
import { AccessTokenRevocations, RedisAccessTokenRevocations } from './access-token-revocations';
import { ACCESS_TOKEN_VERIFIERS, type AccessTokenVerifier } from './access-token-verifier';
import { readPublicKey, VigilAccessTokenVerifier } from './access-tokens';
import type { AuthConfig } from './auth-config';
import { AuthGuard } from './auth.guard';
import { assertDistinctLegacyTokens, LegacyTokenVerifier } from './legacy-token.verifier';
import { OidcAccessTokenVerifier } from './oidc/oidc-access-token.verifier';
import { oidcSettingsOf } from './oidc/oidc-settings';
import { PersonalTokenKey, PersonalTokenStore, PersonalTokenVerifier } from './personal-tokens';
import { RedisPersonalTokenStore } from './redis-personal-token.store';

/** The keys a service was given: absent ones switch that kind of token off. */
export interface AuthKeys {
  /** Verifies Vigil access tokens (VIGIL_AUTH_PUBLIC_KEY_FILE). */
  publicKey?: KeyObject;
  /** Hashes personal API tokens (VIGIL_AUTH_TOKEN_KEY_FILE). */
  tokenKey?: PersonalTokenKey;
}

export const AUTH_KEYS = Symbol('vigil.auth.keys');

export interface AuthModuleOptions {
  config: AuthConfig & { namespace: string };
  /**
   * Further verifiers, tried after the built-in ones (an external OpenID Provider's, built
   * in when VIGIL_OIDC_ISSUER is set) in this order. Each is a provider whose token is the class itself.
   */
  verifiers?: (Type<AccessTokenVerifier> | (Provider & { provide: Type<AccessTokenVerifier> }))[];
}

function keysOf(config: AuthConfig): AuthKeys {
  const keys: AuthKeys = {
    publicKey: config.authPublicKeyFile === '' ? undefined : readPublicKey(config.authPublicKeyFile),
    tokenKey: config.authTokenKeyFile === '' ? undefined : PersonalTokenKey.fromFile(config.authTokenKeyFile),
  };
  const logger = new Logger('auth');
  if (!keys.publicKey)
    logger.warn('VIGIL_AUTH_PUBLIC_KEY_FILE is not set: access tokens from login are refused');
  if (!keys.tokenKey) logger.warn('VIGIL_AUTH_TOKEN_KEY_FILE is not set: personal API tokens are refused');
  return keys;
}

/**
 * Authentication and authorization of a service's HTTP API: the global guard, the chain of
 * token verifiers (deprecated shared tokens, Vigil access tokens, personal tokens, then any
 * given in `verifiers`), and the shared personal token store.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const { config } = options;
    assertDistinctLegacyTokens(config);
    const keys = keysOf(config);
    const oidc = oidcSettingsOf(config);
    const extra = options.verifiers ?? [];
    const extraTokens = extra.map((provider) => ('provide' in provider ? provider.provide : provider));
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_KEYS, useValue: keys },
        {
          provide: PersonalTokenStore,
          inject: [REDIS_CLIENT],
          useFactory: (redis: Redis) => new RedisPersonalTokenStore(redis, config.namespace),
        },
        {
          provide: AccessTokenRevocations,
          inject: [REDIS_CLIENT],
          useFactory: (redis: Redis) => new RedisAccessTokenRevocations(redis, config.namespace),
        },
        ...extra,
        {
          provide: ACCESS_TOKEN_VERIFIERS,
          inject: [PersonalTokenStore, AccessTokenRevocations, ...extraTokens],
          useFactory: (
            store: PersonalTokenStore,
            revocations: AccessTokenRevocations,
            ...others: AccessTokenVerifier[]
          ): AccessTokenVerifier[] => [
            new LegacyTokenVerifier(config),
            ...(keys.publicKey ? [new VigilAccessTokenVerifier(keys.publicKey, revocations)] : []),
            ...(keys.tokenKey ? [new PersonalTokenVerifier(store, keys.tokenKey)] : []),
            ...(oidc ? [new OidcAccessTokenVerifier(oidc)] : []),
            ...others,
          ],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_KEYS, PersonalTokenStore, AccessTokenRevocations, ACCESS_TOKEN_VERIFIERS],
    };
  }
}

/**
 * @vigil/auth — who is calling and what they may do, for every service's HTTP API: principals
 * (people, personal tokens, services), roles and the permission table, agency scope helpers for
 * the data access layer, the one global guard with its `@Permission` / `@Public` / `@AgencyKey`
 * decorators, Vigil access tokens (JWT, EdDSA) and personal API tokens.
 *
 * An external OpenID Provider (Keycloak, …) is one more AccessTokenVerifier, tried last, on in
 * every service whose config sets VIGIL_OIDC_ISSUER (oidc/, docs/oidc.md).
 */
export * from './principal';
export * from './permissions';
export * from './agency-scope';
export * from './auth.error';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth-config';
export * from './auth.module';
export * from './access-token-verifier';
export * from './access-tokens';
export * from './access-token-revocations';
export * from './personal-tokens';
export * from './redis-personal-token.store';
export * from './legacy-token.verifier';
export * from './shared-tokens';
export * from './declared-routes';
export * from './oidc';

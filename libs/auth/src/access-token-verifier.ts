import type { Principal } from './principal';

/**
 * One way of turning a bearer token into a principal. The guard tries the configured verifiers
 * in order (legacy shared tokens, Vigil access tokens, personal API tokens, then an external
 * OpenID Provider if configured); the first that recognizes the token decides.
 * `undefined` means "not a valid token of mine"; the guard then tries the next.
 */
export abstract class AccessTokenVerifier {
  abstract verify(token: string): Promise<Principal | undefined>;
}

/** DI token of the ordered list of verifiers the guard uses. */
export const ACCESS_TOKEN_VERIFIERS = Symbol('vigil.auth.access-token-verifiers');

import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { AccessTokenVerifier } from '../access-token-verifier';
import { AuthError, AuthErrorCode } from '../auth.error';
import type { Principal } from '../principal';
import { OidcClaimsMapping } from './oidc-claims-mapping';
import { OidcIssuerKeys, providerUnavailable } from './oidc-issuer-keys';
import type { OidcSettings } from './oidc-settings';

/** Header types of access tokens: RFC 9068's `at+jwt` (oidc-provider) and Keycloak's plain `JWT`. */
const ACCESS_TOKEN_TYPES = ['at+jwt', 'application/at+jwt', 'JWT'];

function refuse(reason: string): AuthError {
  return new AuthError(AuthErrorCode.Unauthenticated, `OIDC access token refused: ${reason}`);
}

/**
 * Accepts access tokens of one external OpenID Provider (Keycloak, …): signed by a key of the
 * issuer's key set with an allowed algorithm, for Vigil's audience, within exp/nbf (with a small
 * clock tolerance); its claims become a principal through OidcClaimsMapping. Tokens that are
 * not JWTs or name another issuer are not this verifier's (undefined: the guard tries others).
 */
export class OidcAccessTokenVerifier extends AccessTokenVerifier {
  private readonly keys: OidcIssuerKeys;
  private readonly mapping: OidcClaimsMapping;

  constructor(private readonly settings: OidcSettings) {
    super();
    this.keys = new OidcIssuerKeys(settings.issuer, settings.keySetCooldownSeconds);
    this.mapping = new OidcClaimsMapping(settings);
  }

  async verify(token: string): Promise<Principal | undefined> {
    if (this.claimedIssuer(token) !== this.settings.issuer) return undefined;
    const payload = await this.verified(token);
    // Keycloak marks its ID and refresh tokens in `typ`; only its access tokens say Bearer.
    if (payload['typ'] !== undefined && payload['typ'] !== 'Bearer')
      throw refuse(`a ${JSON.stringify(payload['typ'])} token is not an access token`);
    return this.mapping.principalOf(payload);
  }

  /** The unverified `iss` of a JWT, only to route the token to its verifier. */
  private claimedIssuer(token: string): string | undefined {
    try {
      const issuer = decodeJwt(token).iss;
      return typeof issuer === 'string' ? issuer : undefined;
    } catch {
      return undefined;
    }
  }

  private async verified(token: string): Promise<JWTPayload> {
    const keys = await this.keys.keySet();
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: [...this.settings.audience],
        algorithms: [...this.settings.algorithms],
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      if (protectedHeader.typ !== undefined && !ACCESS_TOKEN_TYPES.includes(protectedHeader.typ))
        throw refuse(`token type ${protectedHeader.typ} is not an access token`);
      return payload;
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
        throw providerUnavailable(`its key set could not be read (${error.message})`);
      if (error instanceof errors.JOSEError) throw refuse(error.message);
      // fetch itself failing (connection refused, DNS) while reloading the key set.
      if (error instanceof TypeError && error.message === 'fetch failed')
        throw providerUnavailable(
          `its key set could not be fetched (${error.cause instanceof Error ? error.cause.message : error.message})`,
        );
      throw error;
    }
  }
}

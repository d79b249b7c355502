import { env, InvalidValue, type ConfigOf, type Reader } from '@vigil/config';
import { oidcConfigSpec } from './oidc/oidc-settings';

/** An optional shared secret: empty when unset, at least 16 characters when set. */
function optionalToken(variable: string): Reader<string> {
  const text = env.string(variable, { default: '', secret: true });
  return {
    ...text,
    describe: 'deprecated shared token (at least 16 characters), optional',
    read(raw) {
      const value = text.read(raw);
      if (value !== '' && value.length < 16)
        throw new InvalidValue(`must be at least 16 characters, got ${value.length}`);
      return value;
    },
  };
}

/** What every service reads to authenticate callers (spread into each service's config spec). */
export function authConfigSpec() {
  return {
    /** Ed25519 public key (PEM, SPKI) that verifies Vigil access tokens; `./vigil up` makes it. */
    authPublicKeyFile: env.string('VIGIL_AUTH_PUBLIC_KEY_FILE', { default: '' }),
    /** Server key of personal API tokens (stored as HMAC-SHA256 under it); `./vigil up` makes it. */
    authTokenKeyFile: env.string('VIGIL_AUTH_TOKEN_KEY_FILE', { default: '' }),
    /** Deprecated (one release): a bootstrap admin credential. Use accounts and personal tokens. */
    adminToken: optionalToken('VIGIL_ADMIN_TOKEN'),
    /** Deprecated (one release): an alias of a rule author. Use accounts and personal tokens. */
    ruleAuthorToken: optionalToken('VIGIL_RULE_AUTHOR_TOKEN'),
    /** An external OpenID Provider (VIGIL_OIDC_*, docs/oidc.md); off while VIGIL_OIDC_ISSUER is unset. */
    ...oidcConfigSpec,
  };
}

export type AuthConfig = ConfigOf<ReturnType<typeof authConfigSpec>>;

import { ConfigError, env, InvalidValue, type ConfigOf, type Reader } from '@vigil/config';
import { ROLES, type Role } from '../principal';

/** Signature algorithms an issuer's public keys can verify; shared-secret (HS*) and `none` never. */
export const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Keycloak-style realm role names: `vigil-analyst` → analyst, … (service credentials are not people). */
const DEFAULT_ROLE_MAP = ROLES.filter((role) => role !== 'service').map((role) => `vigil-${role}=${role}`);

function roleMapReader(variable: string): Reader<ReadonlyMap<string, readonly Role[]>> {
  const list = env.list(variable, { default: DEFAULT_ROLE_MAP });
  return {
    ...list,
    describe: 'comma-separated provider-role=vigil-role pairs',
    read(raw) {
      const map = new Map<string, Role[]>();
      for (const pair of list.read(raw)) {
        const [external, vigil, ...rest] = pair.split('=').map((part) => part.trim());
        if (!external || !vigil || rest.length > 0)
          throw new InvalidValue(`must be provider-role=vigil-role pairs, bad entry "${pair}"`);
        const role = ROLES.find((known) => known === vigil);
        if (role === undefined)
          throw new InvalidValue(`names no Vigil role in "${pair}" (roles: ${ROLES.join(', ')})`);
        map.set(external, [...(map.get(external) ?? []), role]);
      }
      return map;
    },
  };
}

function algorithmsReader(variable: string): Reader<readonly string[]> {
  const list = env.list(variable, { default: ['RS256', 'PS256', 'ES256', 'EdDSA'] });
  return {
    ...list,
    describe: `comma-separated JWS algorithms among ${OIDC_ALGORITHMS.join(', ')}`,
    read(raw) {
      const algorithms = list.read(raw);
      const refused = algorithms.filter(
        (algorithm) => !(OIDC_ALGORITHMS as readonly string[]).includes(algorithm),
      );
      if (refused.length > 0)
        throw new InvalidValue(
          `may name only ${OIDC_ALGORITHMS.join(', ')}; refused "${refused.join(', ')}"`,
        );
      if (algorithms.length === 0) throw new InvalidValue('must name at least one algorithm');
      return algorithms;
    },
  };
}

/**
 * The variables of OIDC sign-in, spread into a service's config spec. Unset VIGIL_OIDC_ISSUER
 * leaves OIDC off; claim names are dotted paths into the token (`realm_access.roles`).
 */
export const oidcConfigSpec = {
  oidcIssuer: env.url('VIGIL_OIDC_ISSUER', {
    default: '',
    describe: 'issuer URL of an OpenID Provider (Keycloak: https://host/realms/<realm>); unset: OIDC off',
  }),
  oidcAudience: env.list('VIGIL_OIDC_AUDIENCE', { default: [] }),
  oidcAlgorithms: algorithmsReader('VIGIL_OIDC_ALGORITHMS'),
  oidcClockToleranceSeconds: env.integer('VIGIL_OIDC_CLOCK_TOLERANCE_SECONDS', {
    default: 30,
    min: 0,
    max: 300,
  }),
  /** Least time between two key-set fetches prompted by an unknown key id (a rotation). */
  oidcKeySetCooldownSeconds: env.integer('VIGIL_OIDC_JWKS_COOLDOWN_SECONDS', {
    default: 30,
    min: 0,
    max: 3600,
  }),
  oidcRolesClaims: env.list('VIGIL_OIDC_ROLES_CLAIM', { default: ['realm_access.roles'] }),
  oidcRoleMap: roleMapReader('VIGIL_OIDC_ROLE_MAP'),
  oidcAgencyClaim: env.string('VIGIL_OIDC_AGENCY_CLAIM', { default: 'agency' }),
  oidcAssessorAgenciesClaim: env.string('VIGIL_OIDC_ASSESSOR_AGENCIES_CLAIM', {
    default: 'assessor_agencies',
  }),
  oidcAssessorValidFromClaim: env.string('VIGIL_OIDC_ASSESSOR_VALID_FROM_CLAIM', {
    default: 'assessor_valid_from',
  }),
  oidcAssessorValidUntilClaim: env.string('VIGIL_OIDC_ASSESSOR_VALID_UNTIL_CLAIM', {
    default: 'assessor_valid_until',
  }),
};
export type OidcConfig = ConfigOf<typeof oidcConfigSpec>;

/** How claims of a verified token become Vigil roles and an agency scope. */
export interface OidcClaimSettings {
  readonly issuer: string;
  readonly rolesClaims: readonly string[];
  readonly roleMap: ReadonlyMap<string, readonly Role[]>;
  readonly agencyClaim: string;
  readonly assessorAgenciesClaim: string;
  readonly assessorValidFromClaim: string;
  readonly assessorValidUntilClaim: string;
}

/** Everything the OIDC access-token verifier needs. */
export interface OidcSettings extends OidcClaimSettings {
  readonly audience: readonly string[];
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly keySetCooldownSeconds: number;
}

/** The OIDC settings of a loaded config; undefined when no issuer is configured (OIDC off). */
export function oidcSettingsOf(config: OidcConfig): OidcSettings | undefined {
  if (config.oidcIssuer === '') return undefined;
  // Without an audience any token of the issuer (for any client) would open Vigil.
  if (config.oidcAudience.length === 0)
    throw new ConfigError([
      {
        variable: 'VIGIL_OIDC_AUDIENCE',
        reason: 'is required when VIGIL_OIDC_ISSUER is set (comma-separated list)',
      },
    ]);
  return {
    issuer: config.oidcIssuer,
    audience: config.oidcAudience,
    algorithms: config.oidcAlgorithms,
    clockToleranceSeconds: config.oidcClockToleranceSeconds,
    keySetCooldownSeconds: config.oidcKeySetCooldownSeconds,
    rolesClaims: config.oidcRolesClaims,
    roleMap: config.oidcRoleMap,
    agencyClaim: config.oidcAgencyClaim,
    assessorAgenciesClaim: config.oidcAssessorAgenciesClaim,
    assessorValidFromClaim: config.oidcAssessorValidFromClaim,
    assessorValidUntilClaim: config.oidcAssessorValidUntilClaim,
  };
}

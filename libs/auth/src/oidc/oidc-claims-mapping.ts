import { ALL_AGENCIES, agencyScopeOf } from '../agency-scope';
import { AuthError, AuthErrorCode } from '../auth.error';
import { SOC_ROLES } from '../permissions';
import { ROLES, type AgencyScope, type Principal, type Role } from '../principal';
import type { OidcClaimSettings } from './oidc-settings';

function refuse(reason: string): AuthError {
  return new AuthError(AuthErrorCode.Forbidden, `OIDC token grants no access to Vigil: ${reason}`);
}

/** The value at a dotted path (`realm_access.roles`), or undefined. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim holding names: a JSON array of strings, or one string of names separated by commas or spaces. */
function namesAt(claims: Record<string, unknown>, path: string): string[] {
  const value = claimAt(claims, path);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((name) => name !== '');
  if (Array.isArray(value))
    return value.filter((name): name is string => typeof name === 'string' && name !== '');
  return [];
}

/** An instant claim as ISO-8601: seconds since the epoch (JWT's NumericDate) or a date string. */
function instantAt(claims: Record<string, unknown>, path: string): string | undefined {
  const value = claimAt(claims, path);
  if (value === undefined || value === null || value === '') return undefined;
  const at = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(at)) throw refuse(`claim ${path} is not a date (${JSON.stringify(value)})`);
  return new Date(at).toISOString();
}

/**
 * Turns the claims of a verified access token into a Vigil principal by the configured mapping:
 * provider roles → Vigil roles (unknown ones ignored), SOC roles → every agency, `agency` → the
 * one agency of the agency claim, `assessor` → the assigned agencies and period. Refuses a token
 * that maps to no role, or that mixes SOC and agency-limited roles (one scope per principal).
 */
export class OidcClaimsMapping {
  private readonly issuerName: string;

  constructor(private readonly settings: OidcClaimSettings) {
    const issuer = new URL(settings.issuer);
    // Host and path: two Keycloak realms on one host are two issuers.
    this.issuerName = `${issuer.host}${issuer.pathname.replace(/\/$/, '')}`;
  }

  principalOf(claims: Record<string, unknown>): Principal {
    const subject = claims['sub'];
    if (typeof subject !== 'string' || subject === '') throw refuse('the token names no subject (sub)');
    const roles = this.rolesOf(claims);
    const name = [claims['name'], claims['preferred_username'], subject].find(
      (candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '',
    );
    return {
      id: `oidc:${subject}@${this.issuerName}`,
      name: name ?? subject,
      roles,
      scope: this.scopeOf(roles, claims),
      method: 'oidc',
    };
  }

  private rolesOf(claims: Record<string, unknown>): Role[] {
    const granted = new Set<Role>();
    for (const path of this.settings.rolesClaims)
      for (const external of namesAt(claims, path))
        for (const role of this.settings.roleMap.get(external) ?? []) granted.add(role);
    if (granted.size === 0)
      throw refuse(`none of the roles in ${this.settings.rolesClaims.join(', ')} maps to a Vigil role`);
    return ROLES.filter((role) => granted.has(role));
  }

  private scopeOf(roles: readonly Role[], claims: Record<string, unknown>): AgencyScope {
    // agency and assessor: the roles limited to some agencies.
    const scoped = roles.filter((role) => !SOC_ROLES.includes(role));
    if (scoped.length === 0) return ALL_AGENCIES;
    if (scoped.length < roles.length || scoped.length > 1)
      throw refuse(`roles ${roles.join(', ')} mix scopes: agency and assessor roles are held alone`);
    if (scoped[0] === 'agency') {
      const agencies = namesAt(claims, this.settings.agencyClaim);
      if (agencies.length !== 1)
        throw refuse(`an agency user's token must name exactly one agency in ${this.settings.agencyClaim}`);
      return agencyScopeOf(agencies);
    }
    const agencies = namesAt(claims, this.settings.assessorAgenciesClaim);
    if (agencies.length === 0)
      throw refuse(
        `an assessor's token must list assigned agencies in ${this.settings.assessorAgenciesClaim}`,
      );
    const validFrom = instantAt(claims, this.settings.assessorValidFromClaim);
    const validUntil = instantAt(claims, this.settings.assessorValidUntilClaim);
    return agencyScopeOf(agencies, {
      ...(validFrom === undefined ? {} : { validFrom }),
      ...(validUntil === undefined ? {} : { validUntil }),
    });
  }
}

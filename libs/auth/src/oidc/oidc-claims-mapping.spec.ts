import { loadConfig } from '@vigil/config';
import { AuthError } from '../auth.error';
import { OidcClaimsMapping } from './oidc-claims-mapping';
import { oidcConfigSpec, oidcSettingsOf } from './oidc-settings';

const ISSUER = 'https://sso.example.gov.vn/realms/soc';

function mapping(variables: Record<string, string> = {}): OidcClaimsMapping {
  const settings = oidcSettingsOf(
    loadConfig(oidcConfigSpec, { VIGIL_OIDC_ISSUER: ISSUER, VIGIL_OIDC_AUDIENCE: 'vigil', ...variables }),
  );
  if (settings === undefined) throw new Error('configured');
  return new OidcClaimsMapping(settings);
}

const claims = (roles: string[], extra: Record<string, unknown> = {}) => ({
  sub: 'f3a1c2d4',
  realm_access: { roles },
  ...extra,
});

function refusalOf(map: () => unknown): string {
  try {
    map();
  } catch (error) {
    if (error instanceof AuthError && error.getStatus() === 403) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('OidcClaimsMapping', () => {
  it('names the principal by issuer host and realm, and by name or username', () => {
    const principal = mapping().principalOf(
      claims(['vigil-admin', 'vigil-analyst'], { preferred_username: 'lan' }),
    );
    expect(principal).toEqual({
      id: 'oidc:f3a1c2d4@sso.example.gov.vn/realms/soc',
      name: 'lan',
      roles: ['admin', 'analyst'],
      scope: { kind: 'all' },
      method: 'oidc',
    });
  });

  it('ignores unknown roles and reads client roles when configured', () => {
    const principal = mapping({
      VIGIL_OIDC_ROLES_CLAIM: 'realm_access.roles,resource_access.vigil.roles',
      VIGIL_OIDC_ROLE_MAP: 'author=rule-author',
    }).principalOf(
      claims(['uma_authorization'], { resource_access: { vigil: { roles: ['author', 'viewer'] } } }),
    );
    expect(principal.roles).toEqual(['rule-author']);
  });

  it('reads an agency from a one-element list or a string claim under a configured name', () => {
    const byList = mapping({ VIGIL_OIDC_AGENCY_CLAIM: 'org.agency' }).principalOf(
      claims(['vigil-agency'], { org: { agency: ['so-tttt'] } }),
    );
    expect(byList.scope).toEqual({ kind: 'agencies', agencies: ['so-tttt'] });
  });

  it('refuses no role, an agency user without exactly one agency, and mixed scopes', () => {
    expect(refusalOf(() => mapping().principalOf(claims(['offline_access'])))).toMatch(
      /maps to a Vigil role/,
    );
    expect(refusalOf(() => mapping().principalOf(claims(['vigil-agency'])))).toMatch(/exactly one agency/);
    expect(
      refusalOf(() => mapping().principalOf(claims(['vigil-agency'], { agency: ['agency-a', 'agency-b'] }))),
    ).toMatch(/exactly one agency/);
    expect(
      refusalOf(() =>
        mapping().principalOf(claims(['vigil-agency', 'vigil-analyst'], { agency: 'agency-a' })),
      ),
    ).toMatch(/mix scopes/);
    expect(refusalOf(() => mapping().principalOf(claims(['vigil-assessor'])))).toMatch(/assigned agencies/);
    expect(
      refusalOf(() =>
        mapping().principalOf(
          claims(['vigil-assessor'], { assessor_agencies: 'a-1', assessor_valid_from: 'soon' }),
        ),
      ),
    ).toMatch(/not a date/);
  });
});

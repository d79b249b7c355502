import { ConfigError, loadConfig } from '@vigil/config';
import { oidcConfigSpec, oidcSettingsOf } from './oidc-settings';

describe('oidcSettingsOf', () => {
  it('leaves OIDC off when no issuer is configured', () => {
    expect(oidcSettingsOf(loadConfig(oidcConfigSpec, {}))).toBeUndefined();
  });

  it('reads Keycloak defaults: realm roles, vigil-<role> names, asymmetric algorithms', () => {
    const settings = oidcSettingsOf(
      loadConfig(oidcConfigSpec, {
        VIGIL_OIDC_ISSUER: 'https://sso.example.gov.vn/realms/soc',
        VIGIL_OIDC_AUDIENCE: 'vigil',
      }),
    );
    expect(settings).toMatchObject({
      issuer: 'https://sso.example.gov.vn/realms/soc',
      audience: ['vigil'],
      rolesClaims: ['realm_access.roles'],
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      clockToleranceSeconds: 30,
      agencyClaim: 'agency',
    });
    expect(settings?.roleMap.get('vigil-analyst')).toEqual(['analyst']);
    expect(settings?.roleMap.has('vigil-service')).toBe(false);
  });

  it('reads a role map, several provider roles to one Vigil role', () => {
    const config = loadConfig(oidcConfigSpec, {
      VIGIL_OIDC_ROLE_MAP: 'soc-l2=analyst, soc-lead=analyst, soc-lead=admin',
    });
    expect(config.oidcRoleMap.get('soc-lead')).toEqual(['analyst', 'admin']);
    expect(config.oidcRoleMap.get('soc-l2')).toEqual(['analyst']);
  });

  it('names the bad variable: unknown role, shared-secret algorithm, missing audience', () => {
    expect(() => loadConfig(oidcConfigSpec, { VIGIL_OIDC_ROLE_MAP: 'soc=superuser' })).toThrow(
      /VIGIL_OIDC_ROLE_MAP names no Vigil role in "soc=superuser"/,
    );
    expect(() => loadConfig(oidcConfigSpec, { VIGIL_OIDC_ROLE_MAP: 'analyst' })).toThrow(
      /VIGIL_OIDC_ROLE_MAP must be/,
    );
    expect(() => loadConfig(oidcConfigSpec, { VIGIL_OIDC_ALGORITHMS: 'RS256,HS256' })).toThrow(
      /VIGIL_OIDC_ALGORITHMS may name only .* refused "HS256"/,
    );
    const withoutAudience = loadConfig(oidcConfigSpec, {
      VIGIL_OIDC_ISSUER: 'https://sso.example.gov.vn/realms/soc',
    });
    expect(() => oidcSettingsOf(withoutAudience)).toThrow(ConfigError);
    expect(() => oidcSettingsOf(withoutAudience)).toThrow(/VIGIL_OIDC_AUDIENCE is required/);
  });
});

import { decodeProtectedHeader } from 'jose';
import { loadConfig } from '@vigil/config';
import { OidcTestProvider, type OidcTestClient } from '@vigil/testing';
import { AuthError } from '../auth.error';
import { OidcAccessTokenVerifier } from './oidc-access-token.verifier';
import { oidcConfigSpec, oidcSettingsOf, type OidcSettings } from './oidc-settings';

const VIGIL = 'https://vigil.example.gov.vn';

const CLIENTS: Record<string, OidcTestClient> = {
  analyst: {
    claims: { realm_access: { roles: ['offline_access', 'vigil-analyst'] }, name: 'Trần Thị Phân Tích' },
  },
  'officer-a': {
    claims: {
      realm_access: { roles: ['vigil-agency'] },
      agency: 'agency-a',
      preferred_username: 'officer.a',
    },
  },
  assessor: {
    claims: {
      realm_access: { roles: ['vigil-assessor'] },
      assessor_agencies: ['agency-a', 'agency-b'],
      assessor_valid_from: '2026-01-01',
      assessor_valid_until: 1798761600,
    },
  },
  'no-vigil-role': { claims: { realm_access: { roles: ['offline_access', 'uma_authorization'] } } },
  'agency-without-agency': { claims: { realm_access: { roles: ['vigil-agency'] } } },
  expired: { claims: { realm_access: { roles: ['vigil-analyst'] } }, timing: { expiresIn: -3600 } },
  'not-yet-valid': { claims: { realm_access: { roles: ['vigil-analyst'] } }, timing: { notBefore: 3600 } },
  // Keycloak marks its ID tokens `typ: ID`; one sent as a bearer token is not an access token.
  'id-token-like': { claims: { realm_access: { roles: ['vigil-analyst'] }, typ: 'ID' } },
};

function settingsFor(issuer: string, variables: Record<string, string> = {}): OidcSettings {
  const settings = oidcSettingsOf(
    loadConfig(oidcConfigSpec, {
      VIGIL_OIDC_ISSUER: issuer,
      VIGIL_OIDC_AUDIENCE: VIGIL,
      VIGIL_OIDC_JWKS_COOLDOWN_SECONDS: '0',
      ...variables,
    }),
  );
  if (settings === undefined) throw new Error('OIDC is configured');
  return settings;
}

/** Asserts the verifier refused the token with an AuthError of that status, its message saying why. */
async function expectRefused(verification: Promise<unknown>, status: number, reason = ''): Promise<void> {
  const error = await verification.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).getStatus()).toBe(status);
  expect((error as AuthError).message).toContain(reason);
}

describe('OidcAccessTokenVerifier against a real OpenID Provider', () => {
  let provider: OidcTestProvider;
  let verifier: OidcAccessTokenVerifier;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({ clients: CLIENTS });
    verifier = new OidcAccessTokenVerifier(settingsFor(provider.issuer));
  });
  afterAll(() => provider.close());

  it('maps a SOC analyst to the analyst role over every agency', async () => {
    const principal = await verifier.verify(await provider.accessToken('analyst', VIGIL));
    expect(principal).toEqual({
      id: `oidc:analyst@${new URL(provider.issuer).host}`,
      name: 'Trần Thị Phân Tích',
      roles: ['analyst'],
      scope: { kind: 'all' },
      method: 'oidc',
    });
  });

  it("limits an agency user to the agency claim's one agency", async () => {
    const principal = await verifier.verify(await provider.accessToken('officer-a', VIGIL));
    expect(principal).toMatchObject({
      name: 'officer.a',
      roles: ['agency'],
      scope: { kind: 'agencies', agencies: ['agency-a'] },
    });
  });

  it("gives an assessor the assigned agencies and period from the token's claims", async () => {
    const principal = await verifier.verify(await provider.accessToken('assessor', VIGIL));
    expect(principal?.roles).toEqual(['assessor']);
    expect(principal?.scope).toEqual({
      kind: 'agencies',
      agencies: ['agency-a', 'agency-b'],
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-01-01T00:00:00.000Z',
    });
  });

  it('refuses a token whose roles map to no Vigil role, and an agency role without an agency', async () => {
    await expectRefused(
      verifier.verify(await provider.accessToken('no-vigil-role', VIGIL)),
      403,
      'maps to a Vigil role',
    );
    await expectRefused(
      verifier.verify(await provider.accessToken('agency-without-agency', VIGIL)),
      403,
      'exactly one agency',
    );
  });

  it('refuses a token for another audience', async () => {
    const token = await provider.accessToken('analyst', 'https://another-service.example');
    await expectRefused(verifier.verify(token), 401, 'aud');
  });

  it('refuses an expired token and one not yet valid', async () => {
    await expectRefused(verifier.verify(await provider.accessToken('expired', VIGIL)), 401, '"exp"');
    await expectRefused(verifier.verify(await provider.accessToken('not-yet-valid', VIGIL)), 401, '"nbf"');
  });

  it('refuses a tampered token: claims changed after signing', async () => {
    const [header, payload, signature] = (await provider.accessToken('officer-a', VIGIL)).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, agency: 'agency-b' })).toString('base64url');
    await expectRefused(
      verifier.verify(`${header}.${forged}.${signature}`),
      401,
      'signature verification failed',
    );
  });

  it('leaves tokens of another issuer, and tokens that are not JWTs, to the other verifiers', async () => {
    const other = await OidcTestProvider.start({ clients: CLIENTS });
    try {
      expect(await verifier.verify(await other.accessToken('analyst', VIGIL))).toBeUndefined();
    } finally {
      await other.close();
    }
    expect(await verifier.verify('vgl_pat_0123456789abcdef')).toBeUndefined();
  });

  it('refuses a token in this issuer’s name signed with another key', async () => {
    const impostor = await OidcTestProvider.start({ clients: CLIENTS, impersonate: provider.issuer });
    try {
      const token = await impostor.accessToken('analyst', VIGIL);
      await expectRefused(verifier.verify(token), 401, 'no applicable key found in the JSON Web Key Set');
    } finally {
      await impostor.close();
    }
  });

  it('refuses an algorithm outside the allowed list', async () => {
    const ecProvider = await OidcTestProvider.start({ clients: CLIENTS, algorithm: 'ES256' });
    try {
      const token = await ecProvider.accessToken('analyst', VIGIL);
      const rsaOnly = new OidcAccessTokenVerifier(
        settingsFor(ecProvider.issuer, { VIGIL_OIDC_ALGORITHMS: 'RS256' }),
      );
      await expectRefused(rsaOnly.verify(token), 401, 'alg');
      const allowed = new OidcAccessTokenVerifier(settingsFor(ecProvider.issuer));
      expect((await allowed.verify(token))?.roles).toEqual(['analyst']);
    } finally {
      await ecProvider.close();
    }
  });

  it('refuses a token that says it is not an access token', async () => {
    await expectRefused(
      verifier.verify(await provider.accessToken('id-token-like', VIGIL)),
      401,
      'not an access token',
    );
  });

  it('answers 503, not 401, while the provider cannot be reached, and discovers it again once back', async () => {
    const down = await OidcTestProvider.start({ clients: CLIENTS });
    const { port } = new URL(down.url);
    const early = new OidcAccessTokenVerifier(settingsFor(down.issuer));
    const token = await down.accessToken('analyst', VIGIL);
    await down.close();
    const error = await early.verify(token).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toEqual(expect.objectContaining({ status: 503 }));
    expect(JSON.stringify((error as { response?: unknown }).response)).toContain('oidc_provider_unavailable');
    const back = await OidcTestProvider.start({ clients: CLIENTS, port: Number(port) });
    try {
      expect(back.issuer).toBe(down.issuer);
      expect((await early.verify(await back.accessToken('analyst', VIGIL)))?.roles).toEqual(['analyst']);
    } finally {
      await back.close();
    }
  });

  it('picks up a key rotation at the provider', async () => {
    const before = await provider.accessToken('analyst', VIGIL);
    expect((await verifier.verify(before))?.roles).toEqual(['analyst']);
    await provider.rotateKeys();
    const after = await provider.accessToken('analyst', VIGIL);
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    expect(decodeProtectedHeader(after).kid).toBe(provider.signingKeyId);
    expect((await verifier.verify(after))?.roles).toEqual(['analyst']);
    expect((await verifier.verify(before))?.roles).toEqual(['analyst']);
  });
});

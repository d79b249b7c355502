import { generateKeyPairSync } from 'node:crypto';
import { AccessTokenRevocations } from './access-token-revocations';
import { agencyScopeOf } from './agency-scope';
import { AccessTokenSigner, VigilAccessTokenVerifier } from './access-tokens';
import type { Principal } from './principal';

describe('Vigil access tokens', () => {
  const keys = generateKeyPairSync('ed25519');
  const signer = new AccessTokenSigner(keys.privateKey);
  const verifier = new VigilAccessTokenVerifier(keys.publicKey);
  const officer: Principal = {
    id: 'u-1',
    name: 'Lê Văn Cường',
    roles: ['agency'],
    scope: agencyScopeOf(['so-tttt']),
    method: 'access-token',
  };

  it('carries the principal: id, name, roles and agency scope', async () => {
    const now = new Date();
    const { token, expiresAt } = await signer.sign(officer, now);
    expect(expiresAt.getTime() - now.getTime()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(await verifier.verify(token)).toEqual(officer);
  });

  it('refuses an expired token', async () => {
    const { token } = await signer.sign(officer, new Date(Date.now() - 16 * 60 * 1000));
    expect(await verifier.verify(token)).toBeUndefined();
  });

  it('refuses a token signed with another key, or altered', async () => {
    const other = new AccessTokenSigner(generateKeyPairSync('ed25519').privateKey);
    expect(await verifier.verify((await other.sign(officer)).token)).toBeUndefined();
    const [header, payload, signature] = (await signer.sign(officer)).token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const widened = Buffer.from(
      JSON.stringify({ ...claims, roles: ['admin'], scope: { kind: 'all' } }),
    ).toString('base64url');
    expect(await verifier.verify(`${header}.${widened}.${signature}`)).toBeUndefined();
  });

  it('leaves tokens that are not JWTs to the other verifiers', async () => {
    expect(await verifier.verify('vgp_0123456789abcdef_x')).toBeUndefined();
    expect(await verifier.verify('a.b.c')).toBeUndefined();
  });

  it('refuses the tokens of a subject issued up to its revocation, not those issued after', async () => {
    const revokedAt = new Map<string, number>();
    const revocations = new (class extends AccessTokenRevocations {
      revokeIssuedBefore(subject: string, at: Date): Promise<void> {
        revokedAt.set(subject, at.getTime());
        return Promise.resolve();
      }
      notAfter(subject: string): Promise<number | undefined> {
        return Promise.resolve(revokedAt.get(subject));
      }
    })();
    const checked = new VigilAccessTokenVerifier(keys.publicKey, revocations);
    const before = (await signer.sign(officer, new Date(Date.now() - 1))).token;
    await revocations.revokeIssuedBefore(officer.id, new Date());
    const after = (await signer.sign(officer, new Date(Date.now() + 1))).token;
    expect(await checked.verify(before)).toBeUndefined();
    expect(await checked.verify(after)).toEqual(officer);
    expect(await verifier.verify(before)).toEqual(officer);
  });
});

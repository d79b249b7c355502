import { randomBytes } from 'node:crypto';
import { ALL_AGENCIES } from './agency-scope';
import {
  issuePersonalToken,
  parsePersonalToken,
  PersonalTokenKey,
  PersonalTokenStore,
  PersonalTokenVerifier,
  type PersonalTokenRecord,
} from './personal-tokens';

class MapStore extends PersonalTokenStore {
  readonly records = new Map<string, PersonalTokenRecord>();
  get(id: string): Promise<PersonalTokenRecord | undefined> {
    return Promise.resolve(this.records.get(id));
  }
  save(record: PersonalTokenRecord): Promise<void> {
    this.records.set(record.id, record);
    return Promise.resolve();
  }
  listOf(ownerId: string): Promise<PersonalTokenRecord[]> {
    return Promise.resolve([...this.records.values()].filter((record) => record.ownerId === ownerId));
  }
  revoke(id: string): Promise<boolean> {
    return Promise.resolve(this.records.delete(id));
  }
  revokeAllOf(): Promise<number> {
    const count = this.records.size;
    this.records.clear();
    return Promise.resolve(count);
  }
}

describe('personal API tokens', () => {
  const key = new PersonalTokenKey(randomBytes(32));
  const setup = (expiresAt = new Date(Date.now() + 3600_000).toISOString()) => {
    const store = new MapStore();
    const issued = issuePersonalToken(key);
    const record: PersonalTokenRecord = {
      id: issued.id,
      name: 'ci',
      ownerId: 'u-1',
      ownerName: 'Phạm Thị Dung',
      roles: ['rule-author'],
      scope: ALL_AGENCIES,
      digest: issued.digest,
      createdAt: new Date().toISOString(),
      expiresAt,
    };
    store.records.set(record.id, record);
    return { store, issued, verifier: new PersonalTokenVerifier(store, key) };
  };

  it('are kept as an HMAC-SHA256 of the secret, never the secret', () => {
    const issued = issuePersonalToken(key);
    const secret = parsePersonalToken(issued.plaintext)?.secret ?? '';
    expect(issued.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.digest).not.toContain(secret);
    expect(key.matches(secret, issued.digest)).toBe(true);
    expect(new PersonalTokenKey(randomBytes(32)).matches(secret, issued.digest)).toBe(false);
  });

  it('authenticate their owner with the roles chosen for the token', async () => {
    const { issued, verifier } = setup();
    expect(await verifier.verify(issued.plaintext)).toMatchObject({
      id: 'u-1',
      name: 'Phạm Thị Dung',
      roles: ['rule-author'],
      method: 'personal-token',
    });
  });

  it('are refused once revoked, expired, or with a wrong secret', async () => {
    const revoked = setup();
    await revoked.store.revoke(revoked.issued.id);
    expect(await revoked.verifier.verify(revoked.issued.plaintext)).toBeUndefined();

    const expired = setup(new Date(Date.now() - 1000).toISOString());
    expect(await expired.verifier.verify(expired.issued.plaintext)).toBeUndefined();

    const forged = setup();
    const wrongSecret = `vgp_${forged.issued.id}_${'A'.repeat(43)}`;
    expect(await forged.verifier.verify(wrongSecret)).toBeUndefined();
  });

  it('leave other tokens to other verifiers', async () => {
    const { verifier } = setup();
    expect(await verifier.verify('eyJ.a.b')).toBeUndefined();
    expect(parsePersonalToken('vgl_0123456789ab_secret')).toBeUndefined();
  });

  it('need a server key of at least 256 bits', () => {
    expect(() => new PersonalTokenKey(randomBytes(16))).toThrow(/32 bytes/);
  });
});

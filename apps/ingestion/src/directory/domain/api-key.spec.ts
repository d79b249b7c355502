import { PersonalTokenKey } from '@vigil/auth';
import { randomBytes } from 'node:crypto';
import { issueApiKey, verifyApiKey } from './api-key';

const hasher = new PersonalTokenKey(randomBytes(32));

describe('API keys', () => {
  it('are issued as HMAC under the server key when there is one, with scrypt otherwise', async () => {
    const hmac = await issueApiKey(new Date(), hasher);
    const scrypt = await issueApiKey(new Date());

    expect(hmac.stored).toMatchObject({ scheme: 'hmac-sha256', salt: '' });
    expect(await verifyApiKey(hmac.plaintext, hmac.stored, hasher)).toEqual({ valid: true });
    expect(scrypt.stored.scheme).toBeUndefined();
    expect(scrypt.stored.salt).not.toBe('');
  });

  it('offer a scrypt-stored key back as HMAC under the server key when it matches', async () => {
    const { plaintext, stored } = await issueApiKey(new Date('2026-12-01T00:00:00Z'));

    const check = await verifyApiKey(plaintext, stored, hasher);

    expect(check.valid).toBe(true);
    expect(check.upgraded).toMatchObject({
      id: stored.id,
      scheme: 'hmac-sha256',
      salt: '',
      createdAt: stored.createdAt,
    });
    expect(check.upgraded?.hash).not.toBe(stored.hash);
    expect(await verifyApiKey(plaintext, check.upgraded!, hasher)).toEqual({ valid: true });
  });

  it('offer no upgrade for a wrong secret, nor without a server key', async () => {
    const { plaintext, stored } = await issueApiKey(new Date());
    const wrong = `${plaintext.slice(0, -1)}${plaintext.endsWith('A') ? 'B' : 'A'}`;

    expect(await verifyApiKey(wrong, stored, hasher)).toEqual({ valid: false });
    expect(await verifyApiKey(plaintext, stored)).toEqual({ valid: true });
  });

  it('refuse an HMAC-stored key with a wrong secret, another server key or none', async () => {
    const { plaintext, stored } = await issueApiKey(new Date());
    const upgraded = (await verifyApiKey(plaintext, stored, hasher)).upgraded!;
    const wrong = `${plaintext.slice(0, -1)}${plaintext.endsWith('A') ? 'B' : 'A'}`;

    expect((await verifyApiKey(wrong, upgraded, hasher)).valid).toBe(false);
    expect((await verifyApiKey(plaintext, upgraded, new PersonalTokenKey(randomBytes(32)))).valid).toBe(
      false,
    );
    expect((await verifyApiKey(plaintext, upgraded)).valid).toBe(false);
  });
});

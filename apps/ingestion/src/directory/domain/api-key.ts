import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** A stored API key: the id is public (it is in the key), the secret only as a slow hash. */
export interface StoredApiKey {
  id: string;
  salt: string;
  hash: string;
  createdAt: string;
  revokedAt?: string;
}

const PREFIX = 'vgl';
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

/** A new key `vgl_<id>_<secret>`: shown once, stored hashed with scrypt. */
export async function issueApiKey(now: Date): Promise<{ plaintext: string; stored: StoredApiKey }> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  const hash = await slowHash(secret, salt);
  return { plaintext: `${PREFIX}_${id}_${secret}`, stored: { id, salt, hash, createdAt: now.toISOString() } };
}

/** The key id of a presented key, or undefined when it does not have the shape of a Vigil key. */
export function keyIdOf(plaintext: string): string | undefined {
  const match = /^vgl_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(plaintext);
  return match?.[1];
}

export async function verifyApiKey(plaintext: string, stored: StoredApiKey): Promise<boolean> {
  const secret = plaintext.split('_').slice(2).join('_');
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = Buffer.from(await slowHash(secret, stored.salt), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A fast digest of a presented key, for caching verification results (never stored). */
export function keyDigest(plaintext: string): string {
  return createHash('sha256').update(plaintext).digest('hex');
}

function slowHash(secret: string, salt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (error, key) => {
      if (error) reject(error);
      else resolve(key.toString('hex'));
    });
  });
}

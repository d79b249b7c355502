import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * A stored API key: the id is public (it is in the key), the secret only as a hash. Keys
 * issued before #12 item 6 carry a scrypt hash (no `scheme`); they become `hmac-sha256` on
 * their next good use.
 */
export interface StoredApiKey {
  id: string;
  /** Empty for hmac-sha256: the server key stands in for a salt. */
  salt: string;
  hash: string;
  scheme?: 'hmac-sha256';
  createdAt: string;
  revokedAt?: string;
}

/**
 * The server-side keyed hash (the personal-token key, VIGIL_AUTH_TOKEN_KEY_FILE). A machine
 * key's secret has 192 random bits, so a keyed fast hash is as safe as scrypt against a leaked
 * directory and costs microseconds instead of a thread-pool slot for ~185 ms per attempt.
 */
export interface ApiKeyHasher {
  digest(secret: string): string;
  matches(secret: string, digest: string): boolean;
}

/** Whether a presented key matched, and the stored form to write back when it should move to HMAC. */
export interface ApiKeyCheck {
  valid: boolean;
  upgraded?: StoredApiKey;
}

const PREFIX = 'vgl';
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

/**
 * A new key `vgl_<id>_<secret>`: shown once, stored as HMAC under the server key, or with scrypt
 * when this instance has no server key.
 */
export async function issueApiKey(
  now: Date,
  hasher?: ApiKeyHasher,
): Promise<{ plaintext: string; stored: StoredApiKey }> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  if (hasher) {
    const stored: StoredApiKey = {
      id,
      salt: '',
      hash: hasher.digest(secret),
      scheme: 'hmac-sha256',
      createdAt: now.toISOString(),
    };
    return { plaintext: `${PREFIX}_${id}_${secret}`, stored };
  }
  const salt = randomBytes(16).toString('hex');
  const hash = await slowHash(secret, salt);
  return { plaintext: `${PREFIX}_${id}_${secret}`, stored: { id, salt, hash, createdAt: now.toISOString() } };
}

/** The key id of a presented key, or undefined when it does not have the shape of a Vigil key. */
export function keyIdOf(plaintext: string): string | undefined {
  const match = /^vgl_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(plaintext);
  return match?.[1];
}

/**
 * Checks a presented key against its stored form. An HMAC-stored key needs the hasher (without
 * one it never matches); a scrypt-stored key that matches is offered back as HMAC when a hasher
 * is given.
 */
export async function verifyApiKey(
  plaintext: string,
  stored: StoredApiKey,
  hasher?: ApiKeyHasher,
): Promise<ApiKeyCheck> {
  const secret = plaintext.split('_').slice(2).join('_');
  if (stored.scheme === 'hmac-sha256') return { valid: hasher?.matches(secret, stored.hash) ?? false };
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = Buffer.from(await slowHash(secret, stored.salt), 'hex');
  const valid = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (!valid || !hasher) return { valid };
  return { valid, upgraded: { ...stored, salt: '', hash: hasher.digest(secret), scheme: 'hmac-sha256' } };
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

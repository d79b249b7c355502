import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { IdentityError, IdentityErrorCode } from './identity.error';

/** A password as kept: scrypt with its own salt and the parameters it was made with. */
export interface PasswordHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

/**
 * OWASP's Password Storage Cheat Sheet minimum for scrypt: N=2^17, r=8, p=1. That takes
 * 128·N·r = 128 MiB, over Node's default 32 MiB limit, hence maxmem.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 17, r: 8, p: 1, keylen: 32 } as const;
const MAXMEM = 256 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;
/** Longer input is refused before hashing: a megabyte "password" must not cost the server. */
export const PASSWORD_MAX_LENGTH = 256;

export function assertAcceptablePassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH)
    throw new IdentityError(
      IdentityErrorCode.InvalidRequest,
      `a password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`,
    );
}

/**
 * scrypt runs on libuv's thread pool (4 threads by default), which intake's gzip and file reads
 * share, and each hash holds 128 MiB: a flood of logins must neither starve intake nor take the
 * memory. At most two hashes run at once, a bounded queue waits, beyond it logins are refused
 * with 503 (retry shortly).
 */
const MAX_RUNNING = 2;
const MAX_WAITING = 64;
let running = 0;
const waiting: (() => void)[] = [];

async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING)
      throw new IdentityError(IdentityErrorCode.Busy, 'too many logins at once; retry shortly', {
        retry_after_seconds: 1,
      });
    // The slot is handed over by the one finishing (running stays as it is).
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(
  password: string,
  salt: string,
  parameters: { N: number; r: number; p: number },
): Promise<Buffer> {
  return inHashingSlot(() => scryptOf(password, salt, parameters));
}

function scryptOf(
  password: string,
  salt: string,
  parameters: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      SCRYPT_PARAMETERS.keylen,
      { ...parameters, maxmem: MAXMEM },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

export async function hashPassword(
  password: string,
  parameters: { N: number; r: number; p: number } = SCRYPT_PARAMETERS,
): Promise<PasswordHash> {
  const salt = randomBytes(16).toString('hex');
  const { N, r, p } = parameters;
  return {
    algorithm: 'scrypt',
    N,
    r,
    p,
    salt,
    hash: (await derive(password, salt, { N, r, p })).toString('hex'),
  };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = await derive(password, stored.salt, stored);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Compared against when the account does not exist, so its absence costs the same time. */
let decoy: Promise<PasswordHash> | undefined;
export function decoyHash(): Promise<PasswordHash> {
  decoy ??= hashPassword(randomBytes(18).toString('base64'));
  return decoy;
}

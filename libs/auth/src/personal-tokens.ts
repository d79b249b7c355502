import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AccessTokenVerifier } from './access-token-verifier';
import type { AgencyScope, Principal, Role } from './principal';

/** A personal API token as kept: never the secret, only its HMAC under the server key. */
export interface PersonalTokenRecord {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  /** A subset of the owner's roles, fixed when the token is made. */
  roles: Role[];
  scope: AgencyScope;
  /** HMAC-SHA256 of the secret under the server key, hex. */
  digest: string;
  createdAt: string;
  expiresAt: string;
}

const FORMAT = /^vgp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * The server key personal tokens are hashed under (HMAC-SHA256). The tokens carry 256 random
 * bits, so a keyed fast hash is enough; the key keeps a copy of the store from being checked
 * offline against guessed tokens.
 */
export class PersonalTokenKey {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the personal token key must be at least 32 bytes');
  }

  static fromFile(file: string): PersonalTokenKey {
    return new PersonalTokenKey(readFileSync(file));
  }

  digest(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('hex');
  }

  matches(secret: string, digest: string): boolean {
    const expected = Buffer.from(digest, 'hex');
    const actual = Buffer.from(this.digest(secret), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

/** A new token `vgp_<id>_<secret>` (shown once) and what is kept of it. */
export function issuePersonalToken(key: PersonalTokenKey): { plaintext: string; id: string; digest: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { plaintext: `vgp_${id}_${secret}`, id, digest: key.digest(secret) };
}

/** The id and secret of a presented token; undefined when it is not shaped like one. */
export function parsePersonalToken(token: string): { id: string; secret: string } | undefined {
  const match = FORMAT.exec(token);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

/** Where personal tokens are kept, shared by every instance of every service. */
export abstract class PersonalTokenStore {
  abstract get(id: string): Promise<PersonalTokenRecord | undefined>;
  abstract save(record: PersonalTokenRecord): Promise<void>;
  abstract listOf(ownerId: string): Promise<PersonalTokenRecord[]>;
  /** Removes the token at once; returns whether it existed (and belonged to the owner, if given). */
  abstract revoke(id: string, ownerId?: string): Promise<boolean>;
  abstract revokeAllOf(ownerId: string): Promise<number>;
}

/**
 * Checks a personal token against the shared store on every request, so a token revoked on any
 * instance is refused by every instance on the next request.
 */
export class PersonalTokenVerifier extends AccessTokenVerifier {
  constructor(
    private readonly store: PersonalTokenStore,
    private readonly key: PersonalTokenKey,
  ) {
    super();
  }

  async verify(token: string, now = new Date()): Promise<Principal | undefined> {
    const parsed = parsePersonalToken(token);
    if (!parsed) return undefined;
    const record = await this.store.get(parsed.id);
    if (!record || !this.key.matches(parsed.secret, record.digest)) return undefined;
    if (Date.parse(record.expiresAt) <= now.getTime()) return undefined;
    return {
      id: record.ownerId,
      name: record.ownerName,
      roles: record.roles,
      scope: record.scope,
      method: record.roles.includes('service') ? 'service' : 'personal-token',
    };
  }
}

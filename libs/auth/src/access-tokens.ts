import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AccessTokenRevocations } from './access-token-revocations';
import { AccessTokenVerifier } from './access-token-verifier';
import { ROLES, type AgencyScope, type Principal, type Role } from './principal';

const ISSUER = 'vigil';
const AUDIENCE = 'vigil';
const ALGORITHM = 'EdDSA';
/** Access tokens live 15 minutes; a refresh token (rotating, revocable) gets the next one. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

export const readPublicKey = (file: string): KeyObject => createPublicKey(readFileSync(file));
export const readPrivateKey = (file: string): KeyObject => createPrivateKey(readFileSync(file));

/** Signs Vigil access tokens (JWT, EdDSA) with the private key only ingestion's identity holds. */
export class AccessTokenSigner {
  constructor(
    private readonly privateKey: KeyObject,
    private readonly lifetimeSeconds = ACCESS_TOKEN_SECONDS,
  ) {}

  async sign(
    principal: Principal,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date; expiresIn: number }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.lifetimeSeconds) * 1000);
    const token = await new SignJWT({
      name: principal.name,
      roles: principal.roles,
      scope: principal.scope,
      // `iat` is in whole seconds; revocation compares to the millisecond.
      issued_ms: now.getTime(),
    })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(principal.id)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.privateKey);
    return { token, expiresAt, expiresIn: this.lifetimeSeconds };
  }
}

/**
 * Verifies Vigil access tokens with the public key every service is given, and (with the shared
 * revocations) refuses those issued before their subject was disabled or narrowed.
 */
export class VigilAccessTokenVerifier extends AccessTokenVerifier {
  constructor(
    private readonly publicKey: KeyObject,
    private readonly revocations?: AccessTokenRevocations,
  ) {
    super();
  }

  async verify(token: string, now = new Date()): Promise<Principal | undefined> {
    // Not a JWT at all: someone else's token (a personal token, a shared secret).
    if (token.split('.').length !== 3) return undefined;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
        typ: 'at+jwt',
        currentDate: now,
      }));
    } catch {
      return undefined;
    }
    const principal = principalOf(payload);
    if (!principal || !this.revocations) return principal;
    const notAfter = await this.revocations.notAfter(principal.id);
    const issuedMs = typeof payload.issued_ms === 'number' ? payload.issued_ms : (payload.iat ?? 0) * 1000;
    return notAfter !== undefined && issuedMs <= notAfter ? undefined : principal;
  }
}

function principalOf(payload: JWTPayload): Principal | undefined {
  const { sub, name, roles, scope } = payload;
  if (typeof sub !== 'string' || typeof name !== 'string') return undefined;
  if (!Array.isArray(roles) || !roles.every(isRole)) return undefined;
  if (!isScope(scope)) return undefined;
  return { id: sub, name, roles, scope, method: 'access-token' };
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isScope(value: unknown): value is AgencyScope {
  if (typeof value !== 'object' || value === null) return false;
  const scope = value as Record<string, unknown>;
  if (scope.kind === 'all') return true;
  const optionalDate = (field: unknown): boolean =>
    field === undefined || (typeof field === 'string' && !Number.isNaN(Date.parse(field)));
  return (
    scope.kind === 'agencies' &&
    Array.isArray(scope.agencies) &&
    scope.agencies.every((agency) => typeof agency === 'string') &&
    optionalDate(scope.validFrom) &&
    optionalDate(scope.validUntil)
  );
}

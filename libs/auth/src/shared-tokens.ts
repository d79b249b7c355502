import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The roles a service's HTTP API knows by bearer token (`Authorization: Bearer <token>`). Tokens
 * are kept as digests and compared in constant time, so neither their content nor their length
 * leaks through response timing.
 */
export class BearerTokens<R extends string> {
  private readonly tokens: { role: R; digest: Buffer }[];

  constructor(tokens: Record<R, string>) {
    this.tokens = (Object.entries(tokens) as [R, string][]).map(([role, token]) => ({
      role,
      digest: digest(token),
    }));
  }

  /** The role whose token the header carries; undefined for no, a malformed or an unknown token. */
  roleOf(authorization: string | undefined): R | undefined {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const presented = digest(token);
    let found: R | undefined;
    // Every token is compared, whichever matches, so the time does not say which role it was.
    for (const candidate of this.tokens)
      if (timingSafeEqual(candidate.digest, presented)) found ??= candidate.role;
    return found;
  }
}

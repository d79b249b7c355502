import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The token of `Authorization: Bearer <token>`; undefined for no or another scheme. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return token === undefined || token === '' ? undefined : token;
}

/**
 * Named shared secrets (the deprecated VIGIL_ADMIN_TOKEN / VIGIL_RULE_AUTHOR_TOKEN). Kept as
 * digests and compared in constant time, every one of them, so neither their content, their
 * length nor which one matched leaks through response timing.
 */
export class SharedTokens<N extends string> {
  private readonly tokens: { name: N; digest: Buffer }[];

  constructor(tokens: Partial<Record<N, string>>) {
    this.tokens = (Object.entries(tokens) as [N, string | undefined][])
      .filter((entry): entry is [N, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([name, token]) => ({ name, digest: digest(token) }));
  }

  /** The name of the token presented; undefined for an unknown one. */
  nameOf(token: string): N | undefined {
    const presented = digest(token);
    let found: N | undefined;
    for (const candidate of this.tokens)
      if (timingSafeEqual(candidate.digest, presented)) found ??= candidate.name;
    return found;
  }
}

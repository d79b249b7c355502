import { ServiceUnavailableException } from '@nestjs/common';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

const FETCH_TIMEOUT_MS = 5000;

export function providerUnavailable(reason: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    error: 'oidc_provider_unavailable',
    message: `the OpenID Provider cannot be reached to verify the token: ${reason}`,
  });
}

/**
 * The signing keys of one issuer: its discovery document names the key set (jwks_uri), which
 * jose fetches, caches, and fetches again when a token names a key id it does not hold (a key
 * rotation at the provider), at most once per cooldown. Discovery happens on the first token,
 * so a service starts while the provider is down, and is retried after a failure.
 */
export class OidcIssuerKeys {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(
    private readonly issuer: string,
    private readonly cooldownSeconds: number,
  ) {}

  keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const url = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw providerUnavailable(
        `discovery at ${url} failed (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    // OpenID Connect Discovery §4.3: the document must be the configured issuer's own.
    if (document.issuer !== this.issuer)
      throw providerUnavailable(`discovery at ${url} names issuer ${JSON.stringify(document.issuer)}`);
    if (typeof document.jwks_uri !== 'string')
      throw providerUnavailable(`discovery at ${url} names no jwks_uri`);
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: FETCH_TIMEOUT_MS,
      cooldownDuration: this.cooldownSeconds * 1000,
    });
  }
}

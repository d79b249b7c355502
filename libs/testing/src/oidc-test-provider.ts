import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';

/** A client of the test provider: the claims its access tokens carry (as Keycloak's mappers would add). */
export interface OidcTestClient {
  readonly claims?: Record<string, unknown>;
  /** Seconds from now; a past `expiresIn` gives an expired token, a future `notBefore` one not yet valid. */
  readonly timing?: { readonly expiresIn?: number; readonly notBefore?: number };
}

export interface OidcTestProviderOptions {
  readonly clients: Record<string, OidcTestClient>;
  /** Signing algorithm of access tokens (a key for it is generated). */
  readonly algorithm?: 'RS256' | 'ES256';
  /** Sign in another provider's name: tokens carry this `iss` but this provider's keys. */
  readonly impersonate?: string;
  /** Listen on this port (a provider coming back where it was); any free port otherwise. */
  readonly port?: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Stores nothing: JWT access tokens of the client-credentials grant carry all their state. (The
 * provider's own in-memory adapter would work too, but warns on every start that it is not for production.)
 */
class StatelessAdapter {
  upsert(): Promise<void> {
    return Promise.resolve();
  }
  find(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  findByUid(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  findByUserCode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  consume(): Promise<void> {
    return Promise.resolve();
  }
  destroy(): Promise<void> {
    return Promise.resolve();
  }
  revokeByGrantId(): Promise<void> {
    return Promise.resolve();
  }
}

type SigningKey = JsonWebKey & { kid: string };

function signingKey(algorithm: 'RS256' | 'ES256'): SigningKey {
  const { privateKey } =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: algorithm };
}

/**
 * A real OpenID Provider (oidc-provider, the certified Node implementation) on 127.0.0.1, issuing
 * JWT access tokens by the client-credentials grant with a resource indicator (the resource is
 * the token's audience). Tests use it as Vigil deployments use Keycloak: through discovery and
 * the key set. `rotateKeys` puts a new signing key in front, keeping the old one published.
 */
export class OidcTestProvider {
  private handler!: Handler;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly options: OidcTestProviderOptions,
    private keys: SigningKey[],
  ) {}

  static async start(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
    let current: Handler = (_request, response) => {
      response.writeHead(503).end();
    };
    const server = createServer((request, response) => {
      current(request, response);
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const issuer = options.impersonate ?? `http://127.0.0.1:${port}`;
    const provider = new OidcTestProvider(server, issuer, options, [
      signingKey(options.algorithm ?? 'RS256'),
    ]);
    await provider.serve();
    current = (request, response) => {
      provider.handler(request, response);
    };
    return provider;
  }

  /** Where the provider listens (differs from `issuer` when impersonating). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The key id the provider signs with now. */
  get signingKeyId(): string {
    return this.keys[0].kid;
  }

  /** A JWT access token for the client, for the resource (audience) given. */
  async accessToken(clientId: string, resource: string): Promise<string> {
    const response = await fetch(`${this.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: `secret-of-${clientId}`,
        resource,
        scope: 'vigil',
      }),
    });
    const body = (await response.json()) as {
      access_token?: string;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || body.access_token === undefined)
      throw new Error(`token request failed: ${response.status} ${body.error} ${body.error_description}`);
    return body.access_token;
  }

  /** A new signing key; the previous one stays in the key set for tokens already issued. */
  async rotateKeys(): Promise<void> {
    this.keys = [signingKey(this.options.algorithm ?? 'RS256'), ...this.keys];
    await this.serve();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private async serve(): Promise<void> {
    const { default: OidcProvider } = await import('oidc-provider');
    const algorithm = this.options.algorithm ?? 'RS256';
    const clientOf = (clientId: unknown): OidcTestClient | undefined =>
      this.options.clients[String(clientId)];
    const provider: Provider = new OidcProvider(this.issuer, {
      clients: Object.keys(this.options.clients).map((clientId) => ({
        client_id: clientId,
        client_secret: `secret-of-${clientId}`,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: algorithm,
      })),
      adapter: StatelessAdapter,
      jwks: { keys: this.keys },
      scopes: ['vigil'],
      ttl: { ClientCredentials: 300 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          getResourceServerInfo: (_ctx, resource) => ({
            audience: resource,
            scope: 'vigil',
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: algorithm } },
          }),
        },
      },
      extraTokenClaims: (_ctx, token) => clientOf(token.clientId)?.claims,
      formats: {
        customizers: {
          jwt: (_ctx, token, jwt) => {
            const timing = clientOf(token.clientId)?.timing;
            const now = Math.floor(Date.now() / 1000);
            if (timing?.expiresIn !== undefined) {
              jwt.payload.iat = Math.min(now, now + timing.expiresIn - 60);
              jwt.payload.exp = now + timing.expiresIn;
            }
            if (timing?.notBefore !== undefined) jwt.payload.nbf = now + timing.notBefore;
          },
        },
      },
    });
    const callback = provider.callback();
    // Koa answers its own errors; the promise only says when the response is done.
    this.handler = (request, response) => {
      void callback(request, response);
    };
  }
}

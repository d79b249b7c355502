import { Client, type ClientOptions } from '@elastic/elasticsearch';
import { type ElasticsearchSecurity } from '@vigil/config';
import { readFileSync } from 'node:fs';

export type ElasticsearchClient = Client;

/**
 * The Elasticsearch client. Works with 8.x and 9.x servers (client 8.19). Readiness uses cluster
 * health: the reduced local distribution has no `GET /`, so ping()/info() must not be relied on.
 */
export function createElasticsearchClient(url: string, security: ElasticsearchSecurity = {}): Client {
  return new Client({
    node: url,
    maxRetries: 2,
    requestTimeout: 30000,
    compression: false,
    ...elasticsearchSecurityOptions(security),
  });
}

/**
 * The client's `auth` and `tls` for the configured security. Credentials in the URL's userinfo
 * still work when no variable sets them (the client reads them itself).
 */
export function elasticsearchSecurityOptions(
  security: ElasticsearchSecurity,
): Pick<ClientOptions, 'auth' | 'tls'> {
  return {
    ...(security.auth ? { auth: security.auth } : {}),
    ...(security.caFile ? { tls: { ca: readFileSync(security.caFile), rejectUnauthorized: true } } : {}),
  };
}

/** The HTTP status of an Elasticsearch client error (404, 409 …), or undefined for a connection failure. */
export function elasticsearchStatusOf(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } }).meta?.statusCode;
}

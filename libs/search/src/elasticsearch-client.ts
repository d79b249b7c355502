import { Client } from '@elastic/elasticsearch';

export type ElasticsearchClient = Client;

/**
 * The Elasticsearch client. Works with 8.x and 9.x servers (client 8.19). Readiness uses cluster
 * health: the reduced local distribution has no `GET /`, so ping()/info() must not be relied on.
 */
export function createElasticsearchClient(url: string): Client {
  return new Client({ node: url, maxRetries: 2, requestTimeout: 30000, compression: false });
}

/** The HTTP status of an Elasticsearch client error (404, 409 …), or undefined for a connection failure. */
export function elasticsearchStatusOf(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } }).meta?.statusCode;
}

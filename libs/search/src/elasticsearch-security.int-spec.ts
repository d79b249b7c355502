import { errors } from '@elastic/elasticsearch';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  hostPort,
  makeCertificateAuthority,
  serviceAddresses,
  serviceSecurity,
  startTlsProxy,
  type TestCertificateAuthority,
  type TlsProxy,
} from '@vigil/testing';
import {
  createElasticsearchClient,
  elasticsearchStatusOf,
  type ElasticsearchClient,
} from './elasticsearch-client';

// The local stack runs Elasticsearch with security on (deploy/local/stack.sh); the tests' credentials
// come from .vigil/secrets.env or VIGIL_ELASTICSEARCH_USERNAME/PASSWORD.
const { elasticsearchUrl } = serviceAddresses();
const security = serviceSecurity().elasticsearchSecurity;
const bareUrl = (() => {
  const url = new URL(elasticsearchUrl);
  url.username = '';
  url.password = '';
  return url.toString();
})();
const clients: ElasticsearchClient[] = [];
const client = (url: string, settings: Parameters<typeof createElasticsearchClient>[1] = {}) => {
  const made = createElasticsearchClient(url, settings);
  clients.push(made);
  return made;
};
const health = (es: ElasticsearchClient) =>
  es.cluster.health({ timeout: '5s' }, { requestTimeout: 10000, maxRetries: 0 });

afterAll(async () => {
  await Promise.all(clients.map((es) => es.close()));
});

describe('Elasticsearch with security on', () => {
  it('refuses a client without credentials (401)', async () => {
    expect(security.auth).toBeDefined();
    const error: unknown = await health(client(bareUrl)).catch((caught: unknown) => caught);
    expect(elasticsearchStatusOf(error)).toBe(401);
  });

  it('refuses a wrong password (401)', async () => {
    const error: unknown = await health(
      client(bareUrl, { auth: { username: 'elastic', password: 'not-the-password' } }),
    ).catch((caught: unknown) => caught);
    expect(elasticsearchStatusOf(error)).toBe(401);
  });

  it('answers the configured user', async () => {
    const answer = await health(client(bareUrl, security));
    expect(['green', 'yellow']).toContain(answer.status);
  });
});

describe('Elasticsearch API keys', () => {
  // The local integration-test distribution cannot issue API keys (its .security index needs the
  // analysis-common module it lacks), so this checks what the client sends, to a listener of ours.
  it('are sent as `Authorization: ApiKey <key>`, in place of basic credentials', async () => {
    const seen: (string | undefined)[] = [];
    const listener = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      response.end(JSON.stringify({ cluster_name: 'capture', status: 'green' }));
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = listener.address() as AddressInfo;
      await health(
        client(`http://elastic:in-the-url@127.0.0.1:${port}`, { auth: { apiKey: 'a2V5OnNlY3JldA==' } }),
      );
      expect(seen).toEqual(['ApiKey a2V5OnNlY3JldA==']);
    } finally {
      listener.close();
    }
  });
});

describe('Elasticsearch over TLS with a CA file', () => {
  let authority: TestCertificateAuthority;
  let proxy: TlsProxy;
  let httpsUrl: string;

  beforeAll(async () => {
    authority = makeCertificateAuthority();
    proxy = await startTlsProxy(hostPort(bareUrl, 9200), authority);
    httpsUrl = `https://127.0.0.1:${proxy.port}`;
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('verifies the server with the configured CA and logs in through it', async () => {
    const answer = await health(client(httpsUrl, { ...security, caFile: authority.caFile }));
    expect(['green', 'yellow']).toContain(answer.status);
    expect(proxy.handshakes.total).toBeGreaterThan(0);
  });

  it('refuses a server its CA did not sign', async () => {
    const error: unknown = await health(
      client(httpsUrl, { ...security, caFile: authority.otherCaFile }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errors.ConnectionError);
    expect(String(error)).toMatch(/self.signed|unable to (get|verify)|certificate/i);
  });
});

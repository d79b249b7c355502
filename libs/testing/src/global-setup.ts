import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dockerAnswers, startContainers } from './containers';
import { hostPort, serviceAddresses, tcpAnswers } from './services';

const VARIABLES = ['VIGIL_KAFKA_BROKERS', 'VIGIL_ELASTICSEARCH_URL', 'VIGIL_REDIS_URL'] as const;

async function unreachable(): Promise<string[]> {
  const addresses = serviceAddresses();
  const kafka = addresses.kafkaBrokers[0] ?? '';
  const checks = [
    { name: 'Kafka', address: kafka, ...hostPort(kafka, 9092) },
    {
      name: 'Elasticsearch',
      address: addresses.elasticsearchUrl,
      ...hostPort(addresses.elasticsearchUrl, 9200),
    },
    { name: 'Redis', address: addresses.redisUrl, ...hostPort(addresses.redisUrl, 6379) },
  ];
  const down: string[] = [];
  for (const check of checks) {
    if (!(await tcpAnswers(check.host, check.port))) down.push(`${check.name} at ${check.address}`);
  }
  return down;
}

/**
 * Fails at once, saying where the credentials come from, when Elasticsearch refuses the ones the
 * tests have (rather than every test failing with 401).
 */
async function elasticsearchAcceptsCredentials(): Promise<void> {
  const url = new URL(serviceAddresses().elasticsearchUrl);
  const headers: Record<string, string> = {};
  if (url.username !== '') {
    const basic = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const response = await fetch(new URL('_cluster/health', url), { headers }).catch(() => undefined);
  if (response?.status === 401) {
    throw new Error(
      `Elasticsearch at ${url.origin} refused the test credentials (401). They come from ` +
        'VIGIL_ELASTICSEARCH_USERNAME/PASSWORD, else from .vigil/secrets.env, which `./vigil stack up` writes.',
    );
  }
}

function pinnedVersions(): { kafka: string; elasticsearch: string } {
  const text = readFileSync(resolve(__dirname, '../../../deploy/local/versions.env'), 'utf8');
  const pin = (name: string): string => {
    const found = new RegExp(`\\$\\{${name}:=([^}]+)\\}`).exec(text)?.[1];
    if (found === undefined) throw new Error(`deploy/local/versions.env does not pin ${name}`);
    return found;
  };
  return { kafka: pin('VIGIL_KAFKA_VERSION'), elasticsearch: pin('VIGIL_ES_VERSION') };
}

/**
 * Jest global set-up for integration tests: they talk to the real Kafka, Elasticsearch and Redis.
 * 1. VIGIL_KAFKA_BROKERS, VIGIL_ELASTICSEARCH_URL, VIGIL_REDIS_URL when set, else the local stack's
 *    addresses; 2. when nothing answers there and none of the variables was set, but a Docker
 *    engine answers, the same versions in containers (testcontainers); 3. otherwise fail at once,
 *    naming the command that starts the local stack, rather than letting every test time out.
 */
export default async function globalSetup(): Promise<void> {
  const down = await unreachable();
  if (down.length === 0) {
    await elasticsearchAcceptsCredentials();
    return;
  }
  const configured = VARIABLES.some((name) => process.env[name] !== undefined);
  if (!configured && dockerAnswers()) {
    const started = await startContainers(pinnedVersions());
    Object.assign(process.env, started.env);
    (globalThis as { vigilContainers?: typeof started.containers }).vigilContainers = started.containers;
    return;
  }
  throw new Error(
    `Integration tests need the real servers, and these do not answer: ${down.join(', ')}.\n` +
      'Start the local stack with `./vigil stack up` (or run everything with `./vigil test`), ' +
      'or point VIGIL_KAFKA_BROKERS, VIGIL_ELASTICSEARCH_URL and VIGIL_REDIS_URL at running servers.',
  );
}

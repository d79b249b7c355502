import { hostPort, serviceAddresses, tcpAnswers } from './services';

/**
 * Jest global set-up for integration tests: they talk to the real Kafka, Elasticsearch and Redis
 * (VIGIL_KAFKA_BROKERS, VIGIL_ELASTICSEARCH_URL, VIGIL_REDIS_URL, or the local stack's defaults).
 * When one does not answer, fail at once, naming the command that starts the local stack, rather
 * than letting every test time out.
 */
export default async function globalSetup(): Promise<void> {
  const addresses = serviceAddresses();
  const checks = [
    {
      name: 'Kafka',
      address: addresses.kafkaBrokers[0] ?? '',
      ...hostPort(addresses.kafkaBrokers[0] ?? '', 9092),
    },
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
  if (down.length > 0) {
    throw new Error(
      `Integration tests need the real servers, and these do not answer: ${down.join(', ')}.\n` +
        'Start the local stack with `./vigil stack up` (or run everything with `./vigil test`), ' +
        'or point VIGIL_KAFKA_BROKERS, VIGIL_ELASTICSEARCH_URL and VIGIL_REDIS_URL at running servers.',
    );
  }
}

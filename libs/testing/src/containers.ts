import { spawnSync } from 'node:child_process';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { freePort } from './free-port';

/** Whether a Docker engine answers here (the development machines have none; CI may). */
export function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeout: 10000,
    stdio: 'ignore',
  });
  return result.status === 0;
}

/**
 * The same servers as deploy/local, in containers, for machines with Docker and no local stack.
 * Versions follow deploy/local/versions.env (and docker-compose.yml, which a test keeps in step).
 */
export async function startContainers(versions: { kafka: string; elasticsearch: string }): Promise<{
  env: Record<'VIGIL_KAFKA_BROKERS' | 'VIGIL_ELASTICSEARCH_URL' | 'VIGIL_REDIS_URL', string>;
  containers: StartedTestContainer[];
}> {
  // Kafka advertises the address clients use, so its host port is chosen before it starts.
  const kafkaPort = await freePort();
  const [kafka, elasticsearch, redis] = await Promise.all([
    new GenericContainer(`apache/kafka:${versions.kafka}`)
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new GenericContainer(`docker.elastic.co/elasticsearch/elasticsearch:${versions.elasticsearch}`)
      .withExposedPorts(9200)
      .withEnvironment({
        'discovery.type': 'single-node',
        'xpack.security.enabled': 'false',
        ES_JAVA_OPTS: '-Xms1g -Xmx1g',
      })
      .withWaitStrategy(Wait.forHttp('/_cluster/health?wait_for_status=yellow&timeout=1s', 9200))
      .withStartupTimeout(180000)
      .start(),
    new GenericContainer('redis:7')
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage(/Ready to accept/))
      .start(),
  ]);
  return {
    env: {
      VIGIL_KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      VIGIL_ELASTICSEARCH_URL: `http://${elasticsearch.getHost()}:${elasticsearch.getMappedPort(9200)}`,
      VIGIL_REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
    },
    containers: [kafka, elasticsearch, redis],
  };
}

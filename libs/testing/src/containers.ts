import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
  env: Record<string, string>;
  containers: StartedTestContainer[];
}> {
  // Kafka advertises the addresses clients use, so its host ports are chosen before it starts.
  const kafkaPort = await freePort();
  const scramPort = await freePort();
  // Security on, as in deploy/local: Elasticsearch and Redis refuse clients without these.
  const secret = (): string => randomBytes(16).toString('hex');
  const [elasticPassword, redisPassword, scramPassword] = [secret(), secret(), secret()];
  const scramJaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const [kafka, elasticsearch, redis] = await Promise.all([
    new GenericContainer(`apache/kafka:${versions.kafka}`)
      .withExposedPorts({ container: 9092, host: kafkaPort }, { container: 9094, host: scramPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093,SASL://:9094',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort},SASL://127.0.0.1:${scramPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL:SASL_PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
        KAFKA_SASL_ENABLED_MECHANISMS: 'SCRAM-SHA-256,SCRAM-SHA-512',
        // The image maps `___` to `-` and `_` to `.`: listener.name.sasl.scram-sha-256.sasl.jaas.config
        KAFKA_LISTENER_NAME_SASL_SCRAM___SHA___256_SASL_JAAS_CONFIG: scramJaas,
        KAFKA_LISTENER_NAME_SASL_SCRAM___SHA___512_SASL_JAAS_CONFIG: scramJaas,
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
        'xpack.security.enabled': 'true',
        'xpack.security.http.ssl.enabled': 'false',
        'xpack.security.transport.ssl.enabled': 'false',
        ELASTIC_PASSWORD: elasticPassword,
        ES_JAVA_OPTS: '-Xms1g -Xmx1g',
      })
      .withWaitStrategy(
        Wait.forHttp('/_cluster/health?wait_for_status=yellow&timeout=1s', 9200).withBasicCredentials(
          'elastic',
          elasticPassword,
        ),
      )
      .withStartupTimeout(180000)
      .start(),
    new GenericContainer('redis:7')
      .withCommand(['redis-server', '--requirepass', redisPassword])
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage(/Ready to accept/))
      .start(),
  ]);
  // The SCRAM user, made over the plaintext listener inside the container (as stack.sh does).
  const made = await kafka.exec([
    '/opt/kafka/bin/kafka-configs.sh',
    '--bootstrap-server',
    'localhost:9092',
    '--alter',
    '--entity-type',
    'users',
    '--entity-name',
    'vigil',
    '--add-config',
    `SCRAM-SHA-256=[password=${scramPassword}],SCRAM-SHA-512=[password=${scramPassword}]`,
  ]);
  if (made.exitCode !== 0) throw new Error(`Kafka SCRAM user not created: ${made.output}`);
  return {
    env: {
      VIGIL_KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      VIGIL_ELASTICSEARCH_URL: `http://${elasticsearch.getHost()}:${elasticsearch.getMappedPort(9200)}`,
      VIGIL_ELASTICSEARCH_USERNAME: 'elastic',
      VIGIL_ELASTICSEARCH_PASSWORD: elasticPassword,
      VIGIL_REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
      VIGIL_REDIS_PASSWORD: redisPassword,
      VIGIL_LOCAL_KAFKA_SCRAM_BROKERS: `127.0.0.1:${scramPort}`,
      VIGIL_LOCAL_KAFKA_SCRAM_USERNAME: 'vigil',
      VIGIL_LOCAL_KAFKA_SCRAM_PASSWORD: scramPassword,
    },
    containers: [kafka, elasticsearch, redis],
  };
}

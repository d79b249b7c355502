import {
  connectionSecuritySpec,
  loadConfig,
  type ElasticsearchSecurity,
  type KafkaSecurity,
  type RedisSecurity,
} from '@vigil/config';
import './services';

/**
 * The VIGIL_* security settings (and the local stack's, from .vigil/secrets.env) as the services
 * read them, for test clients that need more than a URL carries: an API key, a CA, *_FILE secrets.
 */
export function serviceSecurity(env: NodeJS.ProcessEnv = process.env): {
  kafkaSecurity: KafkaSecurity;
  elasticsearchSecurity: ElasticsearchSecurity;
  redisSecurity: RedisSecurity;
} {
  return loadConfig(connectionSecuritySpec(), env);
}

/**
 * The local stack's extra Kafka listener that requires SASL/SCRAM (the services use the plaintext
 * one), with the user stack.sh created on it, so a test can prove SCRAM end to end.
 */
export function localKafkaScram(env: NodeJS.ProcessEnv = process.env): {
  brokers: string[];
  security: KafkaSecurity;
} {
  const brokers = env.VIGIL_LOCAL_KAFKA_SCRAM_BROKERS;
  const username = env.VIGIL_LOCAL_KAFKA_SCRAM_USERNAME;
  const password = env.VIGIL_LOCAL_KAFKA_SCRAM_PASSWORD;
  if (!brokers || !username || !password) {
    throw new Error(
      'VIGIL_LOCAL_KAFKA_SCRAM_BROKERS, _USERNAME and _PASSWORD are not set and not in .vigil/secrets.env: ' +
        'start the local stack with `./vigil stack up`, which makes the SCRAM listener and its user',
    );
  }
  return {
    brokers: brokers.split(',').map((broker) => broker.trim()),
    security: { sasl: { mechanism: 'scram-sha-512', username, password } },
  };
}

import { connect } from 'node:net';

/** Where integration tests find the real servers. */
export interface ServiceAddresses {
  kafkaBrokers: string[];
  elasticsearchUrl: string;
  redisUrl: string;
}

/** The addresses deploy/local/stack.sh listens on by default (deploy/local/versions.env). */
const LOCAL_STACK: Record<'VIGIL_KAFKA_BROKERS' | 'VIGIL_ELASTICSEARCH_URL' | 'VIGIL_REDIS_URL', string> = {
  VIGIL_KAFKA_BROKERS: '127.0.0.1:9092',
  VIGIL_ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
  VIGIL_REDIS_URL: 'redis://127.0.0.1:6379',
};

/** Reads the VIGIL_* service variables, falling back to the local stack's addresses. */
export function serviceAddresses(env: NodeJS.ProcessEnv = process.env): ServiceAddresses {
  const value = (name: keyof typeof LOCAL_STACK): string => env[name] ?? LOCAL_STACK[name];
  return {
    kafkaBrokers: value('VIGIL_KAFKA_BROKERS')
      .split(',')
      .map((broker) => broker.trim()),
    elasticsearchUrl: value('VIGIL_ELASTICSEARCH_URL'),
    redisUrl: value('VIGIL_REDIS_URL'),
  };
}

export function hostPort(address: string, defaultPort: number): { host: string; port: number } {
  const url = /^[a-z]+:\/\//.test(address) ? new URL(address) : new URL(`tcp://${address}`);
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

export function tcpAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

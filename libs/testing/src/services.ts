import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';

/** Where integration tests find the real servers. */
export interface ServiceAddresses {
  kafkaBrokers: string[];
  /** With the credentials in its userinfo when they are basic ones, so a client made from the URL alone logs in. */
  elasticsearchUrl: string;
  /** With the password (and ACL user) in its userinfo, for the same reason. */
  redisUrl: string;
}

/** What deploy/local/stack.sh generates into ${VIGIL_HOME:-.vigil}/secrets.env for the clients. */
const LOCAL_STACK_SECRETS = [
  'VIGIL_ELASTICSEARCH_USERNAME',
  'VIGIL_ELASTICSEARCH_PASSWORD',
  'VIGIL_REDIS_PASSWORD',
  'VIGIL_LOCAL_KAFKA_SCRAM_BROKERS',
  'VIGIL_LOCAL_KAFKA_SCRAM_USERNAME',
  'VIGIL_LOCAL_KAFKA_SCRAM_PASSWORD',
] as const;

/** The checkout this file is in, from its sources (libs/testing/src) or its build (dist/libs/testing/src). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'deploy/local/versions.env')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The local stack's generated credentials (empty when the stack has never been started here). */
export function localStackSecrets(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const home = env.VIGIL_HOME ?? resolve(repositoryRoot(), '.vigil');
  const file = resolve(home, 'secrets.env');
  if (!existsSync(file)) return {};
  const found: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && (LOCAL_STACK_SECRETS as readonly string[]).includes(match[1])) {
      found[match[1]] = match[2];
    }
  }
  return found;
}

/**
 * Puts the local stack's credentials into process.env where they are not set already, so services
 * built in-process from process.env, child processes and test clients all log in, with no change to
 * how tests or benches are run. Done when this module loads: every test and bench that reaches the
 * servers comes through here.
 */
export function useLocalStackSecrets(): void {
  for (const [name, value] of Object.entries(localStackSecrets())) {
    process.env[name] ??= value;
  }
}
useLocalStackSecrets();

/** The addresses deploy/local/stack.sh listens on by default (deploy/local/versions.env). */
const LOCAL_STACK: Record<'VIGIL_KAFKA_BROKERS' | 'VIGIL_ELASTICSEARCH_URL' | 'VIGIL_REDIS_URL', string> = {
  VIGIL_KAFKA_BROKERS: '127.0.0.1:9092',
  VIGIL_ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
  VIGIL_REDIS_URL: 'redis://127.0.0.1:6379',
};

/** Reads the VIGIL_* service variables, falling back to the local stack's addresses. */
export function serviceAddresses(env: NodeJS.ProcessEnv = process.env): ServiceAddresses {
  const value = (name: keyof typeof LOCAL_STACK): string => env[name] ?? LOCAL_STACK[name];
  // Only what fits in a URL; serviceSecurity() has the rest (API key, CA, *_FILE secrets).
  const esUser = env.VIGIL_ELASTICSEARCH_USERNAME;
  const esPassword = env.VIGIL_ELASTICSEARCH_PASSWORD;
  const redisPassword = env.VIGIL_REDIS_PASSWORD;
  return {
    kafkaBrokers: value('VIGIL_KAFKA_BROKERS')
      .split(',')
      .map((broker) => broker.trim()),
    elasticsearchUrl:
      esUser && esPassword
        ? withUserinfo(value('VIGIL_ELASTICSEARCH_URL'), esUser, esPassword)
        : value('VIGIL_ELASTICSEARCH_URL'),
    redisUrl: redisPassword
      ? withUserinfo(value('VIGIL_REDIS_URL'), env.VIGIL_REDIS_USERNAME ?? '', redisPassword)
      : value('VIGIL_REDIS_URL'),
  };
}

/** The URL with these credentials, unless it carries its own. */
function withUserinfo(address: string, username: string, password: string): string {
  const url = new URL(address);
  if (url.username !== '' || url.password !== '') return address;
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password);
  return url.toString();
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

import { Inject } from '@nestjs/common';
import { httpServerConfigSpec } from './http-server-config';
import { env } from './readers';
import type { ConfigOf } from './load-config';
import { connectionSecuritySpec } from './connection-security';

/** What every Vigil service reads: where the shared servers are and where it listens. */
export function serviceConfigSpec(defaultPort: number) {
  return {
    kafkaBrokers: env.hostPorts('VIGIL_KAFKA_BROKERS', { default: ['127.0.0.1:9092'] }),
    elasticsearchUrl: env.url('VIGIL_ELASTICSEARCH_URL', { default: 'http://127.0.0.1:9200' }),
    redisUrl: env.url('VIGIL_REDIS_URL', {
      default: 'redis://127.0.0.1:6379',
      protocols: ['redis:', 'rediss:'],
    }),
    /** Credentials and TLS for the three servers (connection-security.ts). */
    ...connectionSecuritySpec(),
    httpHost: env.string('VIGIL_HTTP_HOST', { default: '127.0.0.1' }),
    httpPort: env.port('VIGIL_HTTP_PORT', { default: defaultPort }),
    /** Timeouts for slow and idle clients, HTTPS, and the loopback-or-TLS rule (http-server-config.ts). */
    ...httpServerConfigSpec(),
    logLevel: env.oneOf('VIGIL_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      default: 'info',
    }),
    /** Prefix for Kafka consumer groups and Elasticsearch indices; lets tests and tenants share servers. */
    namespace: env.string('VIGIL_NAMESPACE', { default: 'vigil' }),
  };
}

export type ServiceConfig = ConfigOf<ReturnType<typeof serviceConfigSpec>>;

/** The DI token under which each service provides its one validated config object. */
export const SERVICE_CONFIG = Symbol('vigil.service-config');

/** Injects the service's config; libs type it as ServiceConfig, apps as their own superset. */
export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(SERVICE_CONFIG);

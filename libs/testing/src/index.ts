/**
 * @vigil/testing — helpers for the three tiers of tests: where the real servers are
 * (integration tests never fake Kafka, Elasticsearch or Redis), per-test namespaces, and
 * `eventually` for asynchronous flows instead of sleeps, and a reader of what services publish.
 */
export * from './services';
export * from './service-security';
export * from './eventually';
export * from './namespace';
export * from './free-port';
export * from './service-process';
export * from './oidc-test-provider';
export * from './topic-collector';
export * from './tls-proxy';

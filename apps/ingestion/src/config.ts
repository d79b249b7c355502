import { authConfigSpec } from '@vigil/auth';
import { env, serviceConfigSpec, type ConfigOf } from '@vigil/config';

/** Ingestion's configuration: the common service settings (port 8080) plus its inputs and limits. */
export const ingestionConfigSpec = {
  ...serviceConfigSpec(8080),
  /** Who may call the API: access-token public key, personal token key, deprecated shared token. */
  ...authConfigSpec(),
  /** Ed25519 private key (PEM, PKCS#8) that signs access tokens at login; `./vigil up` makes it. */
  authPrivateKeyFile: env.string('VIGIL_AUTH_PRIVATE_KEY_FILE', { default: '', secret: true }),
  maxBodyBytes: env.integer('VIGIL_INGEST_MAX_BODY_BYTES', { default: 10 * 1024 * 1024, min: 1024 }),
  maxLineBytes: env.integer('VIGIL_INGEST_MAX_LINE_BYTES', { default: 64 * 1024, min: 256 }),
  /** Events one HTTP request may hold (413 above): a small gzip body can expand to millions of lines. */
  maxEventsPerRequest: env.integer('VIGIL_INGEST_MAX_EVENTS_PER_REQUEST', { default: 50_000, min: 1 }),
  /**
   * Input bytes one agency may have waiting for Kafka at once on this instance (every input), so
   * its flood is refused to it (429 / syslog reading paused) before it fills the shared publish queue.
   */
  agencyPendingBytes: env.integer('VIGIL_INGEST_AGENCY_PENDING_BYTES', {
    default: 16 * 1024 * 1024,
    min: 1024,
  }),
  /** How long an input waits for Kafka's acknowledgement before answering 503 / pausing. */
  publishTimeoutMs: env.integer('VIGIL_INGEST_PUBLISH_TIMEOUT_MS', { default: 10000, min: 100 }),
  directoryRefreshMs: env.integer('VIGIL_DIRECTORY_REFRESH_MS', { default: 5000, min: 100 }),
  /** Syslog listeners: a port, 0 for any free port (tests), -1 to disable. */
  syslogHost: env.string('VIGIL_SYSLOG_HOST', { default: '127.0.0.1' }),
  syslogUdpPort: env.integer('VIGIL_SYSLOG_UDP_PORT', { default: 5514, min: -1, max: 65535 }),
  syslogTcpPort: env.integer('VIGIL_SYSLOG_TCP_PORT', { default: 5514, min: -1, max: 65535 }),
  syslogTlsPort: env.integer('VIGIL_SYSLOG_TLS_PORT', { default: -1, min: -1, max: 65535 }),
  syslogTlsCert: env.string('VIGIL_SYSLOG_TLS_CERT', { default: '' }),
  syslogTlsKey: env.string('VIGIL_SYSLOG_TLS_KEY', { default: '', secret: true }),
  /** CA bundle for verifying agencies' client certificates (optional client auth). */
  syslogTlsCa: env.string('VIGIL_SYSLOG_TLS_CA', { default: '' }),
  /** Open syslog TCP + TLS connections, overall and from one source address; more are closed at once. */
  syslogMaxConnections: env.integer('VIGIL_SYSLOG_MAX_CONNECTIONS', { default: 2000, min: 1 }),
  syslogMaxConnectionsPerSource: env.integer('VIGIL_SYSLOG_MAX_CONNECTIONS_PER_SOURCE', {
    default: 32,
    min: 1,
  }),
  /** A syslog TCP/TLS connection (or TLS handshake) silent this long is closed. */
  syslogIdleTimeoutMs: env.integer('VIGIL_SYSLOG_IDLE_TIMEOUT_MS', { default: 300_000, min: 100 }),
  /** Indexer: consume vigil.events.v1 into Elasticsearch in this process. */
  indexerEnabled: env.boolean('VIGIL_INDEXER_ENABLED', { default: true }),
  elasticsearchReplicas: env.integer('VIGIL_ELASTICSEARCH_REPLICAS', { default: 1, min: 0 }),
  /** How often retention and silence checks run (one instance at a time, by a Redis lock). */
  maintenanceIntervalMs: env.integer('VIGIL_MAINTENANCE_INTERVAL_MS', { default: 60000, min: 1000 }),
};

export type IngestionConfig = ConfigOf<typeof ingestionConfigSpec>;

import { authConfigSpec } from '@vigil/auth';
import { env, serviceConfigSpec, type ConfigOf } from '@vigil/config';
import { TLP_LEVELS } from './incidents/domain/observable';
import { deadlinesConfigSpec } from './deadlines/deadlines.config';

/** Incidents's configuration: the common service settings (default port 8082). */
export const incidentsConfigSpec = {
  ...authConfigSpec(),
  ...serviceConfigSpec(8082),
  /** Replicas of the service's indices (0 on a one-node Elasticsearch, as tests and ./vigil up run it). */
  elasticsearchReplicas: env.integer('VIGIL_ELASTICSEARCH_REPLICAS', { default: 1, min: 0 }),
  /** The response workflow's data (workflow.yml, grouping.yml, playbooks/): `default` is apps/incidents/workflow. */
  workflowDir: env.string('VIGIL_INCIDENTS_WORKFLOW_DIR', { default: 'default' }),
  /** Deadlines (SLA timers): the policy file, the breach webhook and e-mail (deadlines/deadlines.config.ts). */
  ...deadlinesConfigSpec(),
  /** The SOC's name as reports state it (the reporting unit). */
  reportingUnit: env.string('VIGIL_REPORTING_UNIT', {
    default: 'Trung tâm Giám sát an toàn thông tin mạng (SOC) tỉnh',
  }),
  /** Chromium for PDF reports (Debian's package); without it reports are JSON and HTML only. */
  chromiumPath: env.string('VIGIL_CHROMIUM_PATH', { default: '/usr/bin/chromium' }),
  /** The most restricted TLP that may leave in exported indicators (STIX bundles). */
  exportMaxTlp: env.oneOf('VIGIL_EXPORT_MAX_TLP', TLP_LEVELS, { default: 'amber' }),
  /** The national centre's endpoint for reports (HTTPS); empty: reports are not sent. */
  nationalExportUrl: env.url('VIGIL_NATIONAL_EXPORT_URL', { default: '', protocols: ['https:'] }),
  /** The private key (PEM: Ed25519, P-256 or RSA) signing what is sent (detached JWS). */
  nationalExportKeyFile: env.string('VIGIL_NATIONAL_EXPORT_KEY_FILE', { default: '' }),
  /** The key id (`kid`) the centre knows the SOC's public key by. */
  nationalExportKeyId: env.string('VIGIL_NATIONAL_EXPORT_KEY_ID', { default: 'vigil-soc' }),
  /** A CA (PEM) to trust for the endpoint's certificate besides the system's. */
  nationalExportCaFile: env.string('VIGIL_NATIONAL_EXPORT_CA_FILE', { default: '' }),
  /** When true, an incident closes only once the centre acknowledged its final report. */
  nationalExportRequireAck: env.boolean('VIGIL_NATIONAL_EXPORT_REQUIRE_ACK', { default: false }),
  /** Tries per delivery, and the first retry's delay (doubling each time). */
  nationalExportAttempts: env.integer('VIGIL_NATIONAL_EXPORT_ATTEMPTS', { default: 12, min: 1, max: 100 }),
  nationalExportBackoffMs: env.integer('VIGIL_NATIONAL_EXPORT_BACKOFF_MS', { default: 10_000, min: 100 }),
  /** Where evidence files are stored by their SHA-256 (shared storage when several instances run). */
  evidenceDir: env.string('VIGIL_EVIDENCE_DIR', { default: '.vigil/evidence' }),
  /** The largest evidence file accepted (bytes; default 100 MiB). */
  evidenceMaxBytes: env.integer('VIGIL_EVIDENCE_MAX_BYTES', { default: 100 * 1024 * 1024, min: 1 }),
};

export type IncidentsConfig = ConfigOf<typeof incidentsConfigSpec>;

import { authConfigSpec } from '@vigil/auth';
import { env, serviceConfigSpec, type ConfigOf } from '@vigil/config';
import { DEFAULT_PIPELINES } from '@vigil/sigma';

/** Detection's configuration: the common service settings (port 8081) plus rules and evaluation. */
export const detectionConfigSpec = {
  ...serviceConfigSpec(8081),
  /** Who may call the API: access-token public key, personal token key, deprecated shared tokens. */
  ...authConfigSpec(),
  /** Sigma rule packs loaded at start: `default` (the shipped packs), `none`, or directories, comma-separated. */
  rulePackDirs: env.list('VIGIL_RULE_PACK_DIRS', { default: ['default'] }),
  /** Pipelines (libs/sigma/pipelines) for Vigil's normalized events, comma-separated. */
  pipelines: env.list('VIGIL_SIGMA_PIPELINES', { default: [...DEFAULT_PIPELINES] }),
  /** Rules whose logsource no pipeline maps: evaluate on every event, or skip them. */
  unmappedRules: env.oneOf('VIGIL_SIGMA_UNMAPPED', ['evaluate', 'skip'], { default: 'skip' }),
  /** Upper bound of entries per correlation window and group (memory cap). */
  correlationMaxEntries: env.integer('VIGIL_CORRELATION_MAX_ENTRIES', { default: 10000, min: 10 }),
  elasticsearchReplicas: env.integer('VIGIL_ELASTICSEARCH_REPLICAS', { default: 1, min: 0 }),
};

export type DetectionConfig = ConfigOf<typeof detectionConfigSpec>;

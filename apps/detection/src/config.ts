import { authConfigSpec } from '@vigil/auth';
import { env, InvalidValue, serviceConfigSpec, type ConfigOf, type Reader } from '@vigil/config';
import { DEFAULT_PIPELINES, parsePlaceholderAssignments } from '@vigil/sigma';

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
  /** Values of Sigma `expand` placeholders; a rule value using an unset one matches nothing. */
  sigmaPlaceholders: placeholders('VIGIL_SIGMA_PLACEHOLDERS'),
  /** Upper bound of entries per correlation window and group (memory cap). */
  correlationMaxEntries: env.integer('VIGIL_CORRELATION_MAX_ENTRIES', { default: 10000, min: 10 }),
  /** How often each instance looks for lt/lte correlation windows that are due (ms). */
  correlationTickMs: env.integer('VIGIL_CORRELATION_TICK_MS', { default: 1000, min: 50 }),
  /** How long after its end an lt/lte window waits for late matches before it is judged (ms). */
  correlationAllowedLatenessMs: env.integer('VIGIL_CORRELATION_ALLOWED_LATENESS_MS', {
    default: 10000,
    min: 0,
  }),
  /** How long an instance holds a due window it claimed before another may judge it again (ms). */
  correlationDueLeaseMs: env.integer('VIGIL_CORRELATION_DUE_LEASE_MS', { default: 30000, min: 1000 }),
  elasticsearchReplicas: env.integer('VIGIL_ELASTICSEARCH_REPLICAS', { default: 1, min: 0 }),
  /** Longest one event may take against every rule (in a worker thread) before it is dead-lettered. */
  evaluationBudgetMs: env.integer('VIGIL_DETECTION_EVALUATION_BUDGET_MS', { default: 250, min: 10 }),
  /** Overruns of one rule after which it is disabled everywhere, with an admin alert. */
  overrunsBeforeDisable: env.integer('VIGIL_DETECTION_OVERRUNS_BEFORE_DISABLE', { default: 3, min: 1 }),
};

export type DetectionConfig = ConfigOf<typeof detectionConfigSpec>;

/** `name=value1,value2;other=value3` (`;` between placeholders, `,` between values); empty: none. */
function placeholders(variable: string): Reader<Record<string, string[]>> {
  return {
    variable,
    secret: false,
    describe: 'Sigma placeholder values, name=v1,v2;name2=v3',
    read(raw) {
      const assignments = (raw ?? '')
        .split(';')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      try {
        return parsePlaceholderAssignments(assignments);
      } catch (error) {
        throw new InvalidValue((error as Error).message);
      }
    },
  };
}

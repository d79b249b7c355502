import { loadPipelines, type Pipeline } from '@vigil/sigma';

/** What the rule tools evaluate with: the configured pipelines and the unmapped-rule policy. */
export interface RuleSettings {
  pipelines: readonly Pipeline[];
  pipelineNames: readonly string[];
  unmapped: 'evaluate' | 'skip';
  /** Values of `expand` placeholders (VIGIL_SIGMA_PLACEHOLDERS). */
  placeholders: Readonly<Record<string, readonly string[]>>;
}

export const RULE_SETTINGS = Symbol('vigil.detection.rule-settings');

/** Settings from the configured pipeline names and policy (the pipelines are loaded once, here). */
export function ruleSettingsOf(config: {
  pipelines: readonly string[];
  unmappedRules: 'evaluate' | 'skip';
  sigmaPlaceholders?: Readonly<Record<string, readonly string[]>>;
}): RuleSettings {
  return {
    pipelineNames: config.pipelines,
    pipelines: loadPipelines(config.pipelines),
    unmapped: config.unmappedRules,
    placeholders: config.sigmaPlaceholders ?? {},
  };
}

import { loadPipelines, type Pipeline } from '@vigil/sigma';

/** What the rule tools evaluate with: the configured pipelines and the unmapped-rule policy. */
export interface RuleSettings {
  pipelines: readonly Pipeline[];
  pipelineNames: readonly string[];
  unmapped: 'evaluate' | 'skip';
}

export const RULE_SETTINGS = Symbol('vigil.detection.rule-settings');

/** Settings from the configured pipeline names (comma-separated) and policy. */
export function ruleSettingsOf(config: {
  pipelines: string;
  unmappedRules: 'evaluate' | 'skip';
}): RuleSettings {
  const pipelineNames = config.pipelines
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return { pipelineNames, pipelines: loadPipelines(pipelineNames), unmapped: config.unmappedRules };
}

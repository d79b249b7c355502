/**
 * @vigil/sigma — Vigil's native Sigma engine. Parses and validates Sigma rules, filters and
 * correlation rules (specification v2.1), maps their logsources and fields onto events with
 * pipelines kept as data, and matches events natively in TypeScript (no query translation).
 * Matching is pure; file loading lives in the loader functions, used by the CLI and services.
 */
export { parseSigmaFile } from './rule/sigma-document-parser';
export type { SigmaFileContent } from './rule/sigma-document-parser';
export { parseRule, parseFilter } from './rule/rule-parser';
export { SigmaRuleError } from './rule/sigma-rule-error';
export type {
  SigmaRule,
  SigmaFilter,
  SigmaLogsource,
  SigmaLevel,
  SigmaStatus,
  SigmaDetection,
  SearchIdentifier,
  SigmaRuleReference,
  RelatedRule,
} from './rule/sigma-rule';
export type { ConditionNode } from './rule/condition-parser';
export { parsePlaceholderAssignments } from './rule/detection-parser';
export { checkYamlText, parseYamlDocuments, YAML_LIMITS } from './rule/yaml-document';
export type { YamlDocument, YamlValue } from './rule/yaml-document';

export type { Pipeline, PipelineLogsource } from './pipeline/pipeline';
export { parsePipeline } from './pipeline/pipeline-parser';

export { SigmaEngine, compile } from './engine/sigma-engine';
export type { SigmaEngineOptions, SigmaMatch, RuleTiming } from './engine/sigma-engine';
export type { MatchedSelection } from './engine/detection-compiler';
export { getField } from './engine/field-access';
export { ruleReference, baseRuleIdentities } from './engine/rule-reference';

export { loadRuleFiles, findRuleFiles } from './loader/rule-file-loader';
export { loadPipelines, availablePipelines, DEFAULT_PIPELINES } from './loader/pipeline-loader';
export { readEventFile, parseEventText } from './loader/event-file-reader';

export * from './correlation';

import { ruleError, SigmaRuleError } from '../rule/sigma-rule-error';
import { isYamlMap, parseYamlDocuments, type YamlDocument, type YamlValue } from '../rule/yaml-document';
import type { Pipeline, PipelineCondition, PipelineLogsource } from './pipeline';

/** Parses a pipeline YAML file (see libs/sigma/pipelines/README.md for the format). */
export function parsePipeline(text: string, source: string): Pipeline {
  const document = parseYamlDocuments(text, source)[0] as YamlDocument | undefined;
  const value = document?.value;
  try {
    if (!isYamlMap(value)) throw ruleError('', 'a pipeline must be a YAML map');
    if (typeof value.name !== 'string') throw ruleError('name', 'is required');
    return {
      name: value.name,
      description: typeof value.description === 'string' ? value.description : undefined,
      fieldDefaults: stringList(value.field_defaults, 'field_defaults', ['{field}']),
      fields: fieldMap(value.fields, 'fields'),
      keywordFields: stringList(value.keyword_fields, 'keyword_fields', []),
      logsources: logsourceList(value.logsources),
    };
  } catch (error) {
    throw error instanceof SigmaRuleError ? error.within(source) : error;
  }
}

function logsourceList(value: YamlValue | undefined): PipelineLogsource[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw ruleError('logsources', 'must be a list');
  return value.map((item, i) => {
    const path = `logsources[${i}]`;
    if (!isYamlMap(item) || !isYamlMap(item.logsource)) throw ruleError(path, 'needs a logsource map');
    const logsource: Record<string, string[]> = {};
    for (const [key, v] of Object.entries(item.logsource)) {
      logsource[key] = stringList(v, `${path}.logsource.${key}`, []).map((name) => name.toLowerCase());
    }
    return {
      name: typeof item.name === 'string' ? item.name : path,
      logsource,
      conditions: conditionList(item.conditions, `${path}.conditions`),
      fields: fieldMap(item.fields, `${path}.fields`),
      fieldDefaults: Object.hasOwn(item, 'field_defaults')
        ? stringList(item.field_defaults, `${path}.field_defaults`, [])
        : undefined,
    };
  });
}

function conditionList(value: YamlValue | undefined, path: string): PipelineCondition[] {
  if (value === undefined || value === null) return [];
  const maps = Array.isArray(value) ? value : [value];
  return maps.map((map, i) => {
    const where = Array.isArray(value) ? `${path}[${i}]` : path;
    if (!isYamlMap(map)) throw ruleError(where, 'must be a map (or a list of maps)');
    const out: PipelineCondition = {};
    for (const [key, v] of Object.entries(map)) {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
        throw ruleError(`${where}.${key}`, 'values must be scalars');
      }
      out[key] = list;
    }
    return out;
  });
}

function fieldMap(value: YamlValue | undefined, path: string): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (!isYamlMap(value)) throw ruleError(path, 'must be a map');
  const out: Record<string, string[]> = {};
  for (const [key, v] of Object.entries(value)) out[key] = stringList(v, `${path}.${key}`, []);
  return out;
}

function stringList(value: YamlValue | undefined, path: string, fallback: string[]): string[] {
  if (value === undefined || value === null) return fallback;
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((x) => typeof x === 'string'))
    throw ruleError(path, 'must be a string or a list of strings');
  return list;
}

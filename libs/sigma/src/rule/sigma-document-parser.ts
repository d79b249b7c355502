import { parseFilter, parseRule } from './rule-parser';
import type { SigmaFilter, SigmaRule } from './sigma-rule';
import { SigmaRuleError } from './sigma-rule-error';
import { isYamlMap, parseYamlDocuments, type YamlDocument } from './yaml-document';

/** Everything one Sigma YAML file holds, sorted by kind, with the documents that failed. */
export interface SigmaFileContent {
  rules: SigmaRule[];
  filters: SigmaFilter[];
  /** `correlation:` documents, left for the correlation parser. */
  correlations: (YamlDocument & { source: string })[];
  errors: SigmaRuleError[];
}

/**
 * Parses a (possibly multi-document) Sigma file. Each document stands alone: one bad document is
 * reported and the others still load. `source` names the file in errors.
 */
export function parseSigmaFile(text: string, source: string): SigmaFileContent {
  const content: SigmaFileContent = { rules: [], filters: [], correlations: [], errors: [] };
  let documents: YamlDocument[];
  try {
    documents = parseYamlDocuments(text, source);
  } catch (error) {
    content.errors.push(asRuleError(error, source, ''));
    return content;
  }
  const multi = documents.length > 1;
  for (const document of documents) {
    const where = multi ? `${source}#${document.index}` : source;
    const value = document.value;
    if (value === null) continue; // an empty document, e.g. after a trailing `---`
    try {
      if (isYamlMap(value) && Object.hasOwn(value, 'correlation'))
        content.correlations.push({ ...document, source });
      else if (isYamlMap(value) && Object.hasOwn(value, 'filter') && !Object.hasOwn(value, 'detection')) {
        content.filters.push(parseFilter(value, where));
      } else content.rules.push(parseRule(value, where));
    } catch (error) {
      content.errors.push(asRuleError(error, where, ''));
    }
  }
  return content;
}

function asRuleError(error: unknown, source: string, path: string): SigmaRuleError {
  if (error instanceof SigmaRuleError) return error.within(source);
  return new SigmaRuleError(error instanceof Error ? error.message : String(error), path, source);
}

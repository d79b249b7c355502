import type { YamlDocument } from '../rule/yaml-document';
import type { CorrelationRule } from './correlation-rule';
import { isCorrelationDocument, parseCorrelationRule } from './parse-correlation-rule';

/**
 * The correlation rules of the `correlation:` documents a Sigma file held (see parseSigmaFile),
 * each refused document reported as `<file>#<document>: <reason>`; the others still load.
 */
export function correlationRulesOf(documents: readonly (YamlDocument & { source: string })[]): {
  rules: CorrelationRule[];
  problems: string[];
} {
  const rules: CorrelationRule[] = [];
  const problems: string[] = [];
  for (const document of documents) {
    if (!isCorrelationDocument(document.strings)) continue;
    try {
      rules.push(
        parseCorrelationRule(document.strings, { file: document.source, documentIndex: document.index }),
      );
    } catch (error) {
      problems.push(`${document.source}#${document.index}: ${(error as Error).message}`);
    }
  }
  return { rules, problems };
}

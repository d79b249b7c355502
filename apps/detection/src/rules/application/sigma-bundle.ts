import {
  compile,
  parseCorrelationRule,
  parseSigmaFile,
  SigmaCorrelationError,
  type CorrelationRule,
  type SigmaEngine,
  type SigmaFilter,
  type SigmaRule,
} from '@vigil/sigma';
import { located } from '../domain/sigma-rule-text';
import { RulesError } from '../domain/rules.error';
import type { RuleSettings } from './rule-settings';

/** Rules, filters and correlations of a (multi-document) Sigma text, compiled for evaluation. */
export interface SigmaBundle {
  engine: SigmaEngine;
  rules: SigmaRule[];
  correlations: CorrelationRule[];
}

/** Compiles Sigma text for the test and backtest tools; any bad document is refused with its line. */
export function compileBundle(
  text: string,
  settings: Pick<RuleSettings, 'pipelines' | 'placeholders'>,
  extraFilters: readonly SigmaFilter[] = [],
): SigmaBundle {
  const content = parseSigmaFile(text, '');
  const error = content.errors.at(0);
  if (error) throw located(text, documentOf(error.source), error);
  const correlations = content.correlations.map((document) => {
    try {
      return parseCorrelationRule(document.strings, { documentIndex: document.index });
    } catch (failure) {
      if (failure instanceof SigmaCorrelationError) throw located(text, document.index, failure);
      throw failure;
    }
  });
  const { engine, rejected } = compile(
    content.rules,
    { pipelines: settings.pipelines, placeholders: settings.placeholders, unmapped: 'evaluate' },
    [...content.filters, ...extraFilters],
  );
  const failed = rejected.at(0);
  if (failed) throw located(text, documentOf(failed.source), failed);
  if (content.rules.length === 0 && correlations.length === 0)
    throw RulesError.invalidRule({ line: 1, reason: 'no Sigma rule in the text' });
  return { engine, rules: content.rules, correlations };
}

// parseSigmaFile names documents of a multi-document file `<source>#<index>`.
function documentOf(source: string): number {
  return Number(/#(\d+)$/.exec(source)?.[1] ?? 0);
}

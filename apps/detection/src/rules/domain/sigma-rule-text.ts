import { randomUUID } from 'node:crypto';
import {
  checkYamlText,
  parseCorrelationRule,
  parseSigmaFile,
  SigmaCorrelationError,
  SigmaRuleError,
  type SigmaFilter,
  type SigmaRule,
  type CorrelationRule,
} from '@vigil/sigma';
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { RuleKind } from './rule-record';
import { RulesError } from './rules.error';
import { locatePath } from './yaml-line-locator';

/** One validated Sigma document, with the facts the catalog indexes. */
export interface ParsedRuleText {
  id: string;
  kind: RuleKind;
  /** The YAML as submitted, plus an `id:` line when the author left it out. */
  sigma: string;
  title: string;
  level?: string;
  tags: string[];
  rule?: SigmaRule;
  filter?: SigmaFilter;
  correlation?: CorrelationRule;
}

/**
 * Parses the Sigma YAML of one rule record. A record holds exactly one document (rule,
 * correlation or filter): multi-document files are split by the import, not stored as one.
 * Every refusal names the line and the reason.
 */
export function parseRuleText(text: string, generateId: () => string = randomUUID): ParsedRuleText {
  try {
    checkYamlText(text); // bounds the parser's work; duplicate keys are found by parseSigmaFile
  } catch (error) {
    if (error instanceof SigmaRuleError) throw RulesError.invalidRule({ line: 1, reason: error.reason });
    throw error;
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    schema: 'failsafe',
    uniqueKeys: false,
    prettyErrors: false,
  });
  for (const document of documents) {
    const error = document.errors.at(0);
    if (error) {
      const position = lineCounter.linePos(error.pos[0]);
      throw RulesError.invalidRule({
        line: position.line,
        column: position.col,
        reason: `invalid YAML: ${error.message.split('\n')[0]}`,
      });
    }
  }
  const present = documents.filter((document) => !isEmptyDocument(document));
  if (present.length === 0) throw RulesError.invalidRule({ line: 1, reason: 'the rule is empty' });
  if (present.length > 1) {
    const second = lineCounter.linePos(present[1]?.range[0] ?? 0).line;
    throw RulesError.invalidRule({
      line: second,
      reason: 'a rule holds one YAML document; split multi-document files or use the import',
    });
  }
  const document = present[0] as Document;
  const index = documents.findIndex((candidate) => candidate === present[0]);
  // Validated as submitted, so every line number is the author's; the id is written in after.
  const facts = describe(text, index);
  const withId = ensureId(text, document, generateId);
  return { ...facts, id: withId.id, sigma: withId.text };
}

function describe(text: string, index: number): Omit<ParsedRuleText, 'id' | 'sigma'> {
  const content = parseSigmaFile(text, '');
  const failure = content.errors.at(0);
  if (failure) throw located(text, index, failure);
  const correlationDocument = content.correlations.at(0);
  if (correlationDocument) {
    let correlation: CorrelationRule;
    try {
      correlation = parseCorrelationRule(correlationDocument.strings, { documentIndex: 0 });
    } catch (error) {
      if (error instanceof SigmaCorrelationError) throw located(text, index, error);
      throw error;
    }
    return { kind: 'correlation', title: correlation.title, tags: [], correlation };
  }
  const filter = content.filters.at(0);
  if (filter) return { kind: 'filter', title: filter.title, tags: [], filter };
  const rule = content.rules.at(0);
  if (!rule) throw RulesError.invalidRule({ line: 1, reason: 'the document is not a Sigma rule' });
  return { kind: 'rule', title: rule.title, level: rule.level, tags: rule.tags, rule };
}

/** A Sigma or correlation error, placed on its line in the document. */
export function located(
  text: string,
  documentIndex: number,
  error: SigmaRuleError | SigmaCorrelationError,
): RulesError {
  const position = error.path ? locatePath(text, documentIndex, error.path) : undefined;
  return RulesError.invalidRule({
    line: position?.line ?? 1,
    column: position?.column,
    path: error.path || undefined,
    reason: error.reason,
  });
}

/**
 * The rule's `id`, or a fresh UUID written into the text as the first key (so the YAML stays the
 * author's own, with one added line) when there is none.
 */
function ensureId(text: string, document: Document, generateId: () => string): { text: string; id: string } {
  const contents = document.contents;
  if (!isMap(contents)) return { text, id: generateId() };
  const existing = contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'id');
  if (existing) {
    const value = isScalar(existing.value) ? String(existing.value.value).trim() : '';
    if (value === '')
      throw RulesError.invalidRule({ line: 1, path: 'id', reason: 'id must be a non-empty string' });
    return { text, id: value };
  }
  const id = generateId();
  const first = contents.items[0]?.key;
  const start = isScalar(first) || isMap(first) ? first.range?.[0] : undefined;
  if (start === undefined || contents.flow) {
    document.set('id', id);
    return { text: document.toString(), id };
  }
  return { text: `${text.slice(0, start)}id: ${id}\n${text.slice(start)}`, id };
}

/** One document of a file, with the line of the file it starts on (1-based). */
export interface DocumentText {
  text: string;
  firstLine: number;
}

/** Splits a (multi-document) YAML file into the text of each non-empty document, for the import. */
export function splitDocuments(text: string): DocumentText[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { schema: 'failsafe', lineCounter });
  if (documents.length <= 1) return [{ text, firstLine: 1 }];
  return documents
    .filter((document) => !isEmptyDocument(document))
    .map((document) => {
      const [start, , end] = document.range;
      const marker = /^---[^\n]*\n/.exec(text.slice(start, end))?.[0].length ?? 0;
      return {
        text: `${text.slice(start + marker, end).trimEnd()}\n`,
        firstLine: lineCounter.linePos(start + marker).line,
      };
    });
}

// With the failsafe schema an empty document (e.g. after a trailing `---`) reads as ''.
function isEmptyDocument(document: Document): boolean {
  const value: unknown = document.toJS();
  return value === null || value === '';
}

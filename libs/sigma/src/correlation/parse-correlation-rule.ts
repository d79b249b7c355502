import { parseCorrelationCondition, RaiseCorrelationError } from './correlation-condition';
import {
  CORRELATION_LEVELS,
  CORRELATION_TYPES,
  CorrelationLevel,
  CorrelationRule,
  CorrelationRuleSource,
  CorrelationType,
} from './correlation-rule';
import { quoteValue, SigmaCorrelationError, SigmaCorrelationErrorCode } from './sigma-correlation.error';
import { crossAgencyOf } from './correlation-partition';
import { parseTimespan } from './timespan';

/** True for a YAML document that is a correlation rule rather than a detection rule or filter. */
export function isCorrelationDocument(doc: unknown): boolean {
  return isRecord(doc) && doc.correlation !== undefined;
}

/**
 * Parses one `correlation:` document (already parsed from YAML with the failsafe schema, so every
 * scalar is a string) into a CorrelationRule. Checks the document on its own; references to other
 * rules are checked over the whole set by `compileCorrelationRules`.
 */
export function parseCorrelationRule(doc: unknown, source: CorrelationRuleSource = {}): CorrelationRule {
  const raise: RaiseCorrelationError = (code, path, reason, specSection) => {
    throw new SigmaCorrelationError({ code, path, reason, specSection, ...source });
  };
  if (!isRecord(doc))
    raise(SigmaCorrelationErrorCode.NotAnObject, '(document)', 'a rule document must be a map', 'Syntax');
  const title = requiredString(doc, 'title', 'Title', raise);
  const id = optionalString(doc, 'id', 'Identification', raise);
  const name = optionalString(doc, 'name', 'Related rules', raise);
  const correlation = doc.correlation;
  if (!isRecord(correlation)) {
    raise(
      SigmaCorrelationErrorCode.MissingAttribute,
      'correlation',
      'the correlation section must be a map',
      'Correlation section',
    );
  }
  const type = parseType(correlation.type, raise);
  const rules = parseRuleReferences(correlation.rules, raise);
  const timespan = requiredString(correlation, 'timespan', 'Time Selection', raise, 'correlation.');
  const timespanMs = parseTimespan(timespan);
  if (timespanMs === undefined) {
    raise(
      SigmaCorrelationErrorCode.InvalidTimespan,
      'correlation.timespan',
      `"${timespan}" is not a number followed by s, m, h or d (e.g. 5m, 1h)`,
      'Time Selection',
    );
  }
  return {
    key: id ?? name ?? `${source.file ?? '<inline>'}#${source.documentIndex ?? 0}`,
    ...(id === undefined ? {} : { id }),
    ...(name === undefined ? {} : { name }),
    title,
    ...optionalLevel(doc, raise),
    ...optionalText(doc, 'status', raise),
    ...optionalText(doc, 'description', raise),
    type,
    rules,
    groupBy: parseGroupBy(correlation['group-by'], raise),
    aliases: parseAliases(correlation.aliases, raise),
    timespan,
    timespanMs,
    condition: parseCorrelationCondition(correlation.condition, type, rules.length, raise),
    generate: parseGenerate(correlation.generate, raise),
    ...(crossAgencyOf(doc, raise) ? { crossAgency: true } : {}),
    source,
  };
}

function parseType(raw: unknown, raise: RaiseCorrelationError): CorrelationType {
  if (raw === undefined)
    raise(
      SigmaCorrelationErrorCode.MissingAttribute,
      'correlation.type',
      'type is mandatory',
      'Correlation type',
    );
  if (typeof raw !== 'string' || !CORRELATION_TYPES.includes(raw as CorrelationType)) {
    raise(
      SigmaCorrelationErrorCode.UnknownType,
      'correlation.type',
      `"${quoteValue(raw)}" is not one of ${CORRELATION_TYPES.join(', ')}`,
      'Correlation type',
    );
  }
  return raw as CorrelationType;
}

function parseRuleReferences(raw: unknown, raise: RaiseCorrelationError): string[] {
  const path = 'correlation.rules';
  if (raw === undefined || raw === null)
    raise(SigmaCorrelationErrorCode.MissingAttribute, path, 'rules is mandatory', 'Related rules');
  const references = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(references) || references.length === 0) {
    raise(
      SigmaCorrelationErrorCode.InvalidAttribute,
      path,
      'rules is a non-empty list of rule ids or names',
      'Related rules',
    );
  }
  references.forEach((reference, index) => {
    if (typeof reference !== 'string' || reference.length < 2) {
      raise(
        SigmaCorrelationErrorCode.InvalidAttribute,
        `${path}[${index}]`,
        'a rule reference is an id or a name (2+ characters)',
        'Related rules',
      );
    }
  });
  const strings = references as string[];
  const duplicate = strings.find((reference, index) => strings.indexOf(reference) !== index);
  if (duplicate !== undefined)
    raise(
      SigmaCorrelationErrorCode.InvalidAttribute,
      path,
      `"${duplicate}" is listed twice`,
      'Related rules',
    );
  return strings;
}

/**
 * The spec marks group-by mandatory yet describes it as optional; like pySigma, an absent group-by
 * means one group for all events (e.g. "more than 1000 failed logins anywhere in 5m").
 */
function parseGroupBy(raw: unknown, raise: RaiseCorrelationError): string[] {
  if (raw === undefined || raw === null) return [];
  const fields = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string' && f.length > 0)) {
    raise(
      SigmaCorrelationErrorCode.InvalidAttribute,
      'correlation.group-by',
      'group-by is a list of field names',
      'Grouping',
    );
  }
  if (new Set(fields).size !== fields.length) {
    raise(
      SigmaCorrelationErrorCode.InvalidAttribute,
      'correlation.group-by',
      'a field is listed twice',
      'Grouping',
    );
  }
  return fields;
}

function parseAliases(raw: unknown, raise: RaiseCorrelationError): Record<string, Record<string, string>> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw))
    raise(
      SigmaCorrelationErrorCode.InvalidAlias,
      'correlation.aliases',
      'aliases is a map of alias → { rule name: field }',
      'Aliases',
    );
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(raw)) {
    const path = `correlation.aliases.${alias}`;
    if (!isRecord(mapping))
      raise(
        SigmaCorrelationErrorCode.InvalidAlias,
        path,
        'an alias maps rule names to field names',
        'Field Name Aliases',
      );
    aliases[alias] = {};
    for (const [rule, field] of Object.entries(mapping)) {
      if (typeof field !== 'string' || field.length === 0) {
        raise(
          SigmaCorrelationErrorCode.InvalidAlias,
          `${path}.${rule}`,
          'the aliased field must be a field name',
          'Field Name Aliases',
        );
      }
      aliases[alias][rule] = field;
    }
  }
  return aliases;
}

function parseGenerate(raw: unknown, raise: RaiseCorrelationError): boolean {
  if (raw === undefined || raw === null || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  return raise(
    SigmaCorrelationErrorCode.InvalidAttribute,
    'correlation.generate',
    'generate is true or false',
    'Generate',
  );
}

function optionalLevel(
  doc: Record<string, unknown>,
  raise: RaiseCorrelationError,
): { level?: CorrelationLevel } {
  const level = doc.level;
  if (level === undefined || level === null) return {};
  if (typeof level !== 'string' || !CORRELATION_LEVELS.includes(level as CorrelationLevel)) {
    raise(
      SigmaCorrelationErrorCode.InvalidAttribute,
      'level',
      `"${quoteValue(level)}" is not one of ${CORRELATION_LEVELS.join(', ')}`,
      'Level',
    );
  }
  return { level: level as CorrelationLevel };
}

function optionalText(
  doc: Record<string, unknown>,
  key: 'status' | 'description',
  raise: RaiseCorrelationError,
): Record<string, string> {
  const value = optionalString(doc, key, key === 'status' ? 'Status' : 'Description', raise);
  return value === undefined ? {} : { [key]: value };
}

function requiredString(
  record: Record<string, unknown>,
  key: string,
  section: string,
  raise: RaiseCorrelationError,
  prefix = '',
): string {
  const value = optionalString(record, key, section, raise, prefix);
  if (value === undefined)
    raise(SigmaCorrelationErrorCode.MissingAttribute, `${prefix}${key}`, `${key} is mandatory`, section);
  return value;
}

function optionalString(
  record: Record<string, unknown>,
  key: string,
  section: string,
  raise: RaiseCorrelationError,
  prefix = '',
): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    raise(
      SigmaCorrelationErrorCode.InvalidAttribute,
      `${prefix}${key}`,
      `${key} must be a non-empty string`,
      section,
    );
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

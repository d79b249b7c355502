import {
  Comparison,
  ComparisonOperator,
  CorrelationCondition,
  CorrelationRule,
  CorrelationType,
} from './correlation-rule';
import { quoteValue, SigmaCorrelationErrorCode } from './sigma-correlation.error';

/** Raises a SigmaCorrelationError for the rule being parsed (it knows the file and document). */
export type RaiseCorrelationError = (
  code: SigmaCorrelationErrorCode,
  path: string,
  reason: string,
  specSection: string,
) => never;

const OPERATORS: readonly ComparisonOperator[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];
const LOWER: readonly ComparisonOperator[] = ['gt', 'gte'];
const UPPER: readonly ComparisonOperator[] = ['lt', 'lte'];
const SECTION = 'Condition';
const PATH = 'correlation.condition';

/** Types whose condition compares a count, so thresholds must be whole numbers. */
const COUNTING_TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
];
const FIELD_TYPES: readonly CorrelationType[] = ['value_count', 'value_sum', 'value_avg', 'value_percentile'];

/**
 * Parses `correlation.condition`. The core loader uses YAML's failsafe schema, so thresholds
 * arrive as strings and are typed here. A condition is one comparison, or a range made of one
 * lower bound (gt/gte) AND one upper bound (lt/lte), as the spec's "Condition" section allows.
 */
export function parseCorrelationCondition(
  raw: unknown,
  type: CorrelationType,
  ruleCount: number,
  raise: RaiseCorrelationError,
): CorrelationCondition {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (raw === undefined || raw === null) {
    if (temporal) return { comparisons: [{ operator: 'gte', value: ruleCount }], fields: [] };
    raise(
      SigmaCorrelationErrorCode.MissingAttribute,
      PATH,
      `a ${type} correlation needs a condition`,
      SECTION,
    );
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      PATH,
      'the condition must be a map such as { gte: 10 }',
      SECTION,
    );
  }
  const entries = Object.entries(raw);
  for (const [key] of entries) {
    if (!OPERATORS.includes(key as ComparisonOperator) && key !== 'field' && key !== 'percentile') {
      raise(
        SigmaCorrelationErrorCode.InvalidCondition,
        `${PATH}.${key}`,
        `unknown condition item "${key}"`,
        SECTION,
      );
    }
  }
  const comparisons = entries
    .filter(([key]) => OPERATORS.includes(key as ComparisonOperator))
    .map(([key, value]) => ({
      operator: key as ComparisonOperator,
      value: parseThreshold(key, value, type, raise),
    }));
  checkCombination(comparisons, raise);
  if (temporal && comparisons.every((c) => !holds(c, ruleCount))) {
    // counting distinct rules can never exceed the number of rules referenced
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      PATH,
      `can never hold with ${ruleCount} referenced rule(s)`,
      SECTION,
    );
  }
  const record = raw as Record<string, unknown>;
  return {
    comparisons,
    fields: parseFields(record.field, type, raise),
    ...(record.percentile === undefined
      ? {}
      : { percentile: parsePercentile(record.percentile, type, raise) }),
  };
}

/** True when `value` satisfies every comparison of the condition. */
export function conditionHolds(condition: CorrelationCondition, value: number): boolean {
  return condition.comparisons.every((comparison) => holds(comparison, value));
}

function holds({ operator, value: threshold }: Comparison, value: number): boolean {
  switch (operator) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'eq':
      return value === threshold;
    case 'neq':
      return value !== threshold;
  }
}

function parseThreshold(
  key: string,
  raw: unknown,
  type: CorrelationType,
  raise: RaiseCorrelationError,
): number {
  const text = typeof raw === 'number' ? quoteValue(raw) : raw;
  const value =
    typeof text === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      `${PATH}.${key}`,
      `"${quoteValue(raw)}" is not a number`,
      SECTION,
    );
  }
  if (COUNTING_TYPES.includes(type) && (!Number.isInteger(value) || value < 0)) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      `${PATH}.${key}`,
      `a ${type} threshold is a count: a whole number ≥ 0`,
      SECTION,
    );
  }
  return value;
}

function checkCombination(comparisons: Comparison[], raise: RaiseCorrelationError): void {
  if (comparisons.length === 0) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      PATH,
      'needs one of gt, gte, lt, lte, eq, neq',
      SECTION,
    );
  }
  if (comparisons.length === 1) return;
  const lower = comparisons.find((c) => LOWER.includes(c.operator));
  const upper = comparisons.find((c) => UPPER.includes(c.operator));
  if (comparisons.length !== 2 || !lower || !upper) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      PATH,
      'a range is one lower bound (gt/gte) and one upper bound (lt/lte)',
      SECTION,
    );
  }
  const inclusive = lower.operator === 'gte' && upper.operator === 'lte';
  if (lower.value > upper.value || (lower.value === upper.value && !inclusive)) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      PATH,
      `the range ${lower.operator} ${lower.value} and ${upper.operator} ${upper.value} is empty`,
      SECTION,
    );
  }
}

function parseFields(raw: unknown, type: CorrelationType, raise: RaiseCorrelationError): string[] {
  const path = `${PATH}.field`;
  const needsField = FIELD_TYPES.includes(type);
  if (raw === undefined || raw === null) {
    if (needsField)
      raise(
        SigmaCorrelationErrorCode.MissingAttribute,
        path,
        `a ${type} correlation needs condition.field`,
        SECTION,
      );
    return [];
  }
  if (!needsField) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      path,
      `a ${type} correlation aggregates no field; remove condition.field`,
      SECTION,
    );
  }
  const fields = Array.isArray(raw) ? raw : [raw];
  if (fields.length === 0 || !fields.every((f): f is string => typeof f === 'string' && f.length > 0)) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      path,
      'field is a field name or a list of field names',
      SECTION,
    );
  }
  if (fields.length > 1 && type !== 'value_count') {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      path,
      `a ${type} correlation aggregates exactly one numeric field`,
      SECTION,
    );
  }
  return fields;
}

function parsePercentile(raw: unknown, type: CorrelationType, raise: RaiseCorrelationError): number {
  const path = `${PATH}.percentile`;
  if (type !== 'value_percentile') {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      path,
      'percentile only applies to value_percentile',
      SECTION,
    );
  }
  const value =
    typeof raw === 'string' && /^[0-9]+$/.test(raw.trim())
      ? Number(raw)
      : typeof raw === 'number'
        ? raw
        : Number.NaN;
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    raise(
      SigmaCorrelationErrorCode.InvalidCondition,
      path,
      'percentile is a whole number from 0 to 100',
      SECTION,
    );
  }
  return value;
}

/**
 * Whether a correlation is judged when its window ends rather than when a match arrives: its
 * condition has an upper bound (lt, lte), which more matches can still break ("fewer than 5 in an
 * hour" is known only once the hour is over). The specification's value_percentile (the share of
 * the arriving match's value, `lte: 1` for a rare value) is about each arriving match and stays
 * judged on arrival.
 */
export function judgedAtWindowEnd(rule: CorrelationRule): boolean {
  if (rule.type === 'value_percentile' && rule.condition.percentile === undefined) return false;
  return rule.condition.comparisons.some(({ operator }) => UPPER.includes(operator));
}

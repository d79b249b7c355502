import { base64, base64Offsets, utf16, type EncodedValue } from './encoding';
import type { RawValue, ValuePredicate, ValueTest } from './field-clause';
import { inNetwork, parseCidr, parseIp } from './ip-network';
import { regexRequiredLiteral, translateRegex } from './regex-translator';
import {
  hasWildcards,
  literalSigmaString,
  parseSigmaString,
  plainText,
  windash,
  withLeadingAny,
  withTrailingAny,
  type SigmaString,
} from './sigma-string';
import { ruleError } from './sigma-rule-error';
import { compileStringMatcher } from './string-matcher';

export const TRANSFORM_MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'base64',
  'base64offset',
  'utf16le',
  'wide',
  'utf16be',
  'utf16',
  'windash',
] as const;
export const COMPARE_MODIFIERS = ['lt', 'lte', 'gt', 'gte'] as const;
export const TIME_MODIFIERS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export const REGEX_FLAGS = ['i', 'm', 's'] as const;

type TransformModifier = (typeof TRANSFORM_MODIFIERS)[number];
type CompareModifier = (typeof COMPARE_MODIFIERS)[number];
type TimeModifier = (typeof TIME_MODIFIERS)[number];

/** The value-type part of a modifier chain, after transformations. */
export type ValueType =
  | { kind: 'string' }
  | { kind: 're'; flags: string[] }
  | { kind: 'cidr' }
  | { kind: 'compare'; op: CompareModifier }
  | { kind: 'time'; unit: TimeModifier; op: CompareModifier | 'eq' }
  /** `anyBefore`/`anyAfter`: the referenced value may be preceded/followed by anything (endswith/startswith). */
  | { kind: 'fieldref'; anyBefore: boolean; anyAfter: boolean };

export interface ValueSpec {
  transforms: TransformModifier[];
  type: ValueType;
  cased: boolean;
}

/** Compiles one rule value (already placeholder-expanded) into tests; may expand into several. */
export function compileValue(raw: RawValue, spec: ValueSpec, path: string): ValueTest[] {
  if (raw === null) throw ruleError(path, 'null cannot be used with modifiers or inside a list of values');
  const text = String(raw);
  switch (spec.type.kind) {
    case 'string':
      return compileStringValue(text, spec, path);
    case 're': {
      const regex = translateRegex(text, spec.type.flags, path);
      const literal = regexRequiredLiteral(regex.source);
      const ignoreCase = regex.flags.includes('i');
      const needle = literal !== null && ignoreCase ? literal.toLowerCase() : literal;
      const testText =
        needle === null
          ? (v: string): boolean => regex.test(v)
          : (v: string, lower: string): boolean => (ignoreCase ? lower : v).includes(needle) && regex.test(v);
      return [
        {
          test: scalar(testText),
          testText,
          requiredLiteral: literal?.toLowerCase() ?? null,
          description: `/${text}/`,
        },
      ];
    }
    case 'cidr': {
      const network = parseCidr(text);
      if (!network) throw ruleError(path, `invalid CIDR network '${text}'`);
      return [{ test: scalar((v) => isInNetwork(network, v)), requiredLiteral: null, description: text }];
    }
    case 'compare': {
      const bound = numericRuleValue(raw, path);
      const compare = comparator(spec.type.op, bound);
      return [{ test: numeric(compare), requiredLiteral: null, description: `${spec.type.op} ${text}` }];
    }
    case 'time': {
      const bound = numericRuleValue(raw, path);
      const compare = spec.type.op === 'eq' ? (n: number) => n === bound : comparator(spec.type.op, bound);
      const unit = spec.type.unit;
      return [
        {
          test: scalar((v) => timePart(v, unit, compare)),
          requiredLiteral: null,
          description: `${unit} ${text}`,
        },
      ];
    }
    case 'fieldref': {
      const compare = referenceComparison(spec.type, spec.cased);
      const test: ValuePredicate = (value, context) => referenceMatches(value, context.field(text), compare);
      return [{ test, requiredLiteral: null, description: `fieldref ${text}` }];
    }
  }
}

function compileStringValue(text: string, spec: ValueSpec, path: string): ValueTest[] {
  let items: { value: SigmaString; bytes: boolean }[] = [{ value: parseSigmaString(text), bytes: false }];
  for (const modifier of spec.transforms) {
    items = items.flatMap((item) => applyTransform(item, modifier, path));
  }
  return items.map(({ value }) => {
    const matcher = compileStringMatcher(value, spec.cased);
    const testText = (v: string, lower: string): boolean => matcher.test(v, lower);
    return {
      test: scalar(testText),
      testText,
      requiredLiteral: matcher.requiredLiteral.toLowerCase() || null,
      exact: matcher.exact,
      contains: matcher.contains,
      description: text,
    };
  });
}

function applyTransform(
  item: { value: SigmaString; bytes: boolean },
  modifier: TransformModifier,
  path: string,
): { value: SigmaString; bytes: boolean }[] {
  const encoded = (): EncodedValue => {
    if (hasWildcards(item.value))
      throw ruleError(path, `the ${modifier} modifier cannot encode a value with wildcards`);
    return { text: plainText(item.value), isBytes: item.bytes };
  };
  switch (modifier) {
    case 'contains':
      return [{ ...item, value: withTrailingAny(withLeadingAny(item.value)) }];
    case 'startswith':
      return [{ ...item, value: withTrailingAny(item.value) }];
    case 'endswith':
      return [{ ...item, value: withLeadingAny(item.value) }];
    case 'windash':
      return [{ ...item, value: windash(item.value) }];
    case 'base64':
      return [{ value: literalSigmaString(base64(encoded())), bytes: false }];
    case 'base64offset':
      return base64Offsets(encoded()).map((text) => ({ value: literalSigmaString(text), bytes: false }));
    case 'utf16le':
    case 'wide':
      return [toEncodedItem(utf16(encoded(), 'utf16le'))];
    case 'utf16be':
      return [toEncodedItem(utf16(encoded(), 'utf16be'))];
    case 'utf16':
      return [toEncodedItem(utf16(encoded(), 'utf16'))];
  }
}

function toEncodedItem(value: EncodedValue): { value: SigmaString; bytes: boolean } {
  return { value: literalSigmaString(value.text), bytes: value.isBytes };
}

/** Applies a string test to a scalar event value, or to any element of an array value. */
export function scalar(test: (value: string, lower: string) => boolean): ValuePredicate {
  const check = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string':
        return test(value, value.toLowerCase());
      case 'number':
      case 'boolean':
      case 'bigint': {
        const text = String(value);
        return test(text, text.toLowerCase());
      }
      case 'object':
        return Array.isArray(value) && value.some(check);
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
    }
  };
  return check;
}

function numeric(test: (n: number) => boolean): ValuePredicate {
  return scalar((value) => {
    const n = toNumber(value);
    return n !== null && test(n);
  });
}

const NUMBER = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(value: string): number | null {
  if (NUMBER.test(value)) return Number(value);
  if (/^\s*0x[0-9a-fA-F]+\s*$/.test(value)) return parseInt(value, 16);
  return null;
}

function numericRuleValue(raw: RawValue, path: string): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? toNumber(raw) : null;
  if (n === null) throw ruleError(path, `expected a number, got '${String(raw)}'`);
  return n;
}

function comparator(op: CompareModifier, bound: number): (n: number) => boolean {
  switch (op) {
    case 'lt':
      return (n) => n < bound;
    case 'lte':
      return (n) => n <= bound;
    case 'gt':
      return (n) => n > bound;
    case 'gte':
      return (n) => n >= bound;
  }
}

function isInNetwork(network: NonNullable<ReturnType<typeof parseCidr>>, value: string): boolean {
  const address = parseIp(value);
  return address !== null && inNetwork(network, address);
}

function timePart(value: string, unit: TimeModifier, test: (n: number) => boolean): boolean {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const date = new Date(time);
  switch (unit) {
    case 'minute':
      return test(date.getUTCMinutes());
    case 'hour':
      return test(date.getUTCHours());
    case 'day':
      return test(date.getUTCDate());
    case 'week':
      return test(isoWeek(date));
    case 'month':
      return test(date.getUTCMonth() + 1);
    case 'year':
      return test(date.getUTCFullYear());
  }
}

function isoWeek(date: Date): number {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** How a field's text compares with a referenced field's text (both lower-case unless cased). */
function referenceComparison(
  reference: { anyBefore: boolean; anyAfter: boolean },
  cased: boolean,
): (text: string, referenced: string) => boolean {
  const fold = (text: string): string => (cased ? text : text.toLowerCase());
  if (reference.anyBefore && reference.anyAfter) return (a, b) => fold(a).includes(fold(b));
  if (reference.anyAfter) return (a, b) => fold(a).startsWith(fold(b));
  if (reference.anyBefore) return (a, b) => fold(a).endsWith(fold(b));
  return (a, b) => fold(a) === fold(b);
}

function referenceMatches(
  value: unknown,
  referenced: unknown,
  compare: (text: string, referenced: string) => boolean,
): boolean {
  if (value === undefined || value === null || referenced === undefined || referenced === null) return false;
  if (Array.isArray(value)) return value.some((item) => referenceMatches(item, referenced, compare));
  const a = scalarText(value);
  const b = scalarText(referenced);
  if (a === null || b === null) return false;
  return compare(a, b);
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

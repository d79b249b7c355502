/** Why a correlation rule (or a set of them) was refused at load time. */
export enum SigmaCorrelationErrorCode {
  NotAnObject = 'NOT_AN_OBJECT',
  MissingAttribute = 'MISSING_ATTRIBUTE',
  InvalidAttribute = 'INVALID_ATTRIBUTE',
  UnknownType = 'UNKNOWN_TYPE',
  InvalidTimespan = 'INVALID_TIMESPAN',
  InvalidCondition = 'INVALID_CONDITION',
  InvalidAlias = 'INVALID_ALIAS',
  DuplicateIdentity = 'DUPLICATE_IDENTITY',
  UnknownReference = 'UNKNOWN_REFERENCE',
  ReferenceCycle = 'REFERENCE_CYCLE',
  /** A correlation chained on one judged at window end (lt / lte), which Vigil does not feed on. */
  UnsupportedChain = 'UNSUPPORTED_CHAIN',
}

export interface SigmaCorrelationErrorDetails {
  code: SigmaCorrelationErrorCode;
  /** Where the attribute sits inside the document, e.g. `correlation.condition.gte`. */
  path: string;
  reason: string;
  /** The section of the Sigma correlation specification (v2.1) the rule breaks. */
  specSection: string;
  file?: string;
  documentIndex?: number;
  /** The key of the correlation rule at fault, when the error is about one rule of a set. */
  ruleKey?: string;
}

/**
 * A correlation rule that cannot be loaded. The message names the file, the document, the path
 * inside it and the spec section, so a rule author can fix it without reading engine code.
 */
export class SigmaCorrelationError extends Error {
  readonly code: SigmaCorrelationErrorCode;
  readonly path: string;
  readonly reason: string;
  readonly specSection: string;
  readonly file?: string;
  readonly documentIndex?: number;
  readonly ruleKey?: string;

  constructor(details: SigmaCorrelationErrorDetails) {
    super(SigmaCorrelationError.describe(details));
    this.name = 'SigmaCorrelationError';
    this.code = details.code;
    this.path = details.path;
    this.reason = details.reason;
    this.specSection = details.specSection;
    this.file = details.file;
    this.documentIndex = details.documentIndex;
    this.ruleKey = details.ruleKey;
  }

  private static describe(details: SigmaCorrelationErrorDetails): string {
    const where = [details.file ?? '<unknown file>'];
    if (details.documentIndex !== undefined) where.push(`document ${details.documentIndex}`);
    where.push(details.path);
    return `${where.join(' › ')}: ${details.reason} (Sigma correlation spec, "${details.specSection}")`;
  }
}

/** A value quoted in an error message: strings as they are, anything else as JSON. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

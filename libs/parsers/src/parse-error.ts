/** What went wrong, as a stable code the DLQ and metrics can group by. */
export const ParseErrorCode = {
  EmptyLine: 'EMPTY_LINE',
  LineTooLong: 'LINE_TOO_LONG',
  InvalidOption: 'INVALID_OPTION',
  UnrecognizedFormat: 'UNRECOGNIZED_FORMAT',
  InvalidPriority: 'INVALID_PRIORITY',
  InvalidHeader: 'INVALID_HEADER',
  InvalidTimestamp: 'INVALID_TIMESTAMP',
  InvalidStructuredData: 'INVALID_STRUCTURED_DATA',
  InvalidExtension: 'INVALID_EXTENSION',
  InvalidJson: 'INVALID_JSON',
  NestingTooDeep: 'NESTING_TOO_DEEP',
  NoFields: 'NO_FIELDS',
  /** A parser bug: the line goes to the dead-letter queue with the exception's message instead of crashing ingestion. */
  InternalError: 'INTERNAL_ERROR',
} as const;
export type ParseErrorCode = (typeof ParseErrorCode)[keyof typeof ParseErrorCode];

/** The formats a line can be parsed as. */
export const LOG_FORMATS = ['rfc5424', 'rfc3164', 'cef', 'leef', 'json', 'access', 'kv'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

/**
 * A line that could not be parsed. Plain data (no stack) so it can travel to the dead-letter
 * queue as the reason; `column` is 1-based in the decoded line.
 */
export interface ParseError {
  readonly code: ParseErrorCode;
  /** Human reason naming what was wrong and where. */
  readonly reason: string;
  /** The format that was tried ('auto' when no format matched). */
  readonly format: LogFormat | 'auto';
  readonly column?: number;
}

/** A parser's failure before it is tagged with the format. */
export interface FormatFailure {
  readonly ok: false;
  readonly code: ParseErrorCode;
  readonly reason: string;
  readonly column?: number;
}

export function fail(code: ParseErrorCode, reason: string, column?: number): FormatFailure {
  return column === undefined
    ? { ok: false, code, reason }
    : { ok: false, code, reason: `${reason} at column ${column}`, column };
}

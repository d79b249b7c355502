/**
 * @vigil/parsers — turns raw log lines (RFC 5424 / 3164 syslog, CEF, LEEF, JSON incl. Windows
 * events from Winlogbeat and NXLog, Apache/Nginx access logs, firewall key=value) into the
 * normalized ECS event of @vigil/contracts. Pure functions, no I/O: ingestion calls `parseLine`
 * per line and sends failures, with their reason, to the dead-letter queue.
 */
export { parseLine, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_LINE_BYTES, DEFAULT_TIMEZONE } from './parse-line';
export { checkJsonDepth } from './formats/json-object';
export type { ParseOptions, ParseResult } from './parse-line';
export { ParseErrorCode, LOG_FORMATS, isLogFormat } from './parse-error';
export type { LogFormat, ParseError } from './parse-error';
export { detectFormat } from './detect/detect-format';
export { decodeLine } from './text/decode-line';

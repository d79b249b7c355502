import { parseCommandLine, UsageError, type CommandSpec, type ParsedCommandLine } from '@vigil/cli';
import { resolve, join } from 'node:path';
import { ForwarderError, ForwarderErrorCode } from '../forwarder-error';
import { LOG_FORMATS, type ApiKeySource, type ForwarderOptions, type LogFormat } from './forwarder-options';

/** The forwarder's command line: its help is made from these descriptions. */
export const FORWARDER_COMMAND = {
  name: 'forwarder',
  usage: '--url URL (--api-key KEY | --api-key-file PATH) [options] FILE...',
  summary: 'Ships log files to a Vigil ingestion service over HTTP, resuming where it stopped.',
  details: `Progress is drawn on stderr when it is a terminal; otherwise a summary line every 30 s.
Exit code 0 when everything was shipped (or --follow was stopped), 1 on a failure, 2 when the
command line is wrong, 130 when a one-shot run was stopped before the end.`,
  positionals: { placeholder: 'FILE...', description: 'log files to ship, each once' },
  options: {
    url: {
      type: 'string',
      placeholder: 'URL',
      description: 'ingestion service, e.g. https://soc.example.gov.vn:8080',
    },
    'api-key': {
      type: 'string',
      placeholder: 'KEY',
      description: "the agency's API key (visible in 'ps'; prefer --api-key-file)",
    },
    'api-key-file': {
      type: 'string',
      placeholder: 'PATH',
      description: 'read the API key from PATH (first line)',
    },
    format: { type: 'string', placeholder: 'NAME', description: `${LOG_FORMATS.join('|')} (default auto)` },
    follow: {
      type: 'boolean',
      description: 'keep following the files as they grow, rotate or are truncated',
    },
    'state-dir': {
      type: 'string',
      placeholder: 'DIR',
      description: 'where shipping progress is saved (default ~/.vigil-forwarder)',
    },
    'batch-lines': {
      type: 'string',
      placeholder: 'N',
      description: 'at most N lines per request (default 1000)',
    },
    'batch-bytes': {
      type: 'string',
      placeholder: 'N',
      description: 'at most N bytes per request (default 1048576)',
    },
    gzip: { type: 'boolean', description: 'compress request bodies' },
    'max-retries': {
      type: 'string',
      placeholder: 'N',
      description: 'give up on a batch after N retries (default: retry forever)',
    },
    'poll-interval': {
      type: 'string',
      placeholder: 'MS',
      description: 'how often followed files are checked (default 1000)',
    },
    quiet: { type: 'boolean', description: 'no progress display' },
  },
} as const satisfies CommandSpec;

/** What the command line asks for; the API key may still have to be read from a file. */
export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; options: Omit<ForwarderOptions, 'apiKey'>; apiKey: ApiKeySource };

export interface CliEnvironment {
  cwd: string;
  /** undefined when the user has no home directory (state then goes under cwd). */
  homeDir: string | undefined;
}

/** Parses and validates the command line; throws a Usage ForwarderError naming the bad option. */
export function parseArguments(args: readonly string[], environment: CliEnvironment): CliRequest {
  let request;
  try {
    request = parseCommandLine(FORWARDER_COMMAND, args);
  } catch (error) {
    if (error instanceof UsageError) throw usage(error.message);
    throw error;
  }
  if (request.kind !== 'run') return { kind: request.kind };
  return { kind: 'run', ...forwarderRequestOf(request, environment) };
}

/** The options of a parsed command line, checked and with their defaults. */
export function forwarderRequestOf(
  { values, positionals }: ParsedCommandLine<(typeof FORWARDER_COMMAND)['options']>,
  environment: CliEnvironment,
): { options: Omit<ForwarderOptions, 'apiKey'>; apiKey: ApiKeySource } {
  const url = parseUrl(values.url);
  const apiKey = parseApiKeySource(values['api-key'], values['api-key-file'], environment.cwd);
  if (positionals.length === 0) throw usage('name at least one FILE to ship');
  const defaultStateDir =
    environment.homeDir === undefined || environment.homeDir === ''
      ? join(environment.cwd, '.vigil-forwarder')
      : join(environment.homeDir, '.vigil-forwarder');

  return {
    apiKey,
    options: {
      url,
      format: parseFormat(values.format),
      follow: values.follow,
      stateDir:
        values['state-dir'] === undefined ? defaultStateDir : resolve(environment.cwd, values['state-dir']),
      batchLines: parseInteger('--batch-lines', values['batch-lines'], 1000, 1, 100_000),
      batchBytes: parseInteger('--batch-bytes', values['batch-bytes'], 1_048_576, 1024, 64 * 1_048_576),
      gzip: values.gzip,
      maxRetries:
        values['max-retries'] === undefined
          ? undefined
          : parseInteger('--max-retries', values['max-retries'], 0, 0, 1_000_000),
      quiet: values.quiet,
      pollIntervalMs: parseInteger('--poll-interval', values['poll-interval'], 1000, 10, 3_600_000),
      files: [...new Set(positionals.map((file) => resolve(environment.cwd, file)))],
    },
  };
}

function parseUrl(value: string | undefined): URL {
  if (value === undefined) throw usage('--url is required (e.g. --url http://127.0.0.1:8080)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`--url '${value}' is not a URL (e.g. --url http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`--url '${value}' must start with http:// or https://`);
  }
  return url;
}

function parseApiKeySource(value: string | undefined, file: string | undefined, cwd: string): ApiKeySource {
  if (value !== undefined && file !== undefined)
    throw usage('give either --api-key or --api-key-file, not both');
  if (value !== undefined) {
    if (value.trim() === '') throw usage('--api-key is empty');
    return { kind: 'value', value: value.trim() };
  }
  if (file !== undefined) return { kind: 'file', path: resolve(cwd, file) };
  throw usage('--api-key or --api-key-file is required');
}

function parseFormat(value: string | undefined): LogFormat {
  if (value === undefined) return 'auto';
  const format = LOG_FORMATS.find((candidate) => candidate === value);
  if (format === undefined) throw usage(`--format '${value}' is not one of ${LOG_FORMATS.join(', ')}`);
  return format;
}

function parseInteger(option: string, value: string | undefined, fallback: number, min: number, max: number) {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw usage(`${option} '${value}' is not a whole number`);
  const number = Number(value);
  if (number < min || number > max) throw usage(`${option} ${value} is outside ${min}..${max}`);
  return number;
}

function usage(message: string): ForwarderError {
  return new ForwarderError(ForwarderErrorCode.Usage, message);
}

import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ForwarderError, ForwarderErrorCode } from '../forwarder-error';
import { LOG_FORMATS, type ApiKeySource, type ForwarderOptions, type LogFormat } from './forwarder-options';

export const USAGE = `Usage: forwarder --url URL (--api-key KEY | --api-key-file PATH) [options] FILE...

Ships log files to a Vigil ingestion service over HTTP, resuming where it stopped.

  --url URL             ingestion service, e.g. https://soc.example.gov.vn:8080
  --api-key KEY         the agency's API key (visible in 'ps'; prefer --api-key-file)
  --api-key-file PATH   read the API key from PATH (first line)
  --format NAME         ${LOG_FORMATS.join('|')} (default auto)
  --follow              keep following the files as they grow, rotate or are truncated
  --state-dir DIR       where shipping progress is saved (default ~/.vigil-forwarder)
  --batch-lines N       at most N lines per request (default 1000)
  --batch-bytes N       at most N bytes per request (default 1048576)
  --gzip                compress request bodies
  --max-retries N       give up on a batch after N retries (default: retry forever)
  --poll-interval MS    how often followed files are checked (default 1000)
  --quiet               no progress display
  -h, --help            this text
`;

/** What the command line asks for; the API key may still have to be read from a file. */
export type CliRequest =
  { kind: 'help' } | { kind: 'run'; options: Omit<ForwarderOptions, 'apiKey'>; apiKey: ApiKeySource };

export interface CliEnvironment {
  cwd: string;
  /** undefined when the user has no home directory (state then goes under cwd). */
  homeDir: string | undefined;
}

/** Parses and validates the command line; throws a Usage ForwarderError naming the bad option. */
export function parseArguments(args: string[], environment: CliEnvironment): CliRequest {
  const { values, positionals } = parseOrExplain(args);
  if (values.help === true) return { kind: 'help' };

  const url = parseUrl(values.url);
  const apiKey = parseApiKeySource(values['api-key'], values['api-key-file'], environment.cwd);
  if (positionals.length === 0) throw usage('name at least one FILE to ship');
  const defaultStateDir =
    environment.homeDir === undefined || environment.homeDir === ''
      ? join(environment.cwd, '.vigil-forwarder')
      : join(environment.homeDir, '.vigil-forwarder');

  return {
    kind: 'run',
    apiKey,
    options: {
      url,
      format: parseFormat(values.format),
      follow: values.follow === true,
      stateDir:
        values['state-dir'] === undefined ? defaultStateDir : resolve(environment.cwd, values['state-dir']),
      batchLines: parseInteger('--batch-lines', values['batch-lines'], 1000, 1, 100_000),
      batchBytes: parseInteger('--batch-bytes', values['batch-bytes'], 1_048_576, 1024, 64 * 1_048_576),
      gzip: values.gzip === true,
      maxRetries:
        values['max-retries'] === undefined
          ? undefined
          : parseInteger('--max-retries', values['max-retries'], 0, 0, 1_000_000),
      quiet: values.quiet === true,
      pollIntervalMs: parseInteger('--poll-interval', values['poll-interval'], 1000, 10, 3_600_000),
      files: [...new Set(positionals.map((file) => resolve(environment.cwd, file)))],
    },
  };
}

function parseOrExplain(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'api-key-file': { type: 'string' },
        format: { type: 'string' },
        follow: { type: 'boolean' },
        'state-dir': { type: 'string' },
        'batch-lines': { type: 'string' },
        'batch-bytes': { type: 'string' },
        gzip: { type: 'boolean' },
        'max-retries': { type: 'string' },
        'poll-interval': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // node:util names the option in its message ("Unknown option '--foo'", "Option '--url <value>'
    // argument missing"); keep only its first sentence.
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    throw usage(message);
  }
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

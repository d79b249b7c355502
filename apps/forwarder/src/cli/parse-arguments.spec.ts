import { ForwarderErrorCode } from '../forwarder-error';
import { parseArguments, type CliRequest } from './parse-arguments';

const environment = { cwd: '/srv/agency', homeDir: '/home/vigil' };
const required = ['--url', 'http://127.0.0.1:8080', '--api-key', 'k-123'];

function run(args: string[]) {
  const request: CliRequest = parseArguments(args, environment);
  if (request.kind !== 'run') throw new Error('expected a run request');
  return request;
}

function usageMessage(args: string[]): string {
  try {
    parseArguments(args, environment);
  } catch (error) {
    expect(error).toMatchObject({ code: ForwarderErrorCode.Usage });
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseArguments', () => {
  it('applies the documented defaults', () => {
    const { options, apiKey } = run([...required, 'logs/app.log']);
    expect(apiKey).toEqual({ kind: 'value', value: 'k-123' });
    expect(options).toMatchObject({
      format: 'auto',
      follow: false,
      stateDir: '/home/vigil/.vigil-forwarder',
      batchLines: 1000,
      batchBytes: 1_048_576,
      gzip: false,
      maxRetries: undefined,
      quiet: false,
      pollIntervalMs: 1000,
      files: ['/srv/agency/logs/app.log'],
    });
    expect(options.url.href).toBe('http://127.0.0.1:8080/');
  });

  it('reads every option and lists each file once', () => {
    const { options, apiKey } = run([
      '--url=https://soc.example:8443/base',
      '--api-key-file',
      'key.txt',
      '--format',
      'rfc3164',
      '--follow',
      '--state-dir',
      'state',
      '--batch-lines',
      '50',
      '--batch-bytes',
      '4096',
      '--gzip',
      '--max-retries',
      '0',
      '--quiet',
      '/var/log/a.log',
      '/var/log/a.log',
      '/var/log/b.log',
    ]);
    expect(apiKey).toEqual({ kind: 'file', path: '/srv/agency/key.txt' });
    expect(options).toMatchObject({
      format: 'rfc3164',
      follow: true,
      stateDir: '/srv/agency/state',
      batchLines: 50,
      batchBytes: 4096,
      gzip: true,
      maxRetries: 0,
      quiet: true,
      files: ['/var/log/a.log', '/var/log/b.log'],
    });
  });

  it('puts state under the working directory when there is no home directory', () => {
    const request = parseArguments([...required, 'a.log'], { cwd: '/srv', homeDir: undefined });
    expect(request.kind === 'run' && request.options.stateDir).toBe('/srv/.vigil-forwarder');
  });

  it('answers --help and --version without requiring anything else', () => {
    expect(parseArguments(['--help'], environment)).toEqual({ kind: 'help' });
    expect(parseArguments(['-h'], environment)).toEqual({ kind: 'help' });
    expect(parseArguments(['--version'], environment)).toEqual({ kind: 'version' });
  });

  it('refuses an unknown option naming the known ones', () => {
    expect(usageMessage([...required, '--compress', 'a.log'])).toBe(
      "unknown option '--compress'; known options: --url, --api-key, --api-key-file, --format, --follow, --state-dir, " +
        '--batch-lines, --batch-bytes, --gzip, --max-retries, --poll-interval, --quiet, --help, --version',
    );
  });

  it.each([
    [['--api-key', 'k', 'a.log'], '--url is required'],
    [['--url', 'ftp://x', '--api-key', 'k', 'a.log'], '--url'],
    [['--url', 'http://x'], '--api-key or --api-key-file'],
    [['--url', 'http://x', '--api-key', 'k', '--api-key-file', 'f', 'a.log'], 'not both'],
    [[...required], 'FILE'],
    [[...required, '--format', 'xml', 'a.log'], '--format'],
    [[...required, '--batch-lines', '0', 'a.log'], '--batch-lines'],
    [[...required, '--batch-bytes', '1k', 'a.log'], '--batch-bytes'],
    [[...required, '--max-retries', '-1', 'a.log'], '--max-retries'],
    [[...required, '--bogus', 'a.log'], '--bogus'],
  ])('rejects %j naming the problem', (args, expected) => {
    expect(usageMessage(args)).toContain(expected);
  });
});

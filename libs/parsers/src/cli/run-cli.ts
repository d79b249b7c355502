import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_TIMEZONE, parseLine, type ParseOptions } from '../parse-line';
import { isLogFormat, type LogFormat } from '../parse-error';
import { isValidTimeZone } from '../time/zoned-time';
import { LineSplitter, type SplitLine } from './line-splitter';

export const USAGE = `usage: parse [--format auto|rfc5424|rfc3164|cef|leef|json|access|kv] [--agency ID] [--timezone TZ]
Reads log lines on stdin, writes one normalized event per line (NDJSON) on stdout and one line per
failure on stderr. Exit code 1 when any line failed, 2 on bad arguments.`;

export interface CliIo {
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

interface CliOptions {
  readonly format: LogFormat | 'auto';
  readonly agency: string;
  readonly timezone: string;
}

function readOptions(argv: readonly string[]): CliOptions | string {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string', default: 'auto' },
        agency: { type: 'string', default: 'unknown' },
        timezone: { type: 'string', default: DEFAULT_TIMEZONE },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return '';
    const format = values.format;
    if (format !== 'auto' && !isLogFormat(format)) return `unknown format "${format}"`;
    if (values.agency === '') return '--agency must not be empty';
    if (!isValidTimeZone(values.timezone)) return `unknown time zone "${values.timezone}"`;
    return { format, agency: values.agency, timezone: values.timezone };
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

/** The `parse` command, with its streams passed in so it can be tested without a process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const options = readOptions(argv);
  if (typeof options === 'string') {
    await write(io.stderr, options === '' ? `${USAGE}\n` : `parse: ${options}\n${USAGE}\n`);
    return options === '' ? 0 : 2;
  }
  const parseOptions: ParseOptions = {
    organizationId: options.agency,
    format: options.format,
    timezone: options.timezone,
  };
  const splitter = new LineSplitter(DEFAULT_MAX_LINE_BYTES);
  let lineNumber = 0;
  let failed = 0;
  const handle = async (lines: SplitLine[]): Promise<void> => {
    let out = '';
    let err = '';
    for (const line of lines) {
      lineNumber++;
      if ('tooLong' in line) {
        failed++;
        err += `line ${lineNumber}: LINE_TOO_LONG: line is ${line.tooLong} bytes or more, over the ${DEFAULT_MAX_LINE_BYTES}-byte limit\n`;
        continue;
      }
      const { bytes } = line;
      if (bytes.length === 0 || (bytes.length === 1 && bytes[0] === 13)) continue;
      const result = parseLine(bytes, { ...parseOptions, receivedAt: new Date() });
      if (result.ok) {
        out += `${JSON.stringify(result.event)}\n`;
      } else {
        failed++;
        const { code, reason, format } = result.error;
        err += `line ${lineNumber}: ${code} (${format}): ${reason}\n`;
      }
    }
    await write(io.stdout, out);
    await write(io.stderr, err);
  };
  for await (const chunk of io.stdin) {
    await handle(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  }
  await handle(splitter.end());
  return failed > 0 ? 1 : 0;
}

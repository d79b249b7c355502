import { defineCommand, TerminalProgress, UsageError, writeText, type CliIo } from '@vigil/cli';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_TIMEZONE, parseLine, type ParseOptions } from '../parse-line';
import { LOG_FORMATS } from '../parse-error';
import { isValidTimeZone } from '../time/zoned-time';
import { LineSplitter, type SplitLine } from './line-splitter';

/** The `parse` command: log lines on stdin, normalized events (NDJSON) on stdout. */
export const parseCommand = defineCommand(
  {
    name: 'parse',
    usage: '[--format NAME] [--agency ID] [--timezone TZ] < LOG > EVENTS.ndjson',
    summary: 'Reads log lines on stdin and writes one normalized event per line (NDJSON) on stdout.',
    details: `Each line that does not parse is reported on stderr with its line number and reason; stdout
holds events only. Progress is shown on stderr while it runs when stderr is a terminal.
Exit code 1 when any line failed, 2 when the command line is wrong.`,
    options: {
      format: {
        type: 'string',
        choices: ['auto', ...LOG_FORMATS],
        placeholder: 'NAME',
        description: "the lines' format (default auto: detected per line)",
      },
      agency: {
        type: 'string',
        placeholder: 'ID',
        description: 'the agency the events belong to, as organization.id (default unknown)',
      },
      timezone: {
        type: 'string',
        placeholder: 'TZ',
        description: `IANA zone for times written without one (default ${DEFAULT_TIMEZONE})`,
      },
    },
  },
  async ({ values }, io) => {
    if (values.agency === '') throw new UsageError('--agency must not be empty');
    const timezone = values.timezone ?? DEFAULT_TIMEZONE;
    if (!isValidTimeZone(timezone)) throw new UsageError(`unknown time zone "${timezone}"`);
    return parseStream(
      { organizationId: values.agency ?? 'unknown', format: values.format ?? 'auto', timezone },
      io,
    );
  },
);

/** The `parse` command, with its streams passed in so it can be tested without a process. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return parseCommand.invoke(argv, io);
}

async function parseStream(parseOptions: Omit<ParseOptions, 'receivedAt'>, io: CliIo): Promise<number> {
  const splitter = new LineSplitter(DEFAULT_MAX_LINE_BYTES);
  let lineNumber = 0;
  let parsed = 0;
  let failed = 0;
  const started = Date.now();
  const progress = new TerminalProgress(
    io.stderr,
    () =>
      `parse: ${lineNumber} lines, ${parsed} events, ${failed} failed, ` +
      `${Math.round((lineNumber * 1000) / Math.max(Date.now() - started, 1))} lines/s`,
  );
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
        parsed++;
        out += `${JSON.stringify(result.event)}\n`;
      } else {
        failed++;
        const { code, reason, format } = result.error;
        err += `line ${lineNumber}: ${code} (${format}): ${reason}\n`;
      }
    }
    await writeText(io.stdout, out);
    if (err === '') return;
    if (progress.active) progress.message(err);
    else await writeText(io.stderr, err);
  };
  progress.start();
  try {
    for await (const chunk of io.stdin) {
      await handle(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    }
    await handle(splitter.end());
  } finally {
    progress.stop();
  }
  return failed > 0 ? 1 : 0;
}

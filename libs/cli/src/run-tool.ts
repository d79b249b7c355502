import { once } from 'node:events';
import {
  parseCommandLine,
  UsageError,
  type CommandSpec,
  type OptionSpecs,
  type ParsedCommandLine,
} from './command-line';
import { commandHelp, toolHelp } from './help-text';
import { toolVersion } from './tool-version';

/** A tool's streams, passed in so commands can be tested without a process. */
export interface CliIo {
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly stdout: NodeJS.WritableStream;
  /** `isTTY` decides whether progress is drawn (terminals only). */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Writes and waits while the stream's buffer is full, so a slow reader bounds our memory. */
export async function writeText(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

/** One runnable command: its spec (for help and lists) and how to run it from argv. */
export interface ToolCommand {
  readonly spec: CommandSpec;
  invoke(argv: readonly string[], io: CliIo): Promise<number>;
}

/** A tool with sub-commands (`sigma scan`, `sigma check`). */
export interface ToolSpec {
  readonly name: string;
  readonly summary: string;
  readonly commands: Readonly<Record<string, ToolCommand>>;
}

function versionLine(name: string): string {
  return `${name.split(' ')[0]} ${toolVersion()}\n`;
}

/**
 * Binds a spec to the code that runs it. Exit codes: 0 for --help and --version (printed on
 * stdout), 2 for a command line that cannot run (message on stderr), 1 for any other failure
 * (the command's own codes otherwise).
 */
export function defineCommand<const O extends OptionSpecs>(
  spec: CommandSpec<O>,
  run: (args: ParsedCommandLine<O>, io: CliIo) => Promise<number> | number,
): ToolCommand {
  return {
    spec,
    async invoke(argv, io) {
      try {
        const request = parseCommandLine(spec, argv);
        switch (request.kind) {
          case 'help':
            await writeText(io.stdout, commandHelp(spec));
            return 0;
          case 'version':
            await writeText(io.stdout, versionLine(spec.name));
            return 0;
          case 'run':
            return await run(request, io);
        }
      } catch (error) {
        if (error instanceof UsageError) {
          await writeText(
            io.stderr,
            `${spec.name}: ${error.message}\nRun '${spec.name} --help' for usage.\n`,
          );
          return 2;
        }
        await writeText(io.stderr, `${spec.name}: ${messageOf(error)}\n`);
        return 1;
      }
    },
  };
}

/** Runs a tool's command line: picks the sub-command, or answers --help / --version itself. */
export async function runTool(tool: ToolSpec, argv: readonly string[], io: CliIo): Promise<number> {
  const first = argv.at(0);
  const rest = argv.slice(1);
  const names = Object.keys(tool.commands);
  const list = Object.entries(tool.commands).map(([name, { spec }]) => ({
    name,
    summary: spec.summary.split('\n')[0],
  }));
  if (first === '--help' || first === '-h' || first === 'help') {
    await writeText(io.stdout, toolHelp(tool.name, tool.summary, list));
    return 0;
  }
  if (first === '--version') {
    await writeText(io.stdout, versionLine(tool.name));
    return 0;
  }
  const command =
    first !== undefined && Object.hasOwn(tool.commands, first) ? tool.commands[first] : undefined;
  if (command === undefined) {
    const problem =
      first === undefined
        ? 'name a command'
        : first.startsWith('-')
          ? `unknown option '${first}' before the command; known options: --help, --version`
          : `unknown command '${first}'`;
    await writeText(
      io.stderr,
      `${tool.name}: ${problem}; commands: ${names.join(', ')}\nRun '${tool.name} --help' for usage.\n`,
    );
    return 2;
  }
  return command.invoke(rest, io);
}

function messageOf(error: unknown): string {
  // not `instanceof Error`: errors from another realm (a test's sandbox) carry a message too
  return typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
    ? error.message
    : String(error);
}

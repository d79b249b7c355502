/**
 * @vigil/cli — one way for Vigil's command line tools (sigma, parse, forwarder) to read their
 * arguments (node:util parseArgs underneath), answer --help and --version, refuse unknown options
 * with the list of known ones (exit code 2, message on stderr), and draw progress on stderr only
 * when it is a terminal. stdout is left to each tool's output.
 */
export {
  parseCommandLine,
  knownOptions,
  STANDARD_OPTIONS,
  UsageError,
  type CommandLineRequest,
  type CommandSpec,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  type ParsedCommandLine,
} from './command-line';
export { commandHelp, toolHelp } from './help-text';
export {
  defineCommand,
  processIo,
  runTool,
  writeText,
  type CliIo,
  type ToolCommand,
  type ToolSpec,
} from './run-tool';
export { TerminalProgress, type ProgressStream } from './terminal-progress';
export { toolVersion } from './tool-version';

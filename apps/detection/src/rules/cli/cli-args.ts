/** `command POSITIONAL --flag value --switch` → { command, positional, flags }. */
export interface CliArgs {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

const SWITCHES = new Set(['offline', 'help']);

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  const args: CliArgs = { command, positional: [], flags: new Map() };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest.at(i) ?? '';
    if (!arg.startsWith('--')) {
      args.positional.push(arg);
      continue;
    }
    const parsed = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const name = parsed?.[1] ?? '';
    const inline = parsed?.[2];
    if (SWITCHES.has(name)) args.flags.set(name, true);
    else if (inline !== undefined) args.flags.set(name, inline);
    else {
      const value = rest.at(++i);
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      args.flags.set(name, value);
    }
  }
  return args;
}

export function flag(args: CliArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function requiredFlag(args: CliArgs, name: string): string {
  const value = flag(args, name);
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

/** `command --flag v1 v2 --other v3` → { command, flags: { flag: [v1, v2], other: [v3] } }. */
export interface CliArgs {
  command: string | undefined;
  flags: Map<string, string[]>;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  const flags = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const arg of rest) {
    if (arg.startsWith('--')) {
      const parts = arg.slice(2).split('=');
      const name = parts[0];
      const inline = parts.length > 1 ? parts.slice(1).join('=') : undefined;
      current = flags.get(name) ?? [];
      flags.set(name, current);
      if (inline !== undefined) current.push(inline);
    } else if (current) {
      current.push(arg);
    } else {
      throw new Error(`unexpected argument '${arg}'`);
    }
  }
  return { command, flags };
}

export function flagValues(args: CliArgs, name: string, required: boolean): string[] {
  const values = args.flags.get(name) ?? [];
  if (required && values.length === 0) throw new Error(`--${name} needs at least one value`);
  return values;
}

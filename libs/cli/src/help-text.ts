import { optionLabel, STANDARD_OPTIONS, type CommandSpec, type OptionSpec } from './command-line';

const WIDTH = 26;

function optionLine(name: string, option: OptionSpec): string {
  const value =
    option.type === 'string' ? ` ${option.placeholder ?? 'VALUE'}${option.multiple ? '...' : ''}` : '';
  const facts = [
    option.choices ? `one of: ${option.choices.join(', ')}` : undefined,
    option.required ? 'required' : undefined,
  ].filter((fact) => fact !== undefined);
  return row(
    `${optionLabel(name, option)}${value}`,
    `${option.description}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`,
  );
}

function row(left: string, right: string): string {
  const head = `  ${left}`;
  return head.length + 2 > WIDTH ? `${head}\n${' '.repeat(WIDTH)}${right}` : `${head.padEnd(WIDTH)}${right}`;
}

/** `--help` of one command: usage, what it does, its options (the standard two last). */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`usage: ${spec.name} ${spec.usage}`, '', spec.summary];
  if (spec.details !== undefined) lines.push('', spec.details);
  lines.push('');
  if (spec.positionals !== undefined) {
    lines.push('arguments:', row(spec.positionals.placeholder, spec.positionals.description), '');
  }
  lines.push('options:');
  for (const [name, option] of Object.entries({ ...spec.options, ...STANDARD_OPTIONS }))
    lines.push(optionLine(name, option));
  return `${lines.join('\n')}\n`;
}

/** `--help` of a tool with commands: the commands and one line on each. */
export function toolHelp(
  name: string,
  summary: string,
  commands: readonly { readonly name: string; readonly summary: string }[],
): string {
  const lines = [`usage: ${name} COMMAND [options]`, '', summary, '', 'commands:'];
  for (const command of commands) lines.push(row(command.name, command.summary));
  lines.push(
    '',
    `Run '${name} COMMAND --help' for a command's options; '${name} --version' prints the version.`,
  );
  return `${lines.join('\n')}\n`;
}

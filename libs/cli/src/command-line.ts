import { parseArgs } from 'node:util';

/** One option of a command, as parsed and as shown in its help. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** May be given more than once (`--rules a --rules b`); the values come as a list. */
  readonly multiple?: boolean;
  /** With `multiple`: the words after it belong to it too (`--rules a b --events c`). */
  readonly variadic?: boolean;
  readonly required?: boolean;
  /** The only values accepted; also listed in the help. */
  readonly choices?: readonly string[];
  /** Shown in the help after the option's name (`--rules PATH`). */
  readonly placeholder?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type TextOf<S extends OptionSpec> = S['choices'] extends readonly (infer C extends string)[] ? C : string;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['multiple'] extends true
    ? TextOf<S>[]
    : S['required'] extends true
      ? TextOf<S>
      : TextOf<S> | undefined;

/** Parsed values: switches are booleans, lists are arrays (empty when absent), the rest strings. */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** As typed: `sigma scan`. */
  readonly name: string;
  /** What follows the name in the usage line: `--rules PATH... --events FILE... [options]`. */
  readonly usage: string;
  /** One line for the tool's list of commands, then the first paragraph of the help. */
  readonly summary: string;
  /** More paragraphs after the summary in the help (exit codes, input formats). */
  readonly details?: string;
  readonly options: O;
  /** Words that are not options (`FILE...`); without this, any such word is refused. */
  readonly positionals?: { readonly placeholder: string; readonly description: string };
}

export interface ParsedCommandLine<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

export type CommandLineRequest<O extends OptionSpecs> =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | ({ readonly kind: 'run' } & ParsedCommandLine<O>);

/** A command line that cannot be run as typed: exit code 2, the message on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Every command answers these, whatever else it takes. */
export const STANDARD_OPTIONS = {
  help: { type: 'boolean', short: 'h', description: 'show this help and exit' },
  version: { type: 'boolean', description: 'print the version and exit' },
} as const satisfies OptionSpecs;

/** `--name`, `-n, --name` for messages and help. */
export function optionLabel(name: string, spec: OptionSpec): string {
  return spec.short === undefined ? `--${name}` : `-${spec.short}, --${name}`;
}

export function knownOptions(options: OptionSpecs): string {
  return Object.keys({ ...options, ...STANDARD_OPTIONS })
    .map((name) => `--${name}`)
    .join(', ');
}

/**
 * Reads argv against the command's options with node:util parseArgs, then checks what parseArgs
 * leaves to its caller in one place, so every tool refuses the same mistakes with the same words:
 * an unknown option (naming the known ones), a missing or unexpected value, a value outside its
 * choices, a single-valued option given twice, a stray word, a required option left out.
 * `--help` and `--version` win over any of these.
 */
export function parseCommandLine<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): CommandLineRequest<O> {
  const options: OptionSpecs = { ...spec.options, ...STANDARD_OPTIONS };
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(options).map(([name, option]) => [
        name,
        {
          type: option.type,
          multiple: option.multiple === true,
          ...(option.short === undefined ? {} : { short: option.short }),
        },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const standard = tokens.find(
    (token) => token.kind === 'option' && (token.name === 'help' || token.name === 'version'),
  );
  if (standard?.kind === 'option') return { kind: standard.name === 'version' ? 'version' : 'help' };

  const strings = new Map<string, string[]>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  let taking: string | undefined;
  let terminated = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      terminated = true;
      taking = undefined;
      continue;
    }
    if (token.kind === 'positional') {
      if (taking !== undefined && !terminated) strings.get(taking)?.push(token.value);
      else if (spec.positionals !== undefined) positionals.push(token.value);
      else
        throw new UsageError(
          `unexpected argument '${token.value}'${terminated ? '' : ' (each value follows its option)'}`,
        );
      continue;
    }
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined)
      throw new UsageError(`unknown option '${token.rawName}'; known options: ${knownOptions(spec.options)}`);
    const label = `--${token.name}`;
    taking = undefined;
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${label} takes no value`);
      switches.add(token.name);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.length > 1 && value.startsWith('-')))
      throw new UsageError(`${label} needs a value${option.placeholder ? ` (${option.placeholder})` : ''}`);
    const values = strings.get(token.name) ?? [];
    if (values.length > 0 && option.multiple !== true) throw new UsageError(`${label} is given twice`);
    values.push(value);
    strings.set(token.name, values);
    if (option.variadic === true) taking = token.name;
  }

  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const given = strings.get(name) ?? [];
    if (option.choices !== undefined) {
      const wrong = given.find((value) => !option.choices?.includes(value));
      if (wrong !== undefined)
        throw new UsageError(`--${name} takes ${option.choices.join(', ')}; got '${wrong}'`);
    }
    if (option.required === true && option.type === 'string' && given.length === 0)
      throw new UsageError(
        option.multiple === true ? `--${name} needs at least one value` : `--${name} is required`,
      );
    values[name] =
      option.type === 'boolean' ? switches.has(name) : option.multiple === true ? given : given[0];
  }
  return { kind: 'run', values: values as OptionValues<O>, positionals };
}

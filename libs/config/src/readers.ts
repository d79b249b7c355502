/**
 * Readers turn one environment variable into one typed value, or say what is wrong with it.
 * A spec is a plain object of readers; `loadConfig` applies them all and reports every problem.
 */
export interface Reader<T> {
  readonly variable: string;
  readonly secret: boolean;
  readonly describe: string;
  read(raw: string | undefined): T;
}

/** A value made of several variables (a SASL mechanism needs its password), read from them all. */
export interface GroupReader<T> extends Reader<T> {
  readonly variables: readonly string[];
  readEnv(env: NodeJS.ProcessEnv): T;
  /** The loggable view of the value, which holds secrets among other settings. */
  redact(value: T): unknown;
}

export function isGroupReader<T>(reader: Reader<T>): reader is GroupReader<T> {
  return 'readEnv' in reader;
}

export class InvalidValue extends Error {
  /** `variable`: which one is wrong, when a reader of several variables found the problem. */
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}

interface Options<T> {
  default?: T;
  secret?: boolean;
  describe?: string;
}

function reader<T>(
  variable: string,
  options: Options<T>,
  parse: (raw: string) => T,
  kind: string,
): Reader<T> {
  return {
    variable,
    secret: options.secret ?? false,
    describe: options.describe ?? kind,
    read(raw) {
      if (raw === undefined || raw.trim() === '') {
        if (options.default !== undefined) return options.default;
        throw new InvalidValue(`is required (${kind})`);
      }
      return parse(raw.trim());
    },
  };
}

export const env = {
  string(variable: string, options: Options<string> = {}): Reader<string> {
    return reader(variable, options, (raw) => raw, 'text');
  },
  integer(variable: string, options: Options<number> & { min?: number; max?: number } = {}): Reader<number> {
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
    return reader(
      variable,
      options,
      (raw) => {
        if (!/^-?\d+$/.test(raw)) throw new InvalidValue(`must be a whole number, got "${raw}"`);
        const value = Number(raw);
        if (value < min || value > max)
          throw new InvalidValue(`must be between ${min} and ${max}, got ${value}`);
        return value;
      },
      'whole number',
    );
  },
  port(variable: string, options: Options<number> = {}): Reader<number> {
    return env.integer(variable, { ...options, min: 0, max: 65535 });
  },
  boolean(variable: string, options: Options<boolean> = {}): Reader<boolean> {
    return reader(
      variable,
      options,
      (raw) => {
        if (/^(true|1|yes)$/i.test(raw)) return true;
        if (/^(false|0|no)$/i.test(raw)) return false;
        throw new InvalidValue(`must be true or false, got "${raw}"`);
      },
      'true or false',
    );
  },
  url(variable: string, options: Options<string> & { protocols?: string[] } = {}): Reader<string> {
    const protocols = options.protocols ?? ['http:', 'https:'];
    return reader(
      variable,
      options,
      (raw) => {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new InvalidValue(`must be a URL, got "${raw}"`);
        }
        if (!protocols.includes(url.protocol)) {
          throw new InvalidValue(`must use ${protocols.join(' or ')}, got "${url.protocol}"`);
        }
        return raw;
      },
      'URL',
    );
  },
  /** A comma-separated list; blank entries are dropped. */
  list(variable: string, options: Options<string[]> = {}): Reader<string[]> {
    return reader(
      variable,
      options,
      (raw) =>
        raw
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      'comma-separated list',
    );
  },
  /** Comma-separated host:port pairs. */
  hostPorts(variable: string, options: Options<string[]> = {}): Reader<string[]> {
    return reader(
      variable,
      options,
      (raw) => {
        const entries = raw.split(',').map((entry) => entry.trim());
        const bad = entries.filter((entry) => !/^[\w.-]+:\d{1,5}$/.test(entry));
        if (bad.length > 0) throw new InvalidValue(`must be host:port[,host:port…], bad entry "${bad[0]}"`);
        return entries;
      },
      'host:port list',
    );
  },
  /** A bearer token: required (no default, so no deployment runs with a guessable one), ≥ 16 characters. */
  token(variable: string, describe = 'bearer token'): Reader<string> {
    return reader(
      variable,
      { secret: true, describe },
      (raw) => {
        if (raw.length < 16) throw new InvalidValue(`must be at least 16 characters, got ${raw.length}`);
        return raw;
      },
      'secret token of at least 16 characters',
    );
  },
  oneOf<const T extends string>(variable: string, values: readonly T[], options: Options<T> = {}): Reader<T> {
    return reader(
      variable,
      options,
      (raw) => {
        const found = values.find((value) => value === raw);
        if (found === undefined) throw new InvalidValue(`must be one of ${values.join(', ')}, got "${raw}"`);
        return found;
      },
      values.join('|'),
    );
  },
};

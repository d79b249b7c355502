import { InvalidValue, isGroupReader, type Reader } from './readers';

export type ConfigSpec = Record<string, Reader<unknown>>;
export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends Reader<infer T> ? T : never;
};

/** Bad configuration: every variable that is wrong, with what is wrong with it. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `invalid configuration:\n${problems.map((problem) => `  ${problem.variable} ${problem.reason}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads every variable of the spec from `env` (process.env is read here and nowhere else) and
 * returns the typed config, or throws one ConfigError naming all bad variables at once.
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const config: Record<string, unknown> = {};
  const problems: { variable: string; reason: string }[] = [];
  for (const [key, reader] of Object.entries(spec)) {
    try {
      config[key] = isGroupReader(reader) ? reader.readEnv(env) : reader.read(env[reader.variable]);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problems.push({ variable: error.variable ?? reader.variable, reason: error.message });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config) as ConfigOf<S>;
}

/**
 * The config as it may be logged: secrets replaced by a marker, and credentials inside values
 * that are not secrets themselves (a `redis://:pw@host` URL, `?password=` in a query) masked.
 */
export function redactConfig<S extends ConfigSpec>(spec: S, config: ConfigOf<S>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec).map(([key, reader]) => {
      const value = (config as Record<string, unknown>)[key];
      if (reader.secret) return [reader.variable, '[secret]'];
      return [reader.variable, isGroupReader(reader) ? reader.redact(value) : maskCredentials(value)];
    }),
  );
}

/** Query parameters whose values are credentials wherever they appear in a URL. */
const SECRET_PARAMETER =
  /^(password|passwd|pwd|pass|secret|token|access_token|api_?key|apikey|key|auth|sig|signature)$/i;

/** A value with the credentials of every URL in it masked: userinfo and secret query parameters. */
export function maskCredentials(value: unknown): unknown {
  if (typeof value === 'string') return maskUrl(value);
  if (Array.isArray(value)) return value.map(maskCredentials);
  return value;
}

function maskUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // not parseable as a URL, but it looks like one: mask anything between :// and @
    return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
  }
  if (url.username !== '') url.username = '***';
  if (url.password !== '') url.password = '***';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMETER.test(name)) url.searchParams.set(name, '***');
  }
  return url.toString();
}

/** Every variable a spec reads, for docs and for the docker-compose consistency test. */
export function variablesOf(spec: ConfigSpec): string[] {
  return Object.values(spec).flatMap((reader) =>
    isGroupReader(reader) ? reader.variables : [reader.variable],
  );
}

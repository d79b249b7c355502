import { accessSync, constants, readFileSync } from 'node:fs';
import { InvalidValue, type GroupReader } from './readers';

/**
 * How the services authenticate to Kafka, Elasticsearch and Redis, and which certificates they
 * trust. Each server's settings are read together so that an incomplete set (a SASL mechanism with
 * no password, a client certificate with no key) stops start-up naming the missing variable,
 * instead of failing later as a refused connection. Passwords may come from a file (`*_FILE`), as
 * container secrets do; file paths are checked here and read by the client libraries.
 */

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** PEM files: the CA bundle to verify the server with, and an optional client certificate + key. */
export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface KafkaSecurity {
  readonly sasl?: {
    readonly mechanism: KafkaSaslMechanism;
    readonly username: string;
    readonly password: string;
  };
  /** TLS to the brokers; absent means plaintext. */
  readonly tls?: TlsFiles;
}

export interface ElasticsearchSecurity {
  readonly auth?: { readonly username: string; readonly password: string } | { readonly apiKey: string };
  /** CA bundle for an https:// VIGIL_ELASTICSEARCH_URL (the system's CAs otherwise). */
  readonly caFile?: string;
}

export interface RedisSecurity {
  /** An ACL user; without it the password is the default user's (requirepass). */
  readonly username?: string;
  readonly password?: string;
  /** Certificates for a rediss:// VIGIL_REDIS_URL. */
  readonly tls?: TlsFiles;
}

/** The TLS options Node's `tls.connect` takes, from the files named in the config. */
export function tlsOptionsFrom(files: TlsFiles): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  return {
    ...(files.caFile ? { ca: readFileSync(files.caFile) } : {}),
    ...(files.certFile ? { cert: readFileSync(files.certFile) } : {}),
    ...(files.keyFile ? { key: readFileSync(files.keyFile) } : {}),
  };
}

/** Raw values of a group of variables, blank treated as unset. */
function valuesOf(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    names.map((name) => {
      const raw = env[name]?.trim();
      return [name, raw === '' ? undefined : raw];
    }),
  );
}

function readableFile(variable: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new InvalidValue(
      `names a file that cannot be read: ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      variable,
    );
  }
  return path;
}

/** A secret given inline (NAME) or in a file (NAME_FILE), never both; one trailing newline dropped. */
function secretOf(values: Record<string, string | undefined>, name: string): string | undefined {
  const inline = values[name];
  const file = readableFile(`${name}_FILE`, values[`${name}_FILE`]);
  if (inline !== undefined && file !== undefined) {
    throw new InvalidValue(`and ${name}_FILE are both set: give the secret one way`, name);
  }
  if (file === undefined) return inline;
  const text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (text === '') throw new InvalidValue(`names an empty file: ${file}`, `${name}_FILE`);
  return text;
}

function tlsFilesOf(values: Record<string, string | undefined>, prefix: string): TlsFiles {
  const caFile = readableFile(`${prefix}_CA_FILE`, values[`${prefix}_CA_FILE`]);
  const certFile = readableFile(`${prefix}_CERT_FILE`, values[`${prefix}_CERT_FILE`]);
  const keyFile = readableFile(`${prefix}_KEY_FILE`, values[`${prefix}_KEY_FILE`]);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const [given, missing] = certFile === undefined ? ['KEY', 'CERT'] : ['CERT', 'KEY'];
    throw new InvalidValue(
      `is required when ${prefix}_${given}_FILE is set (client certificate and key go together)`,
      `${prefix}_${missing}_FILE`,
    );
  }
  return { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile, keyFile } : {}) };
}

function groupReader<T>(
  label: string,
  variables: readonly string[],
  read: (values: Record<string, string | undefined>, env: NodeJS.ProcessEnv) => T,
  redact: (value: T) => unknown,
): GroupReader<T> {
  return {
    variable: label,
    variables,
    secret: false,
    describe: `settings from ${variables.join(', ')}`,
    read: () => read({}, {}),
    readEnv: (env) => read(valuesOf(env, variables), env),
    redact,
  };
}

const urlHasScheme = (env: NodeJS.ProcessEnv, variable: string, scheme: string): boolean =>
  (env[variable] ?? '').trim().toLowerCase().startsWith(scheme);

const KAFKA = [
  'VIGIL_KAFKA_SASL_MECHANISM',
  'VIGIL_KAFKA_SASL_USERNAME',
  'VIGIL_KAFKA_SASL_PASSWORD',
  'VIGIL_KAFKA_SASL_PASSWORD_FILE',
  'VIGIL_KAFKA_TLS',
  'VIGIL_KAFKA_TLS_CA_FILE',
  'VIGIL_KAFKA_TLS_CERT_FILE',
  'VIGIL_KAFKA_TLS_KEY_FILE',
] as const;

/** SASL (PLAIN, SCRAM-SHA-256/512) and TLS to the Kafka brokers. */
export function kafkaSecurityReader(): GroupReader<KafkaSecurity> {
  return groupReader(
    'VIGIL_KAFKA_SASL_*, VIGIL_KAFKA_TLS*',
    KAFKA,
    (values) => {
      const mechanism = values.VIGIL_KAFKA_SASL_MECHANISM?.toLowerCase();
      const username = values.VIGIL_KAFKA_SASL_USERNAME;
      const password = secretOf(values, 'VIGIL_KAFKA_SASL_PASSWORD');
      let sasl: KafkaSecurity['sasl'];
      if (mechanism === undefined) {
        if (username !== undefined || password !== undefined) {
          throw new InvalidValue(
            `is required when a SASL username or password is set (one of ${KAFKA_SASL_MECHANISMS.join(', ')})`,
            'VIGIL_KAFKA_SASL_MECHANISM',
          );
        }
      } else {
        const known = KAFKA_SASL_MECHANISMS.find((name) => name === mechanism);
        if (known === undefined) {
          throw new InvalidValue(
            `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, got "${mechanism}"`,
            'VIGIL_KAFKA_SASL_MECHANISM',
          );
        }
        if (username === undefined) {
          throw new InvalidValue(
            `is required when VIGIL_KAFKA_SASL_MECHANISM is ${known}`,
            'VIGIL_KAFKA_SASL_USERNAME',
          );
        }
        if (password === undefined) {
          throw new InvalidValue(
            `(or VIGIL_KAFKA_SASL_PASSWORD_FILE) is required when VIGIL_KAFKA_SASL_MECHANISM is ${known}`,
            'VIGIL_KAFKA_SASL_PASSWORD',
          );
        }
        sasl = { mechanism: known, username, password };
      }
      const files = tlsFilesOf(values, 'VIGIL_KAFKA_TLS');
      const flag = values.VIGIL_KAFKA_TLS;
      if (flag !== undefined && !/^(true|false|1|0|yes|no)$/i.test(flag)) {
        throw new InvalidValue(`must be true or false, got "${flag}"`, 'VIGIL_KAFKA_TLS');
      }
      const filesGiven = Object.keys(files).length > 0;
      const tlsOn = flag === undefined ? filesGiven : /^(true|1|yes)$/i.test(flag);
      if (!tlsOn && filesGiven) {
        throw new InvalidValue(
          'is false, but TLS certificate files are set (VIGIL_KAFKA_TLS_*_FILE)',
          'VIGIL_KAFKA_TLS',
        );
      }
      return { ...(sasl ? { sasl } : {}), ...(tlsOn ? { tls: files } : {}) };
    },
    (value) => ({
      sasl: value.sasl
        ? { mechanism: value.sasl.mechanism, username: value.sasl.username, password: '[secret]' }
        : 'none',
      tls: value.tls ?? 'off',
    }),
  );
}

const ELASTICSEARCH = [
  'VIGIL_ELASTICSEARCH_USERNAME',
  'VIGIL_ELASTICSEARCH_PASSWORD',
  'VIGIL_ELASTICSEARCH_PASSWORD_FILE',
  'VIGIL_ELASTICSEARCH_API_KEY',
  'VIGIL_ELASTICSEARCH_API_KEY_FILE',
  'VIGIL_ELASTICSEARCH_CA_FILE',
] as const;

/** Basic authentication or an API key to Elasticsearch, and the CA for an https:// URL. */
export function elasticsearchSecurityReader(): GroupReader<ElasticsearchSecurity> {
  return groupReader(
    'VIGIL_ELASTICSEARCH_USERNAME/PASSWORD/API_KEY/CA_FILE',
    ELASTICSEARCH,
    (values, env) => {
      const username = values.VIGIL_ELASTICSEARCH_USERNAME;
      const password = secretOf(values, 'VIGIL_ELASTICSEARCH_PASSWORD');
      const apiKey = secretOf(values, 'VIGIL_ELASTICSEARCH_API_KEY');
      if (apiKey !== undefined && (username !== undefined || password !== undefined)) {
        throw new InvalidValue(
          'and a username/password are both set: use one way to authenticate',
          'VIGIL_ELASTICSEARCH_API_KEY',
        );
      }
      if (username !== undefined && password === undefined) {
        throw new InvalidValue(
          '(or VIGIL_ELASTICSEARCH_PASSWORD_FILE) is required when VIGIL_ELASTICSEARCH_USERNAME is set',
          'VIGIL_ELASTICSEARCH_PASSWORD',
        );
      }
      if (password !== undefined && username === undefined) {
        throw new InvalidValue(
          'is required when a password is set (the built-in superuser is "elastic")',
          'VIGIL_ELASTICSEARCH_USERNAME',
        );
      }
      const caFile = readableFile('VIGIL_ELASTICSEARCH_CA_FILE', values.VIGIL_ELASTICSEARCH_CA_FILE);
      if (caFile !== undefined && !urlHasScheme(env, 'VIGIL_ELASTICSEARCH_URL', 'https:')) {
        throw new InvalidValue(
          'is set, but VIGIL_ELASTICSEARCH_URL is not an https:// URL',
          'VIGIL_ELASTICSEARCH_CA_FILE',
        );
      }
      const auth =
        apiKey !== undefined
          ? { apiKey }
          : username !== undefined && password !== undefined
            ? { username, password }
            : undefined;
      return { ...(auth ? { auth } : {}), ...(caFile ? { caFile } : {}) };
    },
    (value) => ({
      auth:
        value.auth === undefined
          ? 'none'
          : 'apiKey' in value.auth
            ? 'api key [secret]'
            : `basic ${value.auth.username} [secret]`,
      caFile: value.caFile ?? 'system CAs',
    }),
  );
}

const REDIS = [
  'VIGIL_REDIS_USERNAME',
  'VIGIL_REDIS_PASSWORD',
  'VIGIL_REDIS_PASSWORD_FILE',
  'VIGIL_REDIS_TLS_CA_FILE',
  'VIGIL_REDIS_TLS_CERT_FILE',
  'VIGIL_REDIS_TLS_KEY_FILE',
] as const;

/** A password (requirepass) or an ACL user to Redis, and certificates for a rediss:// URL. */
export function redisSecurityReader(): GroupReader<RedisSecurity> {
  return groupReader(
    'VIGIL_REDIS_USERNAME/PASSWORD/TLS_*',
    REDIS,
    (values, env) => {
      const username = values.VIGIL_REDIS_USERNAME;
      const password = secretOf(values, 'VIGIL_REDIS_PASSWORD');
      if (username !== undefined && password === undefined) {
        throw new InvalidValue(
          '(or VIGIL_REDIS_PASSWORD_FILE) is required when VIGIL_REDIS_USERNAME is set',
          'VIGIL_REDIS_PASSWORD',
        );
      }
      const files = tlsFilesOf(values, 'VIGIL_REDIS_TLS');
      const tlsOn = urlHasScheme(env, 'VIGIL_REDIS_URL', 'rediss:');
      if (Object.keys(files).length > 0 && !tlsOn) {
        const variable =
          Object.keys(files)[0] === 'caFile' ? 'VIGIL_REDIS_TLS_CA_FILE' : 'VIGIL_REDIS_TLS_CERT_FILE';
        throw new InvalidValue('is set, but VIGIL_REDIS_URL is not a rediss:// URL', variable);
      }
      return {
        ...(username !== undefined ? { username } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(tlsOn ? { tls: files } : {}),
      };
    },
    (value) => ({
      user: value.username ?? 'default',
      password: value.password === undefined ? 'none' : '[secret]',
      tls: value.tls ?? 'off',
    }),
  );
}

/** The three groups, spread into the common service config. */
export function connectionSecuritySpec() {
  return {
    kafkaSecurity: kafkaSecurityReader(),
    elasticsearchSecurity: elasticsearchSecurityReader(),
    redisSecurity: redisSecurityReader(),
  };
}

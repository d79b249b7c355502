import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  connectionSecuritySpec,
  loadConfig,
  redactConfig,
  serviceConfigSpec,
  tlsOptionsFrom,
  variablesOf,
} from './index';

const dir = mkdtempSync(join(tmpdir(), 'vigil-connection-security-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The problems loadConfig reports, as "VARIABLE reason" lines. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(connectionSecuritySpec(), env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => `${problem.variable} ${problem.reason}`);
  }
  return [];
}

describe('connection security settings', () => {
  it('are off when nothing is set: plaintext, no credentials', () => {
    expect(loadConfig(connectionSecuritySpec(), {})).toEqual({
      kafkaSecurity: {},
      elasticsearchSecurity: {},
      redisSecurity: {},
    });
  });

  it('read SCRAM, TLS with a client certificate, basic auth, an ACL user and rediss from the variables', () => {
    const ca = file('ca.pem', 'CA PEM');
    const cert = file('client.pem', 'CERT PEM');
    const key = file('client.key', 'KEY PEM');
    const config = loadConfig(connectionSecuritySpec(), {
      VIGIL_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      VIGIL_KAFKA_SASL_USERNAME: 'vigil',
      VIGIL_KAFKA_SASL_PASSWORD: 'kafka-pw',
      VIGIL_KAFKA_TLS_CA_FILE: ca,
      VIGIL_KAFKA_TLS_CERT_FILE: cert,
      VIGIL_KAFKA_TLS_KEY_FILE: key,
      VIGIL_ELASTICSEARCH_URL: 'https://es.example:9200',
      VIGIL_ELASTICSEARCH_USERNAME: 'vigil',
      VIGIL_ELASTICSEARCH_PASSWORD: 'es-pw',
      VIGIL_ELASTICSEARCH_CA_FILE: ca,
      VIGIL_REDIS_URL: 'rediss://redis.example:6380',
      VIGIL_REDIS_USERNAME: 'vigil',
      VIGIL_REDIS_PASSWORD: 'redis-pw',
      VIGIL_REDIS_TLS_CA_FILE: ca,
    });
    expect(config.kafkaSecurity).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'vigil', password: 'kafka-pw' },
      tls: { caFile: ca, certFile: cert, keyFile: key },
    });
    expect(config.elasticsearchSecurity).toEqual({
      auth: { username: 'vigil', password: 'es-pw' },
      caFile: ca,
    });
    expect(config.redisSecurity).toEqual({ username: 'vigil', password: 'redis-pw', tls: { caFile: ca } });
    expect(tlsOptionsFrom(config.kafkaSecurity.tls ?? {})).toEqual({
      ca: Buffer.from('CA PEM'),
      cert: Buffer.from('CERT PEM'),
      key: Buffer.from('KEY PEM'),
    });
  });

  it('read passwords and API keys from files, without the trailing newline', () => {
    const config = loadConfig(connectionSecuritySpec(), {
      VIGIL_KAFKA_SASL_MECHANISM: 'scram-sha-256',
      VIGIL_KAFKA_SASL_USERNAME: 'vigil',
      VIGIL_KAFKA_SASL_PASSWORD_FILE: file('kafka-password', 'from-a-file\n'),
      VIGIL_ELASTICSEARCH_API_KEY_FILE: file('es-api-key', 'a2V5OnNlY3JldA==\n'),
      VIGIL_REDIS_PASSWORD_FILE: file('redis-password', 'redis from file'),
    });
    expect(config.kafkaSecurity.sasl?.password).toBe('from-a-file');
    expect(config.elasticsearchSecurity.auth).toEqual({ apiKey: 'a2V5OnNlY3JldA==' });
    expect(config.redisSecurity.password).toBe('redis from file');
  });

  it('refuse a SASL mechanism without a username or password, naming the missing variable', () => {
    expect(
      problemsOf({ VIGIL_KAFKA_SASL_MECHANISM: 'scram-sha-256', VIGIL_KAFKA_SASL_USERNAME: 'vigil' }),
    ).toEqual([
      'VIGIL_KAFKA_SASL_PASSWORD (or VIGIL_KAFKA_SASL_PASSWORD_FILE) is required when VIGIL_KAFKA_SASL_MECHANISM is scram-sha-256',
    ]);
    expect(problemsOf({ VIGIL_KAFKA_SASL_MECHANISM: 'plain', VIGIL_KAFKA_SASL_PASSWORD: 'pw' })).toEqual([
      'VIGIL_KAFKA_SASL_USERNAME is required when VIGIL_KAFKA_SASL_MECHANISM is plain',
    ]);
    expect(problemsOf({ VIGIL_KAFKA_SASL_USERNAME: 'vigil', VIGIL_KAFKA_SASL_PASSWORD: 'pw' })[0]).toMatch(
      /^VIGIL_KAFKA_SASL_MECHANISM is required when a SASL username or password is set/,
    );
    expect(problemsOf({ VIGIL_KAFKA_SASL_MECHANISM: 'gssapi' })[0]).toMatch(
      /^VIGIL_KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, got "gssapi"/,
    );
  });

  it('refuse incomplete or contradictory TLS and credential settings, every server at once', () => {
    const cert = file('only-cert.pem', 'CERT');
    expect(
      problemsOf({
        VIGIL_KAFKA_TLS_CERT_FILE: cert,
        VIGIL_ELASTICSEARCH_USERNAME: 'elastic',
        VIGIL_REDIS_USERNAME: 'vigil',
      }),
    ).toEqual([
      'VIGIL_KAFKA_TLS_KEY_FILE is required when VIGIL_KAFKA_TLS_CERT_FILE is set (client certificate and key go together)',
      'VIGIL_ELASTICSEARCH_PASSWORD (or VIGIL_ELASTICSEARCH_PASSWORD_FILE) is required when VIGIL_ELASTICSEARCH_USERNAME is set',
      'VIGIL_REDIS_PASSWORD (or VIGIL_REDIS_PASSWORD_FILE) is required when VIGIL_REDIS_USERNAME is set',
    ]);
    expect(problemsOf({ VIGIL_KAFKA_TLS: 'false', VIGIL_KAFKA_TLS_CA_FILE: cert })[0]).toMatch(
      /^VIGIL_KAFKA_TLS is false, but TLS certificate files are set/,
    );
    expect(
      problemsOf({
        VIGIL_ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
        VIGIL_ELASTICSEARCH_CA_FILE: cert,
        VIGIL_REDIS_URL: 'redis://127.0.0.1:6379',
        VIGIL_REDIS_TLS_CA_FILE: cert,
      }),
    ).toEqual([
      'VIGIL_ELASTICSEARCH_CA_FILE is set, but VIGIL_ELASTICSEARCH_URL is not an https:// URL',
      'VIGIL_REDIS_TLS_CA_FILE is set, but VIGIL_REDIS_URL is not a rediss:// URL',
    ]);
    expect(
      problemsOf({
        VIGIL_ELASTICSEARCH_API_KEY: 'key',
        VIGIL_ELASTICSEARCH_USERNAME: 'elastic',
        VIGIL_ELASTICSEARCH_PASSWORD: 'pw',
      })[0],
    ).toMatch(/^VIGIL_ELASTICSEARCH_API_KEY and a username\/password are both set/);
    expect(problemsOf({ VIGIL_REDIS_PASSWORD: 'a', VIGIL_REDIS_PASSWORD_FILE: file('p', 'b') })[0]).toMatch(
      /^VIGIL_REDIS_PASSWORD and VIGIL_REDIS_PASSWORD_FILE are both set/,
    );
  });

  it('name a file that cannot be read, and an empty password file', () => {
    expect(problemsOf({ VIGIL_KAFKA_TLS_CA_FILE: join(dir, 'missing.pem') })).toEqual([
      `VIGIL_KAFKA_TLS_CA_FILE names a file that cannot be read: ${join(dir, 'missing.pem')} (ENOENT)`,
    ]);
    expect(problemsOf({ VIGIL_REDIS_PASSWORD_FILE: file('empty', '\n') })).toEqual([
      `VIGIL_REDIS_PASSWORD_FILE names an empty file: ${join(dir, 'empty')}`,
    ]);
  });

  it('never show a password or API key in the loggable view, and list every variable', () => {
    const spec = serviceConfigSpec(8080);
    const config = loadConfig(spec, {
      VIGIL_KAFKA_SASL_MECHANISM: 'scram-sha-256',
      VIGIL_KAFKA_SASL_USERNAME: 'vigil',
      VIGIL_KAFKA_SASL_PASSWORD: 'kafka-secret-pw',
      VIGIL_ELASTICSEARCH_API_KEY: 'es-secret-key',
      VIGIL_REDIS_PASSWORD: 'redis-secret-pw',
    });
    const shown = JSON.stringify(redactConfig(spec, config));
    expect(shown).not.toMatch(/kafka-secret-pw|es-secret-key|redis-secret-pw/);
    expect(shown).toContain('scram-sha-256');
    expect(variablesOf(spec)).toEqual(
      expect.arrayContaining([
        'VIGIL_KAFKA_SASL_PASSWORD_FILE',
        'VIGIL_ELASTICSEARCH_CA_FILE',
        'VIGIL_REDIS_TLS_KEY_FILE',
      ]),
    );
  });
});

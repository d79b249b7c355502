import { ConfigError, env, loadConfig, redactConfig, serviceConfigSpec } from './index';

describe('loadConfig', () => {
  const spec = {
    port: env.port('TEST_PORT', { default: 8080 }),
    brokers: env.hostPorts('TEST_BROKERS'),
    token: env.string('TEST_TOKEN', { secret: true }),
    enabled: env.boolean('TEST_ENABLED', { default: false }),
  };

  it('reads typed values and applies defaults', () => {
    const config = loadConfig(spec, { TEST_BROKERS: 'a:1, b:2', TEST_TOKEN: 's3cret' });
    expect(config).toEqual({ port: 8080, brokers: ['a:1', 'b:2'], token: 's3cret', enabled: false });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(spec, { TEST_PORT: '99999', TEST_BROKERS: 'nohost', TEST_ENABLED: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((problem) => problem.variable);
    expect(variables).toEqual(['TEST_PORT', 'TEST_BROKERS', 'TEST_TOKEN', 'TEST_ENABLED']);
    expect((error as ConfigError).message).toContain('TEST_PORT must be between 0 and 65535, got 99999');
  });

  it('never shows a secret in the loggable view', () => {
    const config = loadConfig(spec, { TEST_BROKERS: 'a:1', TEST_TOKEN: 's3cret' });
    const shown = JSON.stringify(redactConfig(spec, config));
    expect(shown).not.toContain('s3cret');
    expect(shown).toContain('TEST_TOKEN');
  });

  it('masks credentials inside URLs that are not secrets themselves', () => {
    const urls = {
      redis: env.string('TEST_REDIS_URL'),
      elastic: env.list('TEST_ES_URLS'),
    };
    const config = loadConfig(urls, {
      TEST_REDIS_URL: 'redis://:hunter2-pw@127.0.0.1:6379/0',
      TEST_ES_URLS: 'https://elastic:es-pw@10.0.0.1:9200,http://127.0.0.1:9200/?api_key=k3y&x=1',
    });
    const shown = redactConfig(urls, config);
    expect(JSON.stringify(shown)).not.toMatch(/hunter2-pw|es-pw|k3y/);
    expect(shown.TEST_REDIS_URL).toBe('redis://:***@127.0.0.1:6379/0');
    expect(shown.TEST_ES_URLS).toEqual([
      'https://***:***@10.0.0.1:9200/',
      'http://127.0.0.1:9200/?api_key=***&x=1',
    ]);
  });

  it('gives every service the local stack addresses by default', () => {
    const config = loadConfig(serviceConfigSpec(8081), {});
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.httpPort).toBe(8081);
    expect(() => loadConfig(serviceConfigSpec(8081), { VIGIL_REDIS_URL: 'http://x' })).toThrow(
      /VIGIL_REDIS_URL/,
    );
  });
});

describe('env.token', () => {
  it('has no default and refuses short tokens', () => {
    const spec = { token: env.token('TEST_ADMIN_TOKEN') };
    expect(() => loadConfig(spec, {})).toThrow(/TEST_ADMIN_TOKEN is required/);
    expect(() => loadConfig(spec, { TEST_ADMIN_TOKEN: 'short' })).toThrow(/at least 16 characters/);
    expect(loadConfig(spec, { TEST_ADMIN_TOKEN: 'a-long-enough-token' }).token).toBe('a-long-enough-token');
  });
});

describe('env.list', () => {
  it('splits on commas, trims, drops blank entries, and defaults when unset', () => {
    const spec = { dirs: env.list('TEST_DIRS', { default: ['default'] }) };
    expect(loadConfig(spec, { TEST_DIRS: ' /a/rules , b ,' }).dirs).toEqual(['/a/rules', 'b']);
    expect(loadConfig(spec, {}).dirs).toEqual(['default']);
  });
});

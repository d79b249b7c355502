import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStackSecrets, serviceAddresses } from './services';

describe('the local stack credentials the tests use', () => {
  it('are read from secrets.env: only the stack-generated variables', () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-home-'));
    writeFileSync(
      join(home, 'secrets.env'),
      [
        'VIGIL_ELASTICSEARCH_USERNAME=elastic',
        'VIGIL_ELASTICSEARCH_PASSWORD=es-pw',
        'VIGIL_REDIS_PASSWORD=redis-pw',
        'VIGIL_ADMIN_TOKEN=a-deprecated-shared-token',
        '',
      ].join('\n'),
    );
    expect(localStackSecrets({ VIGIL_HOME: home })).toEqual({
      VIGIL_ELASTICSEARCH_USERNAME: 'elastic',
      VIGIL_ELASTICSEARCH_PASSWORD: 'es-pw',
      VIGIL_REDIS_PASSWORD: 'redis-pw',
    });
    expect(localStackSecrets({ VIGIL_HOME: join(home, 'none') })).toEqual({});
  });

  it('go into the Elasticsearch and Redis URLs, unless a URL carries its own', () => {
    const addresses = serviceAddresses({
      VIGIL_ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
      VIGIL_ELASTICSEARCH_USERNAME: 'elastic',
      VIGIL_ELASTICSEARCH_PASSWORD: 'p@ss:word',
      VIGIL_REDIS_URL: 'redis://:own@127.0.0.1:6379',
      VIGIL_REDIS_PASSWORD: 'redis-pw',
    });
    expect(addresses.elasticsearchUrl).toBe('http://elastic:p%40ss%3Aword@127.0.0.1:9200/');
    expect(addresses.redisUrl).toBe('redis://:own@127.0.0.1:6379');
    expect(serviceAddresses({ VIGIL_REDIS_PASSWORD: 'pw', VIGIL_REDIS_USERNAME: 'vigil' }).redisUrl).toBe(
      'redis://vigil:pw@127.0.0.1:6379',
    );
  });
});

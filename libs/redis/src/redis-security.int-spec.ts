import {
  hostPort,
  makeCertificateAuthority,
  serviceAddresses,
  serviceSecurity,
  startTlsProxy,
  testNamespace,
  type TestCertificateAuthority,
  type TlsProxy,
} from '@vigil/testing';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisClient } from './redis.module';

// The local stack runs Redis with a password (deploy/local/stack.sh); the tests' credentials come
// from .vigil/secrets.env or VIGIL_REDIS_PASSWORD.
const { redisUrl } = serviceAddresses();
const security = serviceSecurity().redisSecurity;
const bareUrl = (() => {
  const url = new URL(redisUrl);
  url.username = '';
  url.password = '';
  return url.toString();
})();
const clients: Redis[] = [];
const client = (url: string, settings: Parameters<typeof createRedisClient>[1] = {}): Redis => {
  // No reconnecting after a refusal: each test looks at one attempt.
  const made = createRedisClient(url, settings);
  made.options.retryStrategy = () => null;
  made.on('error', () => undefined);
  clients.push(made);
  return made;
};
const failureOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'no error',
    (error: unknown) => String(error),
  );

afterAll(async () => {
  await Promise.all(
    clients.map((redis) =>
      redis.quit().catch(() => {
        redis.disconnect();
      }),
    ),
  );
});

describe('Redis with a password', () => {
  it('refuses a client without credentials (NOAUTH)', async () => {
    expect(security.password).toBeDefined();
    expect(await failureOf(client(bareUrl).ping())).toMatch(/NOAUTH/);
  });

  it('refuses a wrong password', async () => {
    expect(await failureOf(client(bareUrl, { password: 'not-the-password' }).ping())).toMatch(
      /WRONGPASS|invalid (username-)?password/i,
    );
  });

  it('answers the configured password, which wins over a password in the URL', async () => {
    const url = new URL(bareUrl);
    url.password = 'stale-password-in-the-url';
    expect(await client(url.toString(), security).ping()).toBe('PONG');
  });

  it('answers an ACL user limited to its own keys', async () => {
    const admin = client(bareUrl, security);
    const username = `vigil-test-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(16).toString('hex');
    const prefix = testNamespace('redis-acl');
    await admin.call('ACL', 'SETUSER', username, 'on', `>${password}`, `~${prefix}:*`, '+@all');
    try {
      const user = client(bareUrl, { username, password });
      await user.set(`${prefix}:key`, 'value');
      expect(await user.get(`${prefix}:key`)).toBe('value');
      expect(await failureOf(user.get('outside-its-keys'))).toMatch(/NOPERM/);
      expect(await failureOf(client(bareUrl, { username, password: 'wrong' }).ping())).toMatch(/WRONGPASS/);
    } finally {
      await admin.call('ACL', 'DELUSER', username);
      await admin.del(`${prefix}:key`);
    }
  });
});

describe('Redis over TLS (rediss://) with a CA file and a client certificate', () => {
  let authority: TestCertificateAuthority;
  let proxy: TlsProxy;
  let tlsUrl: string;

  beforeAll(async () => {
    authority = makeCertificateAuthority();
    proxy = await startTlsProxy(hostPort(bareUrl, 6379), authority, { requireClientCertificate: true });
    tlsUrl = `rediss://127.0.0.1:${proxy.port}`;
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('verifies the server with the CA, shows its certificate and logs in', async () => {
    const redis = client(tlsUrl, {
      ...security,
      tls: { caFile: authority.caFile, certFile: authority.clientCertFile, keyFile: authority.clientKeyFile },
    });
    expect(await redis.ping()).toBe('PONG');
    expect(proxy.handshakes.withClientCertificate).toBeGreaterThan(0);
  });

  it('refuses a server its CA did not sign', async () => {
    const redis = client(tlsUrl, {
      ...security,
      tls: {
        caFile: authority.otherCaFile,
        certFile: authority.clientCertFile,
        keyFile: authority.clientKeyFile,
      },
    });
    expect(await failureOf(redis.ping())).toMatch(
      /self.signed|unable to (get|verify)|certificate|Connection is closed/i,
    );
  });
});

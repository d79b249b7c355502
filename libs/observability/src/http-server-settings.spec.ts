import { ConfigError, loadConfig, serviceConfigSpec } from '@vigil/config';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServerSettings } from './http-server-settings';

const configWith = (env: Record<string, string>) => loadConfig(serviceConfigSpec(8080), env);

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    httpServerSettings(configWith(env));
    return [];
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((problem) => `${problem.variable} ${problem.reason}`);
    throw error;
  }
};

/** A self-signed certificate and its key, made with openssl for this test. */
function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1');
  execFileSync('openssl', args, { stdio: 'ignore' });
  return { cert, key };
}

describe('httpServerSettings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-http-settings-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every phase a deadline, checked at least every second', () => {
    const settings = httpServerSettings(configWith({}));
    expect(settings).toMatchObject({
      connectionTimeout: 60_000,
      keepAliveTimeout: 30_000,
      requestTimeout: 120_000,
    });
    expect(settings.server).toMatchObject({ headersTimeout: 10_000, requestTimeout: 120_000 });
    expect(settings.server.connectionsCheckingInterval).toBeLessThanOrEqual(1000);
    expect(settings.tls).toBeUndefined();
  });

  it('reads a TLS pair into HTTPS settings', () => {
    const pair = selfSigned(dir, 'good');
    const settings = httpServerSettings(
      configWith({ VIGIL_HTTP_TLS_CERT_FILE: pair.cert, VIGIL_HTTP_TLS_KEY_FILE: pair.key }),
    );
    expect(settings.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
  });

  it('names the variable of an unreadable file, of a file that is no certificate, and of a mismatched pair', () => {
    const first = selfSigned(dir, 'first');
    const second = selfSigned(dir, 'second');
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');

    expect(
      problemsOf({ VIGIL_HTTP_TLS_CERT_FILE: join(dir, 'missing.crt'), VIGIL_HTTP_TLS_KEY_FILE: first.key }),
    ).toEqual([expect.stringMatching(/^VIGIL_HTTP_TLS_CERT_FILE cannot be read/)]);
    expect(problemsOf({ VIGIL_HTTP_TLS_CERT_FILE: notPem, VIGIL_HTTP_TLS_KEY_FILE: first.key })).toEqual([
      expect.stringMatching(/^VIGIL_HTTP_TLS_CERT_FILE .* holds no PEM CERTIFICATE/),
    ]);
    expect(problemsOf({ VIGIL_HTTP_TLS_CERT_FILE: first.cert, VIGIL_HTTP_TLS_KEY_FILE: second.key })).toEqual(
      [expect.stringMatching(/^VIGIL_HTTP_TLS_CERT_FILE and VIGIL_HTTP_TLS_KEY_FILE do not form a TLS pair/)],
    );
  });

  it('refuses plain HTTP on 0.0.0.0 unless told', () => {
    expect(problemsOf({ VIGIL_HTTP_HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^VIGIL_HTTP_HOST /)]);
    expect(problemsOf({ VIGIL_HTTP_HOST: '0.0.0.0', VIGIL_HTTP_INSECURE: 'true' })).toEqual([]);
  });
});

import { assertHttpExposure, isLoopbackHost, type HttpExposure } from './http-server-config';
import { ConfigError } from './load-config';

const exposure = (overrides: Partial<HttpExposure>): HttpExposure => ({
  httpHost: '127.0.0.1',
  httpTlsCertFile: '',
  httpTlsKeyFile: '',
  httpInsecure: false,
  httpHeadersTimeoutMs: 10_000,
  httpRequestTimeoutMs: 120_000,
  ...overrides,
});

const problemsOf = (config: HttpExposure): { variable: string; reason: string }[] => {
  try {
    assertHttpExposure(config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.5', 'soc.example.gov.vn', '128.0.0.1', '::ffff:10.0.0.1', ''])(
    '%s is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('assertHttpExposure', () => {
  it('lets plain HTTP listen on loopback', () => {
    expect(problemsOf(exposure({}))).toEqual([]);
  });

  it('refuses plain HTTP on another address, naming what would make it acceptable', () => {
    const problems = problemsOf(exposure({ httpHost: '0.0.0.0' }));
    expect(problems.map((problem) => problem.variable)).toEqual(['VIGIL_HTTP_HOST']);
    expect(problems[0]?.reason).toMatch(
      /VIGIL_HTTP_TLS_CERT_FILE.*VIGIL_HTTP_TLS_KEY_FILE.*VIGIL_HTTP_INSECURE=true/,
    );
  });

  it('accepts another address with a TLS pair, or with VIGIL_HTTP_INSECURE', () => {
    expect(
      problemsOf(exposure({ httpHost: '0.0.0.0', httpTlsCertFile: '/c.pem', httpTlsKeyFile: '/k.pem' })),
    ).toEqual([]);
    expect(problemsOf(exposure({ httpHost: '10.1.2.3', httpInsecure: true }))).toEqual([]);
  });

  it('names the missing half of a TLS pair, on loopback too', () => {
    expect(problemsOf(exposure({ httpTlsCertFile: '/c.pem' })).map((p) => p.variable)).toEqual([
      'VIGIL_HTTP_TLS_KEY_FILE',
    ]);
    expect(problemsOf(exposure({ httpTlsKeyFile: '/k.pem' })).map((p) => p.variable)).toEqual([
      'VIGIL_HTTP_TLS_CERT_FILE',
    ]);
  });

  it('refuses a header deadline longer than the whole-request deadline', () => {
    expect(
      problemsOf(exposure({ httpHeadersTimeoutMs: 5000, httpRequestTimeoutMs: 1000 })).map((p) => p.variable),
    ).toEqual(['VIGIL_HTTP_HEADERS_TIMEOUT_MS']);
  });
});

import { isIP } from 'node:net';
import { ConfigError } from './load-config';
import { env } from './readers';

/**
 * How every service's HTTP server treats slow or idle clients, and whether it serves HTTPS.
 * Request bodies and their pace are chosen by whoever connects, so each phase of a request has
 * a deadline: a client that drips its headers or stops mid-body is cut off instead of holding a
 * socket (and the memory of its half-read body) for as long as it likes.
 */
export function httpServerConfigSpec() {
  return {
    /** A connection with no bytes moving either way for this long is closed (any phase). */
    httpConnectionTimeoutMs: env.integer('VIGIL_HTTP_CONNECTION_TIMEOUT_MS', {
      default: 60_000,
      min: 1000,
      describe: 'idle socket timeout (ms)',
    }),
    /** The request line and headers must have arrived within this long of the first byte. */
    httpHeadersTimeoutMs: env.integer('VIGIL_HTTP_HEADERS_TIMEOUT_MS', {
      default: 10_000,
      min: 500,
      describe: 'time to receive the headers (ms)',
    }),
    /**
     * The body-read deadline: the whole request, headers and body, must have arrived within this
     * long (answered 408). Large enough for a 10 MB upload on a slow agency link (~100 kB/s).
     */
    httpRequestTimeoutMs: env.integer('VIGIL_HTTP_REQUEST_TIMEOUT_MS', {
      default: 120_000,
      min: 1000,
      describe: 'time to receive the whole request, body included (ms)',
    }),
    /** A kept-alive connection idle this long after its last response is closed. */
    httpKeepAliveTimeoutMs: env.integer('VIGIL_HTTP_KEEP_ALIVE_TIMEOUT_MS', {
      default: 30_000,
      min: 100,
      describe: 'idle keep-alive timeout (ms)',
    }),
    /** PEM certificate chain and private key: with both set the service speaks only HTTPS. */
    httpTlsCertFile: env.string('VIGIL_HTTP_TLS_CERT_FILE', { default: '' }),
    httpTlsKeyFile: env.string('VIGIL_HTTP_TLS_KEY_FILE', { default: '' }),
    /** Plain HTTP on an address other than loopback, on purpose (behind a TLS-terminating proxy). */
    httpInsecure: env.boolean('VIGIL_HTTP_INSECURE', { default: false }),
  };
}

export interface HttpExposure {
  readonly httpHost: string;
  readonly httpTlsCertFile: string;
  readonly httpTlsKeyFile: string;
  readonly httpInsecure: boolean;
  readonly httpHeadersTimeoutMs: number;
  readonly httpRequestTimeoutMs: number;
}

/** 127.0.0.0/8, ::1, ::ffff:127.x and the name localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * Checks the settings that only make sense together; throws a ConfigError naming the variables.
 * `/metrics`, `/openapi.json` and every API would otherwise be served in clear text to the
 * network without anyone having decided so.
 */
export function assertHttpExposure(config: HttpExposure): void {
  const problems: { variable: string; reason: string }[] = [];
  const cert = config.httpTlsCertFile !== '';
  const key = config.httpTlsKeyFile !== '';
  if (cert !== key) {
    const [missing, present] = cert
      ? ['VIGIL_HTTP_TLS_KEY_FILE', 'VIGIL_HTTP_TLS_CERT_FILE']
      : ['VIGIL_HTTP_TLS_CERT_FILE', 'VIGIL_HTTP_TLS_KEY_FILE'];
    problems.push({ variable: missing, reason: `is required when ${present} is set` });
  } else if (!cert && !config.httpInsecure && !isLoopbackHost(config.httpHost)) {
    problems.push({
      variable: 'VIGIL_HTTP_HOST',
      reason:
        `is "${config.httpHost}", not loopback: set VIGIL_HTTP_TLS_CERT_FILE and VIGIL_HTTP_TLS_KEY_FILE ` +
        'to serve HTTPS, or VIGIL_HTTP_INSECURE=true to serve plain HTTP on purpose (behind a TLS proxy)',
    });
  }
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    problems.push({
      variable: 'VIGIL_HTTP_HEADERS_TIMEOUT_MS',
      reason: `must not exceed VIGIL_HTTP_REQUEST_TIMEOUT_MS (${config.httpRequestTimeoutMs})`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

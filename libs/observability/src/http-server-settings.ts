import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { ServerOptions as HttpServerOptions } from 'node:http';
import { assertHttpExposure, ConfigError, type ServiceConfig } from '@vigil/config';

/** What the service's Fastify server is created with: timeouts for every phase, and TLS if set. */
export interface HttpServerSettings {
  readonly connectionTimeout: number;
  readonly keepAliveTimeout: number;
  readonly requestTimeout: number;
  /** Node's own server options: the header deadline and how often deadlines are checked. */
  readonly server: HttpServerOptions;
  /** PEM certificate chain and key: the server speaks HTTPS only. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

/**
 * The HTTP server settings of a service, or a ConfigError naming the variables: plain HTTP on an
 * address other than loopback without VIGIL_HTTP_INSECURE, half a TLS pair, an unreadable file.
 */
export function httpServerSettings(config: ServiceConfig): HttpServerSettings {
  assertHttpExposure(config);
  const server: HttpServerOptions = {
    headersTimeout: config.httpHeadersTimeoutMs,
    requestTimeout: config.httpRequestTimeoutMs,
    // Node checks the header and request deadlines on this timer (30 s by default), which would
    // let a slow client overstay a 10 s deadline threefold; a sweep per second costs nothing.
    connectionsCheckingInterval: Math.max(
      100,
      Math.min(1000, Math.floor(Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs) / 4)),
    ),
  };
  const settings = {
    connectionTimeout: config.httpConnectionTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    requestTimeout: config.httpRequestTimeoutMs,
    server,
  };
  if (config.httpTlsCertFile === '') return settings;
  const tls = {
    cert: readPem('VIGIL_HTTP_TLS_CERT_FILE', config.httpTlsCertFile, 'CERTIFICATE'),
    key: readPem('VIGIL_HTTP_TLS_KEY_FILE', config.httpTlsKeyFile, 'PRIVATE KEY'),
  };
  try {
    // Here, not in the server's constructor, so a key that does not match its certificate is
    // reported as configuration, with the variables to look at.
    createSecureContext(tls);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([
      {
        variable: 'VIGIL_HTTP_TLS_CERT_FILE',
        reason: `and VIGIL_HTTP_TLS_KEY_FILE do not form a TLS pair: ${reason}`,
      },
    ]);
  }
  return { ...settings, tls };
}

function readPem(variable: string, path: string, label: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ variable, reason: `cannot be read (${path}): ${reason}` }]);
  }
  if (!pem.toString('latin1').includes(label)) {
    throw new ConfigError([{ variable, reason: `${path} holds no PEM ${label}` }]);
  }
  return pem;
}

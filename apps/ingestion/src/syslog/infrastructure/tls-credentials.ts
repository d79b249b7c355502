import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';

export interface TlsFiles {
  cert: string;
  key: string;
  /** CA bundle for client certificates; empty = no client certificates asked for. */
  ca: string;
}

/**
 * The syslog TLS listener's options (RFC 5425) from the configured files. A missing or unreadable
 * file stops the service at start-up, naming the variable. With a CA, clients are asked for a
 * certificate; the handshake does not refuse them, because a sender without one may still be
 * identified by its address. The listener reads the verdict (`authorized`): a certificate whose
 * chain does not verify against the CA, or has expired, identifies nobody, and a valid one must be
 * registered by an agency (see SyslogSourceIdentifier).
 */
export function syslogTlsOptions(files: TlsFiles): TlsOptions {
  const read = (path: string, variable: string): Buffer => {
    if (path === '') throw new Error(`${variable} must be set when VIGIL_SYSLOG_TLS_PORT is enabled`);
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${variable}: cannot read "${path}": ${(error as Error).message}`, { cause: error });
    }
  };
  const options: TlsOptions = {
    cert: read(files.cert, 'VIGIL_SYSLOG_TLS_CERT'),
    key: read(files.key, 'VIGIL_SYSLOG_TLS_KEY'),
    minVersion: 'TLSv1.2',
  };
  if (files.ca !== '') {
    options.ca = read(files.ca, 'VIGIL_SYSLOG_TLS_CA');
    options.requestCert = true;
    options.rejectUnauthorized = false;
  }
  return options;
}

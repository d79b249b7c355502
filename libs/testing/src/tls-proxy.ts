import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';

/** PEM files of a throwaway CA, a server certificate for 127.0.0.1 and a client certificate it signed. */
export interface TestCertificateAuthority {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A second CA that signed nothing here: trusting it alone must fail. */
  otherCaFile: string;
}

/** Makes a CA and the certificates it signs with the openssl command (as the syslog TLS tests do). */
export function makeCertificateAuthority(): TestCertificateAuthority {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-test-ca-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=Vigil test ${ca}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      path(`${ca}.key`),
      '-out',
      path(`${ca}.crt`),
    );
  }
  const signed = (name: string, extensions: string): void => {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.csr`),
    );
    writeFileSync(path(`${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path('ca.crt'),
      '-CAkey',
      path('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      path(`${name}.ext`),
      '-out',
      path(`${name}.crt`),
    );
  };
  signed('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signed('client', 'extendedKeyUsage=clientAuth\n');
  return {
    caFile: path('ca.crt'),
    serverCertFile: path('server.crt'),
    serverKeyFile: path('server.key'),
    clientCertFile: path('client.crt'),
    clientKeyFile: path('client.key'),
    otherCaFile: path('other-ca.crt'),
  };
}

export interface TlsProxy {
  port: number;
  /** Connections whose TLS handshake completed, and of those, how many showed a client certificate. */
  readonly handshakes: { total: number; withClientCertificate: number };
  close(): Promise<void>;
}

/**
 * A TLS front for a plaintext server (Elasticsearch, Redis), as a load balancer or stunnel would
 * be: proves a client verifies a server with the CA it was given, and presents its certificate,
 * without a second copy of the server. With `requireClientCertificate`, unsigned clients are refused.
 */
export async function startTlsProxy(
  target: { host: string; port: number },
  authority: TestCertificateAuthority,
  options: { requireClientCertificate?: boolean } = {},
): Promise<TlsProxy> {
  const handshakes = { total: 0, withClientCertificate: 0 };
  const mustShowCertificate = options.requireClientCertificate ?? false;
  const server = createServer(
    {
      cert: readFileSync(authority.serverCertFile),
      key: readFileSync(authority.serverKeyFile),
      ca: readFileSync(authority.caFile),
      requestCert: mustShowCertificate,
      rejectUnauthorized: mustShowCertificate,
    },
    (socket: TLSSocket) => {
      handshakes.total++;
      // An empty object when the client showed no certificate.
      if (Object.keys(socket.getPeerCertificate()).length > 0) handshakes.withClientCertificate++;
      const upstream = connect(target);
      socket.pipe(upstream).pipe(socket);
      const end = (): void => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end);
      upstream.on('error', end);
      socket.on('close', end);
      upstream.on('close', end);
    },
  );
  server.on('tlsClientError', () => {
    // a client that does not trust us, or that we do not trust: its connection just ends
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<TLSSocket>();
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    port: (server.address() as AddressInfo).port,
    handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { testNamespace } from '@vigil/testing';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestionConfigSpec, type IngestionConfig } from '../../config';
import { IngestionModule } from '../../ingestion.module';
import { SyslogServers } from '../interface/syslog-servers';

/** Test-only helpers for the syslog integration tests: certificates and the service in-process. */

export interface TestCertificates {
  dir: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** SHA-256 of the client certificate, hex. */
  clientFingerprint: string;
  remove(): void;
}

/** A self-signed server certificate (localhost, 127.0.0.1) and a self-signed client certificate. */
export function makeCertificates(): TestCertificates {
  execFileSync('openssl', ['version']);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-syslog-tls-'));
  const selfSigned = (name: string, subject: string, san: string): void => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        subject,
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.crt`),
      ],
      { stdio: 'pipe' },
    );
  };
  selfSigned('server', '/CN=localhost', 'DNS:localhost,IP:127.0.0.1');
  selfSigned('client', '/CN=agency-forwarder', 'DNS:forwarder.agency.example');
  const clientCert = join(dir, 'client.crt');
  const hex = new X509Certificate(readFileSync(clientCert)).fingerprint256.replace(/:/g, '').toLowerCase();
  return {
    dir,
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert,
    clientKey: join(dir, 'client.key'),
    clientFingerprint: hex,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ClientCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, hex. */
  fingerprint: string;
}

export interface AgencyPki {
  /** The CA the service trusts for client certificates (VIGIL_SYSLOG_TLS_CA). */
  ca: string;
  /** Signed by the CA, valid for a day. */
  valid: ClientCertificate;
  /** Another valid certificate signed by the CA (for "valid but nobody registered it"). */
  other: ClientCertificate;
  /** Signed by the CA, expired in 2020. */
  expired: ClientCertificate;
  /** Self-signed: not from the CA. */
  stranger: ClientCertificate;
  remove(): void;
}

/** A small CA and client certificates issued by it with `openssl ca` (which can back-date them). */
export function makeAgencyPki(): AgencyPki {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-syslog-pki-'));
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe', cwd: dir });
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-days',
    '1',
    '-subj',
    '/CN=Vigil test agency CA',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
  );
  writeFileSync(at('index.txt'), '');
  writeFileSync(at('serial'), '1000\n');
  writeFileSync(
    at('ca.cnf'),
    [
      '[ ca ]',
      'default_ca = test',
      '[ test ]',
      `database = ${at('index.txt')}`,
      `new_certs_dir = ${dir}`,
      `serial = ${at('serial')}`,
      'default_md = sha256',
      'policy = anything',
      'unique_subject = no',
      '[ anything ]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const fingerprintOf = (cert: string): string =>
    new X509Certificate(readFileSync(cert)).fingerprint256.replace(/:/g, '').toLowerCase();
  const issue = (name: string, validity: string[]): ClientCertificate => {
    openssl(
      'req',
      '-new',
      ...ecKey,
      '-subj',
      `/CN=${name}`,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.csr`),
    );
    openssl(
      'ca',
      '-batch',
      '-notext',
      '-config',
      at('ca.cnf'),
      '-cert',
      at('ca.crt'),
      '-keyfile',
      at('ca.key'),
      '-in',
      at(`${name}.csr`),
      '-out',
      at(`${name}.crt`),
      ...validity,
    );
    return { cert: at(`${name}.crt`), key: at(`${name}.key`), fingerprint: fingerprintOf(at(`${name}.crt`)) };
  };
  const valid = issue('forwarder', ['-days', '1']);
  const other = issue('other-forwarder', ['-days', '1']);
  const expired = issue('expired-forwarder', [
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
  ]);
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-days',
    '1',
    '-subj',
    '/CN=stranger',
    '-keyout',
    at('stranger.key'),
    '-out',
    at('stranger.crt'),
  );
  const stranger = {
    cert: at('stranger.crt'),
    key: at('stranger.key'),
    fingerprint: fingerprintOf(at('stranger.crt')),
  };
  return {
    ca: at('ca.crt'),
    valid,
    other,
    expired,
    stranger,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SyslogTestApp {
  app: NestFastifyApplication;
  config: IngestionConfig;
  servers: SyslogServers;
  admin(method: 'POST' | 'PATCH', url: string, body: object): Promise<{ statusCode: number; body: string }>;
  metrics(): Promise<string>;
  /** Sends datagrams to the UDP listener, from a local address (127.0.0.x stands for a source). */
  sendUdp(messages: readonly string[], localAddress?: string): Promise<void>;
  /** A connection to the TCP listener, from a local address. */
  connectTcp(localAddress?: string): Promise<Socket>;
  close(): Promise<void>;
}

export const ADMIN_TOKEN = 'syslog-test-admin-token';

export async function startIngestionWithSyslog(env: Record<string, string>): Promise<SyslogTestApp> {
  const config = loadConfig(ingestionConfigSpec, {
    ...process.env,
    VIGIL_NAMESPACE: testNamespace('syslog'),
    VIGIL_ADMIN_TOKEN: ADMIN_TOKEN,
    VIGIL_ELASTICSEARCH_REPLICAS: '0',
    VIGIL_SYSLOG_HOST: '127.0.0.1',
    VIGIL_SYSLOG_UDP_PORT: '0',
    VIGIL_SYSLOG_TCP_PORT: '0',
    VIGIL_SYSLOG_TLS_PORT: '0',
    VIGIL_LOG_LEVEL: 'error',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    IngestionModule.forRoot(config),
    new FastifyAdapter(),
    { logger: false },
  );
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    config,
    servers: app.get(SyslogServers),
    admin: async (method, url, body) => {
      const response = await fastify.inject({
        method,
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      return { statusCode: response.statusCode, body: response.body };
    },
    metrics: async () =>
      (
        await fastify.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).body,
    sendUdp: async (messages, localAddress = '127.0.0.1') => {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, localAddress, resolve));
      const port = app.get(SyslogServers).addresses().udp;
      for (const message of messages) {
        await new Promise<void>((resolve, reject) => {
          socket.send(message, port, '127.0.0.1', (error) => {
            if (error) reject(error);
            else resolve();
          });
        });
      }
      await new Promise<void>((resolve) => socket.close(resolve));
    },
    connectTcp: (localAddress = '127.0.0.1') =>
      new Promise<Socket>((resolve, reject) => {
        const port = app.get(SyslogServers).addresses().tcp ?? 0;
        const socket = tcpConnect({ host: '127.0.0.1', port, localAddress }, () => {
          resolve(socket);
        });
        socket.once('error', reject);
      }),
    close: () => app.close(),
  };
}

/** The value of a counter sample in Prometheus text, e.g. `vigil_ingest_unknown_source_total{input="syslog-udp"}`. */
export function metricValue(text: string, sample: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}

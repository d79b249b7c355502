import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { testNamespace } from '@vigil/testing';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

export interface SyslogTestApp {
  app: NestFastifyApplication;
  config: IngestionConfig;
  servers: SyslogServers;
  admin(method: 'POST' | 'PATCH', url: string, body: object): Promise<{ statusCode: number; body: string }>;
  metrics(): Promise<string>;
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
    metrics: async () => (await fastify.inject({ method: 'GET', url: '/metrics' })).body,
    close: () => app.close(),
  };
}

/** The value of a counter sample in Prometheus text, e.g. `vigil_ingest_unknown_source_total{input="syslog-udp"}`. */
export function metricValue(text: string, sample: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}

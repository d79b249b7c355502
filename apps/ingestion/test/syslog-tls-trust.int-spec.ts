import { Topics, type NormalizedEvent } from '@vigil/contracts';
import { eventually, topicCollector, type TopicCollector } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { AgencyDirectory } from '../src/directory/application/agency-directory';
import {
  makeAgencyPki,
  makeCertificates,
  metricValue,
  startIngestionWithSyslog,
  type AgencyPki,
  type ClientCertificate,
  type SyslogTestApp,
  type TestCertificates,
} from '../src/syslog/test/syslog-test-kit';

// Syslog over TLS with a CA configured, against the real service, Kafka, Elasticsearch and Redis:
// the client certificate's chain and dates are checked, and a certificate identifies only the
// agency that registered it. Connections are capped per source and closed when idle.

const IDLE_MS = 1500;
let pki: AgencyPki;
let server: TestCertificates;
let ingestion: SyslogTestApp;
let reader: TopicCollector<NormalizedEvent>;
let events: NormalizedEvent[] = [];

const line = (marker: string): string => `<38>Nov 27 10:12:00 web01 sshd[2211]: ${marker}`;
const arrived = (marker: string): NormalizedEvent[] =>
  events.filter((event) => event.event.original.includes(marker));
const unknownTls = async (): Promise<number> =>
  metricValue(await ingestion.metrics(), 'vigil_ingest_unknown_source_total{input="syslog-tls"}');
const closedFor = async (reason: string): Promise<number> =>
  metricValue(
    await ingestion.metrics(),
    `vigil_syslog_closed_connections_total{input="syslog-tcp",reason="${reason}"}`,
  );

function tls(client: ClientCertificate): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      {
        host: '127.0.0.1',
        port: ingestion.servers.addresses().tls ?? 0,
        servername: 'localhost',
        ca: readFileSync(server.serverCert),
        cert: readFileSync(client.cert),
        key: readFileSync(client.key),
      },
      () => {
        resolve(socket);
      },
    );
    socket.once('error', reject);
  });
}

/** Resolves when the server closed the connection; what the server sent back is returned. */
function closedByServer(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.on('error', () => undefined);
    socket.once('close', () => {
      resolve();
    });
  });
}

beforeAll(async () => {
  pki = makeAgencyPki();
  server = makeCertificates();
  ingestion = await startIngestionWithSyslog({
    VIGIL_SYSLOG_TLS_CERT: server.serverCert,
    VIGIL_SYSLOG_TLS_KEY: server.serverKey,
    VIGIL_SYSLOG_TLS_CA: pki.ca,
    VIGIL_SYSLOG_MAX_CONNECTIONS_PER_SOURCE: '2',
    VIGIL_SYSLOG_IDLE_TIMEOUT_MS: String(IDLE_MS),
    VIGIL_INDEXER_ENABLED: 'false',
  });
  const created = [
    await ingestion.admin('POST', '/v1/agencies', {
      id: 'tls-by-address',
      name: 'Agency by address',
      syslog_sources: { cidrs: ['127.0.0.1/32'] },
    }),
    await ingestion.admin('POST', '/v1/agencies', {
      id: 'tls-by-cert',
      name: 'Agency by certificate',
      syslog_sources: {
        cert_fingerprints: [pki.valid.fingerprint, pki.expired.fingerprint, pki.stranger.fingerprint],
      },
    }),
  ];
  for (const response of created) expect(response.statusCode).toBe(201);
  const directory = ingestion.app.get(AgencyDirectory);
  await eventually(() => directory.bySourceAddress('127.0.0.1')?.id === 'tls-by-address');
  await eventually(() => directory.byCertificateFingerprint(pki.stranger.fingerprint) !== undefined);
  reader = topicCollector(ingestion.config.namespace, Topics.EventsV1);
  events = reader.messages;
  await reader.start();
}, 120_000);

afterAll(async () => {
  await reader.stop();
  await ingestion.close();
  pki.remove();
  server.remove();
}, 120_000);

describe('syslog TLS with a CA: the certificate is checked, then mapped to its agency', () => {
  it('a valid certificate issued by the CA and registered by an agency sends for that agency', async () => {
    const marker = `valid-${randomUUID()}`;
    const socket = await tls(pki.valid);
    socket.end(`${line(marker)}\n`);
    const [event] = await eventually(() => (arrived(marker).length === 1 ? arrived(marker) : false));
    expect(event.organization.id).toBe('tls-by-cert');
    expect(event.vigil?.input).toBe('syslog-tls');
  });

  it.each([
    ['an expired certificate, though registered', 'expired'],
    ['a registered certificate the CA did not issue', 'stranger'],
    ['a valid certificate no agency registered, from a registered address', 'other'],
  ] as const)('refuses %s', async (_label, which) => {
    const before = await unknownTls();
    const socket = await tls(pki[which]);
    const closed = closedByServer(socket);
    socket.write(`${line(`refused-${which}`)}\n`);
    await closed;
    await eventually(async () => (await unknownTls()) === before + 1);
  });
});

describe('syslog stream connections: capped per source, closed when idle', () => {
  it('closes a third connection from one address at once and keeps the first two', async () => {
    const before = await closedFor('per_source_cap');
    const first = await ingestion.connectTcp();
    const second = await ingestion.connectTcp();
    const third = await ingestion.connectTcp();
    await closedByServer(third);
    expect(await closedFor('per_source_cap')).toBe(before + 1);
    const marker = `capped-${randomUUID()}`;
    first.write(`${line(`${marker} 1`)}\n`);
    second.write(`${line(`${marker} 2`)}\n`);
    await eventually(() => arrived(marker).length === 2);
    first.destroy();
    second.destroy();
    // Their slots are free again once the server saw them close.
    await eventually(
      async () =>
        metricValue(await ingestion.metrics(), 'vigil_syslog_connections{input="syslog-tcp"}') === 0,
    );
  });

  it('closes a connection that sends nothing', async () => {
    const before = await closedFor('idle');
    const silent = await ingestion.connectTcp();
    await closedByServer(silent);
    expect(await closedFor('idle')).toBe(before + 1);
  });
});

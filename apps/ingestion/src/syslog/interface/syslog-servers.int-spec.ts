import { Topics, type DeadLetterV1, type NormalizedEvent } from '@vigil/contracts';
import { ConsumerRunner, KafkaConnection, Publisher, PublishUnavailableError } from '@vigil/messaging';
import { eventually, serviceAddresses } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import {
  makeCertificates,
  metricValue,
  startIngestionWithSyslog,
  type SyslogTestApp,
  type TestCertificates,
} from '../test/syslog-test-kit';

// The syslog listeners of a real ingestion service (in-process) against the real Kafka,
// Elasticsearch and Redis: what is sent over UDP, TCP and TLS arrives on vigil.events.v1 for the
// right agency; unknown senders are refused and counted.

const addresses = serviceAddresses();
const OTHER_LOOPBACK = '127.0.0.2';
let certificates: TestCertificates;
let ingestion: SyslogTestApp;
let connection: KafkaConnection;
const readers: { stop(): Promise<void> }[] = [];
const events: NormalizedEvent[] = [];
const deadLetters: DeadLetterV1[] = [];

const line = (marker: string, n: number): string =>
  `<38>Nov 27 10:12:0${n % 10} web01 sshd[2211]: ${marker} line ${n}`;
const octet = (message: string): string => `${Buffer.byteLength(message)} ${message}`;
const arrived = (marker: string): NormalizedEvent[] =>
  events.filter((event) => event.event.original.includes(marker));

/** Sends the pieces as separate writes, half-closes, and waits until the server closed its side. */
async function sendStream(socket: Socket, pieces: string[]): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    socket.once('close', () => {
      resolve();
    });
    socket.once('error', reject);
  });
  for (const piece of pieces) {
    await new Promise<void>((resolve, reject) => {
      socket.write(piece, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }
  socket.end();
  socket.resume();
  await closed;
}

function tcp(localAddress?: string): Promise<Socket> {
  const port = ingestion.servers.addresses().tcp ?? 0;
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port, localAddress }, () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function tls(withClientCertificate: boolean): Promise<Socket> {
  const port = ingestion.servers.addresses().tls ?? 0;
  const client = withClientCertificate
    ? { cert: readFileSync(certificates.clientCert), key: readFileSync(certificates.clientKey) }
    : {};
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: readFileSync(certificates.serverCert),
        ...client,
      },
      () => {
        resolve(socket);
      },
    );
    socket.once('error', reject);
  });
}

async function udp(messages: string[], localAddress = '127.0.0.1'): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, localAddress, resolve));
  for (const message of messages) {
    await new Promise<void>((resolve, reject) => {
      socket.send(message, ingestion.servers.addresses().udp, '127.0.0.1', (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }
  await new Promise<void>((resolve) => socket.close(resolve));
}

function read<T extends 'vigil.events.v1' | 'vigil.events.dlq.v1'>(
  topic: T,
  into: unknown[],
): ConsumerRunner<T> {
  const runner = new ConsumerRunner(connection, new Publisher(connection), {
    groupId: `syslog-test-${randomUUID()}`,
    topic,
    fromBeginning: true,
    handle: async (messages) => {
      into.push(...messages.map((message) => message.value));
      return Promise.resolve(undefined);
    },
  });
  readers.push(runner);
  return runner;
}

beforeAll(async () => {
  certificates = makeCertificates();
  ingestion = await startIngestionWithSyslog({
    VIGIL_SYSLOG_TLS_CERT: certificates.serverCert,
    VIGIL_SYSLOG_TLS_KEY: certificates.serverKey,
    VIGIL_SYSLOG_TLS_CA: certificates.clientCert,
    VIGIL_INGEST_MAX_LINE_BYTES: '8192',
    VIGIL_INGEST_PUBLISH_TIMEOUT_MS: '2000',
    VIGIL_INDEXER_ENABLED: 'false',
  });
  const created = [
    await ingestion.admin('POST', '/v1/agencies', {
      id: 'syslog-by-address',
      name: 'Agency by address',
      syslog_sources: { trusted_networks: ['127.0.0.1/32'] },
    }),
    await ingestion.admin('POST', '/v1/agencies', {
      id: 'syslog-by-cert',
      name: 'Agency by certificate',
      syslog_sources: { cert_fingerprints: [certificates.clientFingerprint] },
    }),
  ];
  for (const response of created) expect(response.statusCode).toBe(201);
  const directory = ingestion.app.get(AgencyDirectory);
  await eventually(() => directory.bySourceAddress('127.0.0.1')?.id === 'syslog-by-address');
  await eventually(() => directory.byCertificateFingerprint(certificates.clientFingerprint) !== undefined);
  connection = new KafkaConnection({
    clientId: 'syslog-test',
    brokers: addresses.kafkaBrokers,
    namespace: ingestion.config.namespace,
  });
  await eventually(async () => {
    const response = await ingestion.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/health/ready' });
    return response.statusCode === 200;
  });
  await read(Topics.EventsV1, events).start();
  await read(Topics.EventsDlqV1, deadLetters).start();
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(readers.map((reader) => reader.stop()));
  await connection.close();
  await ingestion.close();
  certificates.remove();
}, 120_000);

describe('syslog inputs against real Kafka', () => {
  it('binds each enabled listener to a free port when configured with 0', () => {
    const bound = ingestion.servers.addresses();
    expect(bound.udp).toBeGreaterThan(0);
    expect(bound.tcp).toBeGreaterThan(0);
    expect(bound.tls).toBeGreaterThan(0);
  });

  it('TCP: newline and octet-counted frames, split anywhere across writes, arrive for the agency of the source address', async () => {
    const marker = `tcp-${randomUUID()}`;
    const stream = `${line(marker, 1)}\n${octet(line(marker, 2))}${line(marker, 3)}\r\n${octet(line(marker, 4))}${line(marker, 5)}`;
    await sendStream(await tcp(), [
      stream.slice(0, 7),
      stream.slice(7, 80),
      stream.slice(80, 81),
      stream.slice(81),
    ]);
    const received = await eventually(() => (arrived(marker).length === 5 ? arrived(marker) : false));
    expect(received.map((event) => event.message).sort()).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${marker} line ${n}`),
    );
    for (const event of received) {
      expect(event.organization.id).toBe('syslog-by-address');
      expect(event.vigil?.input).toBe('syslog-tcp');
      expect(event.host?.name).toBe('web01');
    }
  });

  it('UDP: each datagram is one event for the agency of the source address', async () => {
    const marker = `udp-${randomUUID()}`;
    await udp([1, 2, 3].map((n) => `${line(marker, n)}\n`));
    const received = await eventually(() => (arrived(marker).length === 3 ? arrived(marker) : false));
    expect(received.every((event) => event.organization.id === 'syslog-by-address')).toBe(true);
    expect(received.every((event) => event.vigil?.input === 'syslog-udp')).toBe(true);
  });

  it('TLS: a registered client certificate identifies its agency (over the source address)', async () => {
    const marker = `tls-cert-${randomUUID()}`;
    await sendStream(await tls(true), [octet(line(marker, 1)), octet(line(marker, 2))]);
    const received = await eventually(() => (arrived(marker).length === 2 ? arrived(marker) : false));
    expect(received.every((event) => event.organization.id === 'syslog-by-cert')).toBe(true);
    expect(received.every((event) => event.vigil?.input === 'syslog-tls')).toBe(true);
  });

  it('TLS without a client certificate falls back to the source address', async () => {
    const marker = `tls-addr-${randomUUID()}`;
    await sendStream(await tls(false), [octet(line(marker, 1))]);
    const [event] = await eventually(() => (arrived(marker).length === 1 ? arrived(marker) : false));
    expect(event.organization.id).toBe('syslog-by-address');
  });

  it('dead-letters an over-long frame as LINE_TOO_LONG, truncated, and goes on with the next frame', async () => {
    const marker = `long-${randomUUID()}`;
    const long = `${line(marker, 1)} ${'x'.repeat(20_000)}`;
    await sendStream(await tcp(), [`${long}\n${line(marker, 2)}\n`]);
    await eventually(() => arrived(marker).length === 1);
    const letter = await eventually(
      () => deadLetters.find((dead) => dead.original.includes(marker)) ?? false,
    );
    expect(letter.organization_id).toBe('syslog-by-address');
    expect(letter.error_code).toBe('LINE_TOO_LONG');
    expect(letter.original).toBe(long.slice(0, 8193));
    // The reason gives the frame's real size, not the size of the part kept.
    expect(letter.reason).toContain(`is ${Buffer.byteLength(long)} bytes, over the 8192-byte limit`);
    expect(letter.source).toMatchObject({ input: 'syslog-tcp', line: 1 });
  });

  it('refuses and counts traffic from an unknown source: UDP dropped, TCP connection closed', async () => {
    const before = await ingestion.metrics();
    const marker = `unknown-${randomUUID()}`;
    await udp([line(marker, 1)], OTHER_LOOPBACK);
    const socket = await tcp(OTHER_LOOPBACK);
    const data: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => data.push(chunk));
    await new Promise<void>((resolve) => {
      socket.once('close', () => {
        resolve();
      });
      socket.on('error', () => undefined);
      socket.write(`${line(marker, 2)}\n`);
    });
    expect(data).toEqual([]);
    const count = (text: string, input: string): number =>
      metricValue(text, `vigil_ingest_unknown_source_total{input="${input}"}`);
    await eventually(async () => {
      const after = await ingestion.metrics();
      return (
        count(after, 'syslog-udp') === count(before, 'syslog-udp') + 1 &&
        count(after, 'syslog-tcp') === count(before, 'syslog-tcp') + 1
      );
    });
    // Nothing from the unknown source reached Kafka: a known source's line sent after it arrives alone.
    await udp([line(marker, 3)]);
    await eventually(() => arrived(marker).length === 1);
    expect(arrived(marker)[0]?.message).toBe(`${marker} line 3`);
  });
});

describe('an agency disabled while its connection is open', () => {
  it('is refused from then on: the connection is closed and the refused lines counted', async () => {
    const created = await ingestion.admin('POST', '/v1/agencies', {
      id: 'syslog-to-disable',
      name: 'Agency disabled later',
      syslog_sources: { cidrs: ['127.0.0.3/32'] },
    });
    expect(created.statusCode).toBe(201);
    const directory = ingestion.app.get(AgencyDirectory);
    await eventually(() => directory.bySourceAddress('127.0.0.3')?.id === 'syslog-to-disable');
    const marker = `disabled-${randomUUID()}`;
    const socket = await tcp('127.0.0.3');
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        resolve();
      });
    });
    socket.write(`${line(marker, 1)}\n`);
    await eventually(() => arrived(marker).length === 1);

    const refused = (text: string): number =>
      metricValue(text, 'vigil_syslog_refused_lines_total{input="syslog-tcp",reason="agency_disabled"}');
    const before = refused(await ingestion.metrics());
    expect((await ingestion.admin('POST', '/v1/agencies/syslog-to-disable/disable', {})).statusCode).toBe(
      200,
    );
    await eventually(() => directory.get('syslog-to-disable')?.status === 'disabled');
    socket.write(`${line(marker, 2)}\n`);
    await closed;
    expect(refused(await ingestion.metrics())).toBe(before + 1);
    expect(arrived(marker).map((event) => event.message)).toEqual([`${marker} line 1`]);
  });
});

describe('back-pressure while Kafka does not take the data', () => {
  // Fault injection on the real pipeline: the service's own Publisher refuses (as it does when
  // Kafka does not answer in time) until the test restores it. Kafka itself is the real one.
  let restore: () => void = () => undefined;

  function kafkaOutage(): void {
    const publisher = ingestion.app.get(Publisher);
    const publish = publisher.publish.bind(publisher);
    publisher.publish = () => Promise.reject(new PublishUnavailableError('test: Kafka unreachable'));
    restore = () => {
      publisher.publish = publish;
    };
  }

  afterEach(() => {
    restore();
  });

  it('TCP: stops reading (so the sender buffers fill), loses nothing, and resumes once Kafka is back', async () => {
    const marker = `pressure-${randomUUID()}`;
    const lines = 2_500;
    const pad = 'p'.repeat(8000);
    const retries = (text: string): number =>
      metricValue(text, 'vigil_syslog_stream_retries_total{input="syslog-tcp"}');
    const retriesBefore = retries(await ingestion.metrics());
    kafkaOutage();
    const socket = await tcp();
    const written = new Promise<void>((resolve, reject) => {
      let chunk = '';
      for (let n = 1; n <= lines; n++) chunk += `${line(marker, n)} ${pad}\n`;
      socket.write(chunk, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
    // About 20 MB: more than the loopback socket buffers hold, so it waits in the sender.
    // Once reading paused and the retries go on, what the sender wrote stays with the sender.
    await eventually(async () => retries(await ingestion.metrics()) > retriesBefore + 1);
    const waiting = socket.writableLength;
    expect(waiting).toBeGreaterThan(0);
    await eventually(async () => retries(await ingestion.metrics()) > retriesBefore + 3, {
      timeoutMs: 30_000,
    });
    expect(socket.writableLength).toBe(waiting);
    expect(arrived(marker)).toEqual([]);

    restore();
    await written;
    socket.end();
    const received = await eventually(
      () => {
        const events = arrived(marker);
        return events.length >= lines ? events : false;
      },
      { timeoutMs: 60_000 },
    );
    const numbers = new Set(received.map((event) => /line (\d+)/.exec(event.message ?? '')?.[1]));
    expect(numbers.size).toBe(lines);
    expect(received).toHaveLength(lines);
  }, 120_000);

  it('UDP: counts the datagrams Kafka did not take as dropped (UDP cannot push back)', async () => {
    const dropped = (text: string): number =>
      metricValue(text, 'vigil_ingest_udp_dropped_total{reason="kafka_unavailable"}');
    const before = dropped(await ingestion.metrics());
    kafkaOutage();
    await udp([line(`udp-drop-${randomUUID()}`, 1), line(`udp-drop-${randomUUID()}`, 2)]);
    await eventually(async () => dropped(await ingestion.metrics()) === before + 2);
  });
});

import { Topics, type NormalizedEvent } from '@vigil/contracts';
import { eventually, topicCollector, type TopicCollector } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { AgencyDirectory } from '../src/directory/application/agency-directory';
import {
  metricValue,
  startIngestionWithSyslog,
  type SyslogTestApp,
} from '../src/syslog/test/syslog-test-kit';

// An agency's events/s quota applies to syslog as it does to HTTP, against the real service,
// Kafka, Elasticsearch and Redis (the quota buckets): a TCP sender over quota is slowed down
// (reading pauses, nothing is lost), UDP datagrams over quota are dropped and counted in the
// agency's ingest health.

const QUOTA = 5;
let ingestion: SyslogTestApp;
let reader: TopicCollector<NormalizedEvent>;
let events: NormalizedEvent[] = [];

const line = (marker: string, n: number): string => `<38>Nov 27 10:12:00 web01 app[1]: ${marker} ${n}`;
const arrived = (marker: string): NormalizedEvent[] =>
  events.filter((event) => event.event.original.includes(marker));

interface Health {
  per_minute: { accepted: number; dropped: number }[];
  udp_dropped_over_quota: number;
}

async function health(agency: string): Promise<Health> {
  const response = await ingestion.app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'GET',
      url: `/v1/agencies/${agency}/health`,
      headers: { authorization: 'Bearer syslog-test-admin-token' },
    });
  expect(response.statusCode).toBe(200);
  return response.json<Health>();
}

const write = (socket: Socket, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    socket.write(text, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });

beforeAll(async () => {
  ingestion = await startIngestionWithSyslog({ VIGIL_SYSLOG_TLS_PORT: '-1', VIGIL_INDEXER_ENABLED: 'false' });
  for (const [id, cidr] of [
    ['quota-udp', '127.0.0.4/32'],
    ['quota-tcp', '127.0.0.5/32'],
  ]) {
    const created = await ingestion.admin('POST', '/v1/agencies', {
      id,
      name: `Agency ${id}`,
      syslog_sources: { trusted_networks: [cidr] },
      quotas: { events_per_second: QUOTA },
    });
    expect(created.statusCode).toBe(201);
  }
  const directory = ingestion.app.get(AgencyDirectory);
  await eventually(() => directory.bySourceAddress('127.0.0.5')?.id === 'quota-tcp');
  await eventually(() => directory.bySourceAddress('127.0.0.4')?.id === 'quota-udp');
  reader = topicCollector(ingestion.config.namespace, Topics.EventsV1);
  events = reader.messages;
  await reader.start();
}, 120_000);

afterAll(async () => {
  await reader.stop();
  await ingestion.close();
}, 120_000);

describe("syslog under the agency's quota", () => {
  it('UDP: datagrams over quota are dropped and counted in the agency’s ingest health', async () => {
    const marker = `udp-quota-${randomUUID()}`;
    // The first batch may run the bucket into debt (as one large HTTP request may); the next ones
    // arrive while it is still in debt.
    await ingestion.sendUdp(
      Array.from({ length: 3 * QUOTA }, (_, n) => line(marker, n)),
      '127.0.0.4',
    );
    await eventually(() => arrived(marker).length > 0);
    await ingestion.sendUdp(
      Array.from({ length: 3 * QUOTA }, (_, n) => line(marker, 100 + n)),
      '127.0.0.4',
    );
    const report = await eventually(async () => {
      const current = await health('quota-udp');
      const accepted = current.per_minute.reduce((sum, minute) => sum + minute.accepted, 0);
      return accepted + current.udp_dropped_over_quota === 6 * QUOTA ? current : false;
    });
    expect(report.udp_dropped_over_quota).toBeGreaterThan(0);
    expect(
      metricValue(await ingestion.metrics(), 'vigil_ingest_udp_dropped_total{reason="quota_exceeded"}'),
    ).toBeGreaterThanOrEqual(report.udp_dropped_over_quota);
  });

  it('TCP: a sender over quota is slowed down (reading pauses), and loses nothing', async () => {
    const rejections = async (): Promise<number> =>
      metricValue(
        await ingestion.metrics(),
        'vigil_ingest_quota_rejections_total{agency="quota-tcp",input="syslog-tcp"}',
      );
    const before = await rejections();
    const marker = `tcp-quota-${randomUUID()}`;
    const socket = await ingestion.connectTcp('127.0.0.5');
    const batch = (from: number): string =>
      Array.from({ length: 3 * QUOTA }, (_, n) => `${line(marker, from + n)}\n`).join('');
    await write(socket, batch(0));
    await eventually(() => arrived(marker).length === 3 * QUOTA);
    await write(socket, batch(100));
    await eventually(async () => (await rejections()) > before);
    socket.end();
    await eventually(() => arrived(marker).length === 6 * QUOTA, { timeoutMs: 30_000 });
  }, 60_000);
});

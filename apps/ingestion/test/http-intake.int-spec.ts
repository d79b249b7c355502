import { Topics, type DeadLetterV1, type NormalizedEvent } from '@vigil/contracts';
import { KafkaConnection, Publisher, ConsumerRunner } from '@vigil/messaging';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses } from '@vigil/testing';
import { gzipSync } from 'node:zlib';
import { startIngestion, type IngestionTestApp } from './ingestion-app';

const addresses = serviceAddresses();
const es = createElasticsearchClient(addresses.elasticsearchUrl);
let ingestion: IngestionTestApp;
let keyA: string;
let keyB: string;
const deadLetters: DeadLetterV1[] = [];
let dlqReader: ConsumerRunner<'vigil.events.dlq.v1'>;
let connection: KafkaConnection;

const sshd = (n: number, from = '203.0.113.7'): string =>
  `<38>Nov 27 10:12:${String(n % 60).padStart(2, '0')} web01 sshd[2211]: Failed password for root from ${from} port ${40000 + n} ssh2`;

async function eventsOf(agency: string): Promise<NormalizedEvent[]> {
  await es.indices.refresh({
    index: `${ingestion.config.namespace}-events-${agency}-*`,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const found = await es.search<NormalizedEvent>({
    index: `${ingestion.config.namespace}-events-*`,
    size: 1000,
    query: { term: { 'organization.id': agency } },
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

beforeAll(async () => {
  ingestion = await startIngestion('http-intake');
  keyA = await ingestion.createAgency('agency-a');
  keyB = await ingestion.createAgency('agency-b', { quotas: { events_per_second: 5 } });
  connection = new KafkaConnection({
    clientId: 'test',
    brokers: addresses.kafkaBrokers,
    namespace: ingestion.config.namespace,
  });
  dlqReader = new ConsumerRunner(connection, new Publisher(connection), {
    groupId: 'test-dlq-reader',
    topic: Topics.EventsDlqV1,
    fromBeginning: true,
    handle: async (messages) => {
      deadLetters.push(...messages.map((message) => message.value));
      return Promise.resolve(undefined);
    },
  });
  await eventually(
    async () => (await ingestion.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
  );
  await dlqReader.start();
});

afterAll(async () => {
  await dlqReader.stop();
  await ingestion.close();
  await es.indices.delete({ index: `${ingestion.config.namespace}-*`, ignore_unavailable: true });
  await es.close();
});

describe('HTTP intake against real Kafka, Elasticsearch and Redis', () => {
  it('accepts the valid lines of an NDJSON body, names each rejected line, indexes the events once', async () => {
    const lines = [
      JSON.stringify({ '@timestamp': '2026-11-27T01:00:00Z', message: 'one', event: { id: 'client-id-1' } }),
      '{"broken": ',
      JSON.stringify({
        '@timestamp': '2026-11-27T01:00:01Z',
        message: 'two',
        organization: { id: 'agency-b' },
      }),
    ];
    const response = await ingestion.request({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': keyA, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    });
    expect(response.statusCode).toBe(202);
    const body = response.json<{ accepted: number; rejected: { line: number; reason: string }[] }>();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]?.line).toBe(2);
    expect(body.rejected[0]?.reason).toMatch(/JSON/);

    const stored = await eventually(async () => {
      const events = await eventsOf('agency-a');
      return events.length === 2 ? events : false;
    });
    expect(stored.map((event) => event.message).sort()).toEqual(['one', 'two']);
    // The key decides the agency, whatever the event claims.
    expect(stored.every((event) => event.organization.id === 'agency-a')).toBe(true);
    expect(stored.find((event) => event.message === 'one')?.event.id).toBe('client-id-1');
    const letter = await eventually(
      () => deadLetters.find((dead) => dead.original === '{"broken": ') ?? false,
    );
    expect(letter.organization_id).toBe('agency-a');
    expect(letter.stage).toBe('parse');
    expect(letter.source).toMatchObject({ input: 'http', line: 2 });
  });

  it('makes a resent batch with the same Idempotency-Key a no-op in Elasticsearch', async () => {
    const body = gzipSync(Buffer.from([sshd(1, '198.51.100.1'), sshd(2, '198.51.100.1')].join('\n')));
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await ingestion.request({
        method: 'POST',
        url: '/v1/events/raw?format=rfc3164',
        headers: {
          'x-api-key': keyA,
          'content-type': 'text/plain',
          'content-encoding': 'gzip',
          'idempotency-key': 'file-1:0-200',
        },
        body,
      });
      expect(response.json()).toEqual({ accepted: 2, rejected: [] });
    }
    await eventually(
      async () =>
        (await eventsOf('agency-a')).filter((event) => event.source?.ip === '198.51.100.1').length === 2,
    );
    // Give the indexer time to (wrongly) write copies, then check it did not.
    await ingestion.request({
      method: 'POST',
      url: '/v1/events/raw',
      headers: { 'x-api-key': keyA, 'content-type': 'text/plain' },
      body: sshd(3, '198.51.100.9'),
    });
    await eventually(async () =>
      (await eventsOf('agency-a')).some((event) => event.source?.ip === '198.51.100.9'),
    );
    const copies = (await eventsOf('agency-a')).filter((event) => event.source?.ip === '198.51.100.1');
    expect(copies).toHaveLength(2);
    expect(copies.every((event) => event.user?.name === 'root' && event.event.outcome === 'failure')).toBe(
      true,
    );
  });

  it('refuses unknown keys (401), disabled agencies (403) and answers 429 with Retry-After over quota', async () => {
    const post = (key: string, body = sshd(4)) =>
      ingestion.request({
        method: 'POST',
        url: '/v1/events/raw',
        headers: { 'x-api-key': key, 'content-type': 'text/plain' },
        body,
      });
    expect((await post('vgl_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(401);
    expect((await post('not-a-key')).statusCode).toBe(401);

    const burst = Array.from({ length: 40 }, (_, n) => sshd(n)).join('\n');
    const first = await post(keyB, burst);
    expect(first.statusCode).toBe(202);
    const limited = await post(keyB, burst);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    expect((await ingestion.admin('POST', '/v1/agencies/agency-b/disable')).statusCode).toBe(200);
    const refused = await post(keyB);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: string }>().error).toBe('agency_disabled');
  });

  it('answers 413 for a body over the limit and 415 for an unknown content type', async () => {
    const tooBig = await ingestion.request({
      method: 'POST',
      url: '/v1/events/raw',
      headers: { 'x-api-key': keyA, 'content-type': 'text/plain' },
      body: Buffer.alloc(ingestion.config.maxBodyBytes + 1, 'a'),
    });
    expect(tooBig.statusCode).toBe(413);
    const wrongType = await ingestion.request({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': keyA, 'content-type': 'text/csv' },
      body: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
  });

  it("reports an agency's ingest health: last event, events per minute, parse errors", async () => {
    const report = await ingestion.admin('GET', '/v1/agencies/agency-a/health');
    expect(report.statusCode).toBe(200);
    const health = report.json<{
      last_event_at: string | null;
      per_minute: { accepted: number; rejected: number }[];
    }>();
    expect(health.last_event_at).not.toBeNull();
    const totals = health.per_minute.reduce(
      (sum, minute) => ({
        accepted: sum.accepted + minute.accepted,
        rejected: sum.rejected + minute.rejected,
      }),
      { accepted: 0, rejected: 0 },
    );
    expect(totals.accepted).toBeGreaterThanOrEqual(5);
    expect(totals.rejected).toBe(1);
    const own = await ingestion.request({
      method: 'GET',
      url: '/v1/ingest/health',
      headers: { 'x-api-key': keyA },
    });
    expect(own.json<{ agency_id: string }>().agency_id).toBe('agency-a');
  });
});

import type { NormalizedEvent } from '@vigil/contracts';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { startIngestion, type IngestionTestApp } from './ingestion-app';

// A line refused by a limit that is later raised (the "parser fix") is kept in the DLQ and, once
// replayed, indexed — once, however often the replay runs.
const namespace = testNamespace('replay');
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
const longLine = `<38>Nov 27 10:12:45 web01 sshd[2211]: Failed password for root from 203.0.113.99 port 52144 ssh2 ${'x'.repeat(300)}`;

async function storedMessages(): Promise<NormalizedEvent[]> {
  await es.indices.refresh({
    index: `${namespace}-events-*`,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const found = await es.search<NormalizedEvent>({
    index: `${namespace}-events-*`,
    size: 100,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  return found.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

let before: IngestionTestApp | undefined;
let after: IngestionTestApp | undefined;

afterAll(async () => {
  await before?.close();
  await after?.close();
  await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
  await es.close();
});

it('replays dead letters after a fix, indexing each line once however often it runs', async () => {
  before = await startIngestion('replay', { VIGIL_NAMESPACE: namespace, VIGIL_INGEST_MAX_LINE_BYTES: '256' });
  const key = await before.createAgency('so-replay');
  const refused = await before.request({
    method: 'POST',
    url: '/v1/events/raw',
    headers: { 'x-api-key': key, 'content-type': 'text/plain' },
    body: longLine,
  });
  expect(refused.json()).toMatchObject({ accepted: 0, rejected: [{ line: 1, code: 'LINE_TOO_LONG' }] });
  await before.close();
  before = undefined;

  after = await startIngestion('replay', { VIGIL_NAMESPACE: namespace });
  const app = after;
  await eventually(
    async () => (await app.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
  );
  const replay = async () =>
    (await app.admin('POST', '/v1/dead-letters/replay', { organization_id: 'so-replay' })).json<{
      replayed: number;
      accepted: number;
      rejected_again: number;
    }>();
  const first = await eventually(async () => {
    const report = await replay();
    return report.replayed >= 1 ? report : false;
  });
  expect(first).toMatchObject({ replayed: 1, accepted: 1, rejected_again: 0 });
  expect(await replay()).toMatchObject({ replayed: 1, accepted: 1 });
  // A sentinel from the same host follows the replays on the same partition: once it is indexed,
  // so is everything the replays sent.
  await app.request({
    method: 'POST',
    url: '/v1/events/raw',
    headers: { 'x-api-key': key, 'content-type': 'text/plain' },
    body: '<38>Nov 27 10:13:00 web01 sshd[2212]: Accepted password for root from 192.0.2.1 port 1 ssh2',
  });
  const stored = await eventually(async () => {
    const events = await storedMessages();
    return events.some((event) => event.source?.ip === '192.0.2.1') ? events : false;
  });
  const replayed = stored.filter((event) => event.source?.ip === '203.0.113.99');
  expect(replayed).toHaveLength(1);
  expect(replayed[0]?.vigil?.input).toBe('replay');
});

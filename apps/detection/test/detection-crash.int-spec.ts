import { Topics, exampleEventV1, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { KafkaConnection, Publisher, ensureTopics } from '@vigil/messaging';
import { createElasticsearchClient } from '@vigil/search';
import { ServiceProcess, eventually, freePort, serviceAddresses, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { VIGIL_PACK, alertCollector } from './detection-app';

// kill -9 of a detection instance mid-stream: after the restart, every brute-force burst has its
// alert, and none has two (ids are deterministic; Elasticsearch writes are create-only).
const namespace = testNamespace('detection-crash');
const connection = new KafkaConnection({
  clientId: 'test',
  brokers: serviceAddresses().kafkaBrokers,
  namespace,
});
const publisher = new Publisher(connection);
const collector = alertCollector(namespace);
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
const BURSTS = 60;
let detection: ServiceProcess;
let url = '';

const failure = (burst: number, n: number): NormalizedEvent => {
  const base = exampleEventV1();
  return {
    ...base,
    '@timestamp': new Date(Date.UTC(2026, 10, 27, 3, burst % 60, n)).toISOString(),
    event: { ...base.event, id: randomUUID(), ingested: new Date().toISOString() },
    host: { name: `web-${burst % 7}` },
    log: { syslog: { appname: 'sshd' } },
    source: { ip: `198.18.${Math.floor(burst / 250)}.${burst % 250}`, port: 40000 + n },
  };
};

beforeAll(async () => {
  await ensureTopics(connection);
  await publisher.connect();
  await collector.start();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  detection = new ServiceProcess('detection', {
    VIGIL_NAMESPACE: namespace,
    VIGIL_HTTP_PORT: String(port),
    VIGIL_RULE_PACK_DIRS: VIGIL_PACK,
    VIGIL_ELASTICSEARCH_REPLICAS: '0',
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_ADMIN_TOKEN: 'detection-crash-admin-token',
    VIGIL_RULE_AUTHOR_TOKEN: 'detection-crash-author-token',
  });
  detection.start();
  // Ready means its consumers joined their groups: a new group reads from the latest offset.
  await eventually(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true, {
    timeoutMs: 90000,
    intervalMs: 500,
  }).catch((error: unknown) => {
    throw new Error(`detection did not become ready: ${String(error)}\n${detection.output}`);
  });
});

afterAll(async () => {
  await detection.stop();
  await collector.stop();
  await publisher.disconnect();
  await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
  await es.close();
});

// Minutes, not seconds: a killed member holds its partitions until its Kafka session times out
// (30 s) before the restarted one gets them.
it('misses no alert and duplicates none across a SIGKILL', async () => {
  const brute = (): AlertV1[] =>
    collector.alerts.filter((alert) => alert.rule.title === 'SSH brute force from one source');
  // Ten failures per source, bursts interleaved so that each batch holds parts of several. The
  // tenth failures, which complete the bursts, follow a few sources at a time, so the kill lands
  // while alerts are still to come (some raised before it, the rest after the restart).
  const round = (n: number): NormalizedEvent[] =>
    Array.from({ length: BURSTS }, (_, burst) => failure(burst, n));
  const early = Array.from({ length: 9 }, (_, n) => round(n)).flat();
  for (let start = 0; start < early.length; start += 50) {
    await publisher.publish(Topics.EventsV1, early.slice(start, start + 50));
  }
  const last = round(9);
  const completing = (async () => {
    for (let start = 0; start < last.length; start += 5) {
      await publisher.publish(Topics.EventsV1, last.slice(start, start + 5));
      await new Promise((done) => setTimeout(done, 250));
    }
  })();
  await eventually(() => brute().length > 0, { timeoutMs: 90000, intervalMs: 20 }).catch((error: unknown) => {
    throw new Error(`no alert before the kill: ${String(error)}\n${detection.output}`);
  });
  await detection.kill9();
  const beforeKill = new Set(brute().map((alert) => alert.id)).size;
  await completing;
  detection.start();

  await eventually(() => new Set(brute().map((alert) => alert.id)).size === BURSTS, { timeoutMs: 120000 });
  expect(beforeKill).toBeLessThan(BURSTS);
  const sources = new Set(
    brute().map((alert) => (alert.explanation?.group_by as Record<string, string>)['source.ip']),
  );
  expect(sources.size).toBe(BURSTS);

  const stored = await eventually(async () => {
    await es.indices.refresh({
      index: `${namespace}-alerts-*`,
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    const found = await es.search<AlertV1>({
      index: `${namespace}-alerts-*`,
      size: 1000,
      query: { term: { 'rule.title.raw': 'SSH brute force from one source' } },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits.length >= BURSTS ? found.hits.hits : false;
  });
  expect(stored).toHaveLength(BURSTS);
}, 300_000);

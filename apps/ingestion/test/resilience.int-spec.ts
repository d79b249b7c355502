import { createElasticsearchClient } from '@vigil/search';
import { ServiceProcess, eventually, freePort, serviceAddresses, testNamespace } from '@vigil/testing';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// The non-negotiable: nothing acknowledged is ever lost. A client streams events; the service is
// killed with SIGKILL mid-stream, or Kafka is stopped; every event the client got a 2xx for must
// be in Elasticsearch exactly once afterwards.
const root = resolve(__dirname, '../../..');
const stack = resolve(root, 'deploy/local/stack.sh');
const ADMIN = 'resilience-admin-token';
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);

interface Stream {
  acked: Set<string>;
  statuses: Map<number, number>;
  done: Promise<void>;
}

/** Sends `total` events with client ids in batches, retrying every batch until it gets a 202. */
function streamEvents(url: () => string, key: string, prefix: string, total: number, batch: number): Stream {
  const acked = new Set<string>();
  const statuses = new Map<number, number>();
  const batches: string[][] = [];
  for (let start = 0; start < total; start += batch) {
    batches.push(Array.from({ length: Math.min(batch, total - start) }, (_, i) => `${prefix}-${start + i}`));
  }
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < batches.length) {
      const ids = batches[next++] ?? [];
      const body = ids
        .map((id, i) =>
          JSON.stringify({
            '@timestamp': new Date().toISOString(),
            event: { id },
            message: `Failed password for root from 198.51.100.${i % 250} port ${30000 + i} ssh2`,
          }),
        )
        .join('\n');
      for (;;) {
        const status = await fetch(`${url()}/v1/events`, {
          method: 'POST',
          headers: { 'x-api-key': key, 'content-type': 'application/x-ndjson' },
          body,
          signal: AbortSignal.timeout(30000),
        })
          .then(async (response) => {
            await response.arrayBuffer();
            return response.status;
          })
          .catch(() => 0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 202) {
          for (const id of ids) acked.add(id);
          break;
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      }
    }
  };
  return { acked, statuses, done: Promise.all(Array.from({ length: 4 }, client)).then(() => undefined) };
}

async function storedIds(namespace: string, prefix: string): Promise<Map<string, number>> {
  await es.indices.refresh({
    index: `${namespace}-events-*`,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const counts = new Map<string, number>();
  let after: (string | number)[] | undefined;
  for (;;) {
    const page = await es.search<{ event: { id: string } }>({
      index: `${namespace}-events-*`,
      size: 10000,
      _source: ['event.id'],
      query: { prefix: { 'event.id': prefix } },
      sort: [{ 'event.id': 'asc' }],
      search_after: after,
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    for (const hit of page.hits.hits) {
      const id = hit._source?.event.id ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const last = page.hits.hits.at(-1);
    if (!last || page.hits.hits.length < 10000) return counts;
    after = last.sort as (string | number)[];
  }
}

describe('ingestion resilience (a real ingestion process)', () => {
  const namespace = testNamespace('resilience');
  let service: ServiceProcess;
  let url = '';
  let key = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = new ServiceProcess('ingestion', {
      VIGIL_NAMESPACE: namespace,
      VIGIL_HTTP_PORT: String(port),
      VIGIL_ADMIN_TOKEN: ADMIN,
      VIGIL_SYSLOG_UDP_PORT: '-1',
      VIGIL_SYSLOG_TCP_PORT: '-1',
      VIGIL_INGEST_PUBLISH_TIMEOUT_MS: '3000',
      VIGIL_ELASTICSEARCH_REPLICAS: '0',
      VIGIL_LOG_LEVEL: 'warn',
    });
    service.start();
    await eventually(async () => (await fetch(`${url}/health/ready`)).ok, {
      timeoutMs: 90000,
      intervalMs: 500,
    }).catch((error: unknown) => {
      throw new Error(`ingestion did not become ready: ${String(error)}\n${service.output}`);
    });
    const created = await fetch(`${url}/v1/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'resilience', name: 'Resilience', quotas: { events_per_second: 1000000 } }),
    });
    key = ((await created.json()) as { api_key: string }).api_key;
  }, 120000);

  afterAll(async () => {
    await service.stop();
    await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
    await es.close();
  });

  it('loses nothing acknowledged when the process is killed with SIGKILL mid-stream', async () => {
    const stream = streamEvents(() => url, key, 'kill9', 100_000, 500);
    await eventually(() => stream.acked.size >= 30_000, { timeoutMs: 120000, intervalMs: 50 });
    await service.kill9();
    const ackedAtKill = stream.acked.size;
    service.start();
    await stream.done;
    expect(ackedAtKill).toBeLessThan(100_000);
    expect(stream.acked.size).toBe(100_000);
    // Requests in flight at the kill failed and were retried after the restart.
    expect((stream.statuses.get(0) ?? 0) + (stream.statuses.get(503) ?? 0)).toBeGreaterThan(0);

    const stored = await eventually(
      async () => {
        const ids = await storedIds(namespace, 'kill9-');
        if (ids.size < stream.acked.size)
          throw new Error(`${ids.size} of ${stream.acked.size} indexed so far`);
        return ids;
      },
      { timeoutMs: 180000, intervalMs: 2000 },
    );
    for (const id of stream.acked) expect(stored.get(id)).toBe(1);
    expect([...stored.values()].every((count) => count === 1)).toBe(true);
  }, 400000);

  it('answers 503 while Kafka is down and loses nothing acknowledged once it is back', async () => {
    const stream = streamEvents(() => url, key, 'kafkadown', 20_000, 200);
    await eventually(() => stream.acked.size >= 2_000, { timeoutMs: 60000, intervalMs: 50 });
    execFileSync(stack, ['down', 'kafka'], { stdio: 'ignore' });
    try {
      await eventually(() => (stream.statuses.get(503) ?? 0) > 0, { timeoutMs: 60000, intervalMs: 100 });
    } finally {
      execFileSync(stack, ['up', 'kafka'], { stdio: 'ignore' });
    }
    await stream.done;
    expect(stream.acked.size).toBe(20_000);
    const stored = await eventually(
      async () => {
        const ids = await storedIds(namespace, 'kafkadown-');
        if (ids.size < stream.acked.size)
          throw new Error(`${ids.size} of ${stream.acked.size} indexed so far`);
        return ids;
      },
      { timeoutMs: 180000, intervalMs: 2000 },
    );
    for (const id of stream.acked) expect(stored.get(id)).toBe(1);
  }, 400000);
});

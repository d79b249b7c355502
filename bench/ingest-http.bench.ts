/**
 * HTTP NDJSON/raw → Kafka (acks=all), then the indexer → Elasticsearch, against the real local
 * stack (./vigil stack up). Prints one JSON summary.
 *   npm run build && node dist/bench/ingest-http.bench.js [--events 200000] [--batch 500] [--clients 8]
 */
import { createElasticsearchClient } from '@vigil/search';
import { serviceAddresses } from '@vigil/testing';
import { randomBytes } from 'node:crypto';
import { createAgency, startIngestionService, waitReady } from './lib/ingestion-service';
import { logLine } from './lib/log-corpus';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};

async function main(): Promise<void> {
  const total = arg('events', 200_000);
  const batch = arg('batch', 500);
  const clients = arg('clients', 8);
  const namespace = `bench-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;

  // Phase 1: intake only (the indexer off), so the figure is HTTP → Kafka.
  const intake = await startIngestionService(namespace, { VIGIL_INDEXER_ENABLED: 'false' });
  await waitReady(intake.url);
  const key = await createAgency(intake.url, 'bench-agency');
  const bodies: string[] = [];
  for (let start = 0; start < total; start += batch) {
    bodies.push(
      Array.from({ length: Math.min(batch, total - start) }, (_, i) => logLine(start + i)).join('\n'),
    );
  }
  const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] ?? '';
        const sent = performance.now();
        const response = await fetch(`${intake.url}/v1/events/raw`, {
          method: 'POST',
          headers: { 'x-api-key': key, 'content-type': 'text/plain' },
          body,
        });
        if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        // Read the count first: `accepted += await …` would read `accepted` before awaiting and
        // lose the other clients' additions.
        const counted = ((await response.json()) as { accepted: number }).accepted;
        accepted += counted;
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const intakeSeconds = (performance.now() - started) / 1000;
  await intake.app.close();

  // Phase 2: the indexer alone drains the topic into Elasticsearch.
  const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
  const indexStarted = performance.now();
  const indexer = await startIngestionService(namespace, { VIGIL_INDEXER_ENABLED: 'true' });
  let indexed = 0;
  let firstIndexed: { at: number; count: number } | undefined;
  while (indexed < accepted) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const count = await es
      .count({ index: `${namespace}-events-*`, ignore_unavailable: true, allow_no_indices: true })
      .catch(() => ({ count: 0 }));
    indexed = count.count;
    if (firstIndexed === undefined && indexed > 0) firstIndexed = { at: performance.now(), count: indexed };
    if (performance.now() - indexStarted > 600_000) break;
  }
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  // Steady state: from the first documents visible (start-up and group join excluded) to the last.
  const steadySeconds = firstIndexed ? (performance.now() - firstIndexed.at) / 1000 : indexSeconds;
  const steadyEvents = indexed - (firstIndexed?.count ?? 0);
  await indexer.app.close();
  await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
  await es.close();

  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    Number((latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(1));
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'ingest-http',
      events: total,
      accepted,
      batch_lines: batch,
      clients,
      mean_line_bytes: Math.round(bytes / total),
      http_to_kafka_events_per_s: Math.round(accepted / intakeSeconds),
      http_to_kafka_mb_per_s: Number((bytes / intakeSeconds / 1e6).toFixed(1)),
      request_latency_ms: { p50: pct(0.5), p99: pct(0.99) },
      indexed,
      indexer_events_per_s: Math.round(indexed / indexSeconds),
      indexer_steady_events_per_s: Math.round(steadyEvents / steadySeconds),
      note: 'indexer_events_per_s includes start-up and group join; indexer_steady_events_per_s counts from the first visible documents (5 s refresh, so it is conservative); all on this machine (2 cores) with Kafka, Elasticsearch, Redis',
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

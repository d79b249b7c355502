/**
 * Events from ingestion's HTTP input through detection (the default rule packs: Vigil's own and
 * the vendored SigmaHQ core rules; `--vigil-only` for Vigil's alone) at a fixed offered rate,
 * against the real local stack (./vigil stack up): sustained throughput of detection and the
 * latency from event ingested to alert published. Ingestion runs in this process (its indexer
 * too with `--indexer`), detection in a child process. Prints one JSON summary.
 *   npm run build && node dist/bench/detection.bench.js [--rate 5000] [--seconds 20] [--batch 100]
 *     [--clients 8] [--burst-every 500] [--vigil-only] [--indexer]   (--rate 0: as fast as possible)
 *     [--mode mixed|sshd-burst|dc-mix] [--sources 300] [--attempts 20]
 * Modes: `mixed` (default) spreads the corpus over many hosts with a brute-force burst every
 * `--burst-every` lines; `sshd-burst` is one Linux host guessed at by `--sources` sources at once
 * (`--attempts` each); `dc-mix` is one Windows host sending the OTRF samples. The single-host
 * modes land on one partition: one detection consumer takes all of it.
 */
import { Topics, type AlertV1 } from '@vigil/contracts';
import { ConsumerRunner, Publisher } from '@vigil/messaging';
import { createElasticsearchClient } from '@vigil/search';
import { serviceAddresses } from '@vigil/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { numberArg, stringArg, switchArg } from './lib/bench-args';
import {
  attackerAddress,
  BRUTE_FORCE_FAILURES,
  burstsIn,
  detectionLine,
  sshdFailure,
} from './lib/detection-corpus';
import type { DetectionWorkerReady } from './lib/detection-worker';
import { createAgency, startIngestionService, waitReady } from './lib/ingestion-service';
import { KafkaTopics } from './lib/kafka-topics';
import { percentiles } from './lib/percentiles';
import {
  domainControllerLine,
  domainControllerTemplates,
  expectedSshdAlerts,
  sshdBurstLine,
  type SshdBurst,
} from './lib/single-host-corpus';

const REPO = resolve(__dirname, '../..');
const SAMPLES = resolve(REPO, '../shared/data/samples/security-datasets');
const BRUTE_FORCE = 'SSH brute force from one source';

/** What the load generator sends: line n, and how many brute-force alerts the first n lines must raise. */
interface Traffic {
  line: (n: number) => string;
  expectedBruteForce: (lines: number) => number;
}

function trafficOf(mode: string, normalBetween: number): Traffic {
  switch (mode) {
    case 'mixed':
      return {
        line: (n) => detectionLine(n, normalBetween),
        expectedBruteForce: (lines) => burstsIn(lines, normalBetween),
      };
    case 'sshd-burst': {
      const burst: SshdBurst = {
        sources: numberArg('sources', 300),
        attemptsPerSource: numberArg('attempts', 20),
      };
      return {
        line: (n) => sshdBurstLine(n, burst),
        expectedBruteForce: (lines) => expectedSshdAlerts(lines, burst),
      };
    }
    case 'dc-mix': {
      const templates = domainControllerTemplates(SAMPLES);
      return { line: (n) => domainControllerLine(n, templates), expectedBruteForce: () => 0 };
    }
    default:
      throw new Error(`--mode takes mixed, sshd-burst or dc-mix, got '${mode}'`);
  }
}

interface ObservedAlert {
  alert: AlertV1;
  observedAt: number;
}

function startDetection(
  namespace: string,
  packDirs: string[],
): Promise<{ child: ChildProcess; rules: number }> {
  const child = fork(join(__dirname, 'lib', 'detection-worker.js'), [], {
    env: { ...process.env, VIGIL_NAMESPACE: namespace, VIGIL_RULE_PACK_DIRS: packDirs.join(',') },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolveReady, reject) => {
    child.once('message', (message: DetectionWorkerReady) => {
      resolveReady({ child, rules: message.rules });
    });
    child.once('exit', (code) => {
      reject(new Error(`the detection worker exited (${String(code)}) before it was ready`));
    });
  });
}

async function stopDetection(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}

async function main(): Promise<void> {
  const rate = numberArg('rate', 5000);
  const seconds = numberArg('seconds', 20);
  const batch = numberArg('batch', 100);
  const clients = numberArg('clients', 8);
  const normalBetween = numberArg('burst-every', 500);
  const vigilOnly = switchArg('vigil-only');
  const indexer = switchArg('indexer');
  const mode = stringArg('mode', 'mixed');
  const traffic = trafficOf(mode, normalBetween);
  const namespace = `bench-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const packs = vigilOnly ? ['vigil'] : ['vigil', 'sigmahq'];
  const packDirs = packs.map((pack) => join(REPO, 'apps/detection/rules', pack));

  const kafka = new KafkaTopics(namespace);
  const intake = await startIngestionService(namespace, { VIGIL_INDEXER_ENABLED: String(indexer) });
  let detection: ChildProcess | undefined;
  let alertsReader: ConsumerRunner<'vigil.alerts.v1'> | undefined;
  try {
    await waitReady(intake.url);
    const key = await createAgency(intake.url, 'bench-detection');
    const started = await startDetection(namespace, packDirs);
    detection = started.child;
    const alerts: ObservedAlert[] = [];
    alertsReader = new ConsumerRunner(kafka.connection, new Publisher(kafka.connection), {
      groupId: `bench-alerts-${randomBytes(4).toString('hex')}`,
      topic: Topics.AlertsV1,
      fromBeginning: true,
      handle: (messages) => {
        const observedAt = Date.now();
        alerts.push(...messages.map((message) => ({ alert: message.value, observedAt })));
        return Promise.resolve(undefined);
      },
    });
    await alertsReader.start();

    const post = async (lines: string[]): Promise<number> => {
      const response = await fetch(`${intake.url}/v1/events/raw`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'text/plain' },
        body: lines.join('\n'),
      });
      if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { accepted: number }).accepted;
    };

    // Warm-up: one burst from another network; the whole path works once its alert arrives.
    const warmUp = attackerAddress(0, 19);
    await post(Array.from({ length: BRUTE_FORCE_FAILURES }, (_, attempt) => sshdFailure(warmUp, attempt)));
    const warmedUp = await until(
      () => alerts.some(({ alert }) => alert.rule.title === BRUTE_FORCE && alert.group_key.includes(warmUp)),
      120_000,
    );
    if (!warmedUp) throw new Error('no brute-force alert for the warm-up burst within 120 s');

    const eventsTopic = kafka.connection.topic(Topics.EventsV1);
    const group = kafka.connection.group('detection');
    const baseline = await kafka.count(eventsTopic);
    await until(async () => (await kafka.committed(group, eventsTopic)) >= baseline, 30_000);
    const committedBefore = await kafka.committed(group, eventsTopic);

    // Offered load: each client takes the next batch when the schedule says it is due.
    const windowMs = seconds * 1000;
    const windowStartedAt = Date.now();
    const startedAt = performance.now();
    let next = 0;
    let accepted = 0;
    let behindMs = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (;;) {
          const elapsed = performance.now() - startedAt;
          if (elapsed >= windowMs) return;
          if (rate > 0) {
            const dueAt = ((next + batch) / rate) * 1000;
            if (dueAt > elapsed) {
              await new Promise((done) => setTimeout(done, Math.min(10, dueAt - elapsed)));
              continue;
            }
            behindMs = Math.max(behindMs, elapsed - dueAt);
          }
          const first = next;
          next += batch;
          const taken = await post(Array.from({ length: batch }, (_, i) => traffic.line(first + i)));
          // Not `accepted += await …`: that reads `accepted` before the await and loses the other clients' counts.
          accepted += taken;
        }
      }),
    );
    const sendSeconds = (performance.now() - startedAt) / 1000;
    const committedAtEnd = await kafka.committed(group, eventsTopic);
    const backlogAtEnd = baseline + accepted - committedAtEnd;
    const drained = await until(
      async () => (await kafka.committed(group, eventsTopic)) >= baseline + accepted,
      300_000,
    );
    const drainSeconds = (performance.now() - startedAt) / 1000 - sendSeconds;
    const committedAfter = await kafka.committed(group, eventsTopic);
    const expectedBursts = traffic.expectedBruteForce(next);
    const measured = (): ObservedAlert[] =>
      alerts.filter(({ alert }) => Date.parse(alert.raised_at) >= windowStartedAt);
    const bruteForce = (): number =>
      measured().filter(({ alert }) => alert.rule.title === BRUTE_FORCE).length;
    await until(() => bruteForce() >= expectedBursts, 10_000);

    const observed = measured().filter(({ alert }) => alert.event_ingested_at !== undefined);
    const ingested = (alert: AlertV1): number => Date.parse(alert.event_ingested_at ?? '');
    const byKind: Record<string, number> = {};
    for (const { alert } of measured()) byKind[alert.kind] = (byKind[alert.kind] ?? 0) + 1;
    const processed = committedAfter - committedBefore;
    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'detection',
        mode,
        rule_packs: packs,
        indexer,
        rules_loaded: started.rules,
        offered_rate: rate === 0 ? 'max' : rate,
        seconds,
        batch_lines: batch,
        clients,
        events: accepted,
        intake_events_per_s: Math.round(accepted / sendSeconds),
        intake_max_behind_schedule_ms: Math.round(behindMs),
        detection_events_per_s_in_window: Math.round((committedAtEnd - committedBefore) / sendSeconds),
        detection_backlog_at_window_end: backlogAtEnd,
        detection_drain_seconds_after_window: drained ? Number(drainSeconds.toFixed(1)) : 'timeout',
        // Detection alone (intake stopped): the closest this run gets to detection's own ceiling.
        detection_drain_events_per_s:
          drained && drainSeconds >= 1 ? Math.round(backlogAtEnd / drainSeconds) : null,
        detection_events_per_s_overall: Math.round(processed / (sendSeconds + drainSeconds)),
        sustained: drained && drainSeconds < 2,
        alerts: { ...byKind, brute_force: bruteForce(), brute_force_expected: expectedBursts },
        ingest_to_alert_raised_ms: percentiles(
          observed.map(({ alert }) => Date.parse(alert.raised_at) - ingested(alert)),
        ),
        ingest_to_brute_force_raised_ms: percentiles(
          observed
            .filter(({ alert }) => alert.rule.title === BRUTE_FORCE)
            .map(({ alert }) => Date.parse(alert.raised_at) - ingested(alert)),
        ),
        ingest_to_alert_observed_ms: percentiles(
          observed.map(({ alert, observedAt }) => observedAt - ingested(alert)),
        ),
        load_average_1m_at_end: Number(loadavg()[0].toFixed(2)),
        note: 'detection in its own process, ingestion + load generator + alert reader in this one, Kafka/Elasticsearch/Redis on the same 2-core machine; "observed" = read back from vigil.alerts.v1 by this process',
      })}\n`,
    );
  } finally {
    await alertsReader?.stop().catch(() => undefined);
    if (detection !== undefined) await stopDetection(detection);
    await intake.app.close();
    await kafka.deleteNamespaceTopics().catch(() => undefined);
    await kafka.close();
    const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
    await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true }).catch(() => undefined);
    await es.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

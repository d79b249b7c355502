import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics, exampleEventV1, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { KafkaConnection, Publisher } from '@vigil/messaging';
import { createRedisClient } from '@vigil/redis';
import type { CorrelationResult } from '@vigil/sigma';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleCatalog } from '../src/detection/application/rule-catalog';
import { VIGIL_PACK, alertCollector, startDetection } from './detection-app';

// lt / lte correlations are judged at window end by a tick on every detection instance: the due
// windows are claimed in Redis, so each fires once however many instances tick, and a window is
// released only after its alert is published, so an instance that dies in between loses nothing.
const TITLE = 'SSH source that gave up (fewer than ten failures in a minute)';
const rulesDir = mkdtempSync(join(tmpdir(), 'vigil-window-end-'));
writeFileSync(
  join(rulesDir, 'gave-up.yml'),
  `title: ${TITLE}
id: 0c3e6a52-4f0b-4b7e-9d0e-6b1f2a3c4d5e
level: low
correlation:
  type: event_count
  rules:
    - vigil_ssh_auth_failure
  group-by:
    - source.ip
  timespan: 1m
  condition:
    lt: 10
`,
);
const SETTINGS = {
  VIGIL_RULE_PACK_DIRS: `${VIGIL_PACK},${rulesDir}`,
  VIGIL_CORRELATION_ALLOWED_LATENESS_MS: '1000',
  VIGIL_CORRELATION_TICK_MS: '200',
};
const redis = createRedisClient(serviceAddresses().redisUrl);

afterAll(async () => {
  await redis.quit();
  rmSync(rulesDir, { recursive: true, force: true });
});

/** A failed sshd login of `ip`, on a host of its own (so the events spread over partitions). */
const failure = (ip: string, second: number): NormalizedEvent => {
  const base = exampleEventV1();
  return {
    ...base,
    '@timestamp': new Date(Date.UTC(2026, 10, 27, 3, 12, second)).toISOString(),
    event: { ...base.event, id: randomUUID(), ingested: new Date().toISOString() },
    host: { name: `web-${ip}-${second % 3}` },
    log: { syslog: { appname: 'sshd' } },
    source: { ip, port: 40000 + second },
  };
};

const gaveUp = (alerts: readonly AlertV1[]): AlertV1[] =>
  alerts.filter((alert) => alert.rule.title === TITLE);
const sourceOf = (alert: AlertV1): string =>
  (alert.explanation?.group_by as Record<string, string> | undefined)?.['source.ip'] ?? '';

function harness(name: string) {
  const namespace = testNamespace(name);
  const connection = new KafkaConnection({
    clientId: 'test',
    brokers: serviceAddresses().kafkaBrokers,
    namespace,
  });
  const publisher = new Publisher(connection);
  const collector = alertCollector(namespace);
  const instances: NestFastifyApplication[] = [];
  /** Windows scheduled or held in Redis, not yet completed. */
  const open = async (): Promise<number> =>
    (await redis.zcard(`${namespace}:correlation-due`)) +
    (await redis.zcard(`${namespace}:correlation-due-leased`));
  return {
    namespace,
    publisher,
    collector,
    instances,
    open,
    async stop(): Promise<void> {
      await collector.stop();
      await publisher.disconnect();
      await Promise.all(instances.map((instance) => instance.close()));
      await connection.close();
    },
  };
}

describe('two instances ticking', () => {
  const h = harness('window-end');

  beforeAll(async () => {
    h.instances.push(
      await startDetection(h.namespace, SETTINGS),
      await startDetection(h.namespace, SETTINGS),
    );
    await h.collector.start();
    await h.publisher.connect();
  });
  afterAll(() => h.stop());

  it('raises each due window once, for the sources below the bound', async () => {
    // twenty sources making 1, 4, 7, 10 or 13 failures within a minute, recorded an hour ago
    const counts = new Map(Array.from({ length: 20 }, (_, n) => [`198.18.7.${n}`, (n % 5) * 3 + 1]));
    const events = [...counts].flatMap(([ip, count]) =>
      Array.from({ length: count }, (_, n) => failure(ip, n * 4)),
    );
    await h.publisher.publish(Topics.EventsV1, events);
    const expected = [...counts].filter(([, count]) => count < 10).map(([ip]) => ip);

    await eventually(() => new Set(gaveUp(h.collector.alerts).map(sourceOf)).size === expected.length, {
      timeoutMs: 60_000,
    });
    // every window judged and released: nothing more can fire
    await eventually(async () => (await h.open()) === 0, { timeoutMs: 30_000 });
    const alerts = gaveUp(h.collector.alerts);
    expect(alerts.map(sourceOf).sort()).toEqual(expected.sort());
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(alerts.length);
    for (const alert of alerts) expect(alert.events).toHaveLength(counts.get(sourceOf(alert)) ?? -1);
  });
});

describe('an instance that dies between claim and publication', () => {
  const h = harness('window-end-crash');

  beforeAll(async () => {
    await h.publisher.connect();
  });
  afterAll(() => h.stop());

  it('leaves the window to another instance once its lease runs out', async () => {
    // this instance's own tick never comes: the test claims for it, and it dies before publishing
    // A lateness of 5 s, not 1 s: on a loaded machine the three events may be consumed in batches
    // more than a second apart, and the window must not be judged before the last one is in.
    const doomed = await startDetection(h.namespace, {
      ...SETTINGS,
      VIGIL_CORRELATION_ALLOWED_LATENESS_MS: '5000',
      VIGIL_CORRELATION_TICK_MS: '3600000',
    });
    await h.collector.start();
    await h.publisher.publish(
      Topics.EventsV1,
      [0, 10, 20].map((second) => failure('198.18.9.9', second)),
    );
    const engine = doomed.get(RuleCatalog).correlations;
    if (!engine) throw new Error('no correlation engine');
    let lost: CorrelationResult[] = [];
    await eventually(
      async () => {
        await engine
          .fireDue(
            Date.now(),
            (results) => {
              lost = results;
              return Promise.reject(new Error('died before publishing'));
            },
            { leaseMs: 3000 },
          )
          .catch(() => undefined);
        return lost.length > 0;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await doomed.close();
    expect(gaveUp(h.collector.alerts)).toEqual([]);

    h.instances.push(
      await startDetection(h.namespace, { ...SETTINGS, VIGIL_CORRELATION_ALLOWED_LATENESS_MS: '5000' }),
    );
    const [alert] = await eventually(
      () => {
        const raised = gaveUp(h.collector.alerts);
        return raised.length > 0 ? raised : false;
      },
      { timeoutMs: 60_000 },
    );
    expect(sourceOf(alert)).toBe('198.18.9.9');
    expect(alert.events).toHaveLength(3);
    expect(alert.explanation?.window).toEqual({
      start: new Date(lost[0].windowStart).toISOString(),
      end: new Date(lost[0].windowEnd).toISOString(),
    });
    await eventually(async () => (await h.open()) === 0, { timeoutMs: 30_000 });
    expect(gaveUp(h.collector.alerts)).toHaveLength(1);
  });
});

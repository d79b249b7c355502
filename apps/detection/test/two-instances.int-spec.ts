import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics, exampleEventV1, type NormalizedEvent } from '@vigil/contracts';
import { KafkaConnection, Publisher } from '@vigil/messaging';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { alertCollector, startDetection } from './detection-app';

// Correlation state lives in Redis: with two detection instances sharing the partitions, failed
// logins from one source spread over every partition still make exactly one brute-force alert.
const namespace = testNamespace('two-instances');
const instances: NestFastifyApplication[] = [];
const collector = alertCollector(namespace);
const connection = new KafkaConnection({
  clientId: 'test',
  brokers: serviceAddresses().kafkaBrokers,
  namespace,
});
const publisher = new Publisher(connection);

const sshFailure = (host: string, second: number): NormalizedEvent => {
  const base = exampleEventV1();
  return {
    ...base,
    '@timestamp': new Date(Date.UTC(2026, 10, 27, 3, 12, second)).toISOString(),
    event: { ...base.event, id: randomUUID(), ingested: new Date().toISOString() },
    // A different host per event: a different partition key, so the events spread over partitions.
    host: { name: host },
    log: { syslog: { appname: 'sshd', hostname: host } },
    source: { ip: '203.0.113.77', port: 40000 + second },
  };
};

beforeAll(async () => {
  instances.push(await startDetection(namespace), await startDetection(namespace));
  await collector.start();
  await publisher.connect();
});

afterAll(async () => {
  await collector.stop();
  await publisher.disconnect();
  await Promise.all(instances.map((instance) => instance.close()));
});

it('fires a correlation once when its events alternate between partitions and instances', async () => {
  const events = Array.from({ length: 12 }, (_, second) => sshFailure(`web-${second}`, second));
  const partitions = new Set(events.map((event) => `${event.organization.id}:${event.host?.name ?? ''}`));
  expect(partitions.size).toBe(12);
  for (const event of events) await publisher.publish(Topics.EventsV1, event);

  await eventually(
    () => collector.alerts.some((alert) => alert.rule.title === 'SSH brute force from one source'),
    {
      timeoutMs: 30000,
    },
  );
  // The 11th and 12th failures must not start a second alert (the window was claimed once).
  const sentinel = { ...sshFailure('web-sentinel', 59), source: { ip: '198.51.100.200' } };
  for (let n = 0; n < 10; n++)
    await publisher.publish(Topics.EventsV1, { ...sentinel, event: { ...sentinel.event, id: randomUUID() } });
  await eventually(
    () =>
      collector.alerts.some(
        (alert) =>
          (alert.explanation?.group_by as Record<string, string> | undefined)?.['source.ip'] ===
          '198.51.100.200',
      ),
    { timeoutMs: 30000 },
  );
  const forSource = collector.alerts.filter(
    (alert) =>
      (alert.explanation?.group_by as Record<string, string> | undefined)?.['source.ip'] === '203.0.113.77',
  );
  expect(forSource.map((alert) => alert.rule.title)).toEqual(['SSH brute force from one source']);
});

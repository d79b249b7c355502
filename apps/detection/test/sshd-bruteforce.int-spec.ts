import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AlertV1 } from '@vigil/contracts';
import { eventually, testNamespace } from '@vigil/testing';
import { startIngestion, type IngestionTestApp } from '../../ingestion/test/ingestion-app';
import { alertCollector, startDetection } from './detection-app';

// Real sshd lines go in through ingestion's HTTP input; detection, with Vigil's own rule pack,
// must raise exactly one brute-force alert per attacking source, and none for the others.
const namespace = testNamespace('sshd-bruteforce');
let ingestion: IngestionTestApp;
let detection: NestFastifyApplication;
const collector = alertCollector(namespace);
const alerts: AlertV1[] = collector.alerts;

const failed = (second: number, ip: string, user = 'root'): string =>
  `Nov 27 10:12:${String(second).padStart(2, '0')} web01 sshd[${2200 + second}]: Failed password for ${user} from ${ip} port ${40000 + second} ssh2`;

beforeAll(async () => {
  ingestion = await startIngestion('sshd-bruteforce', { VIGIL_NAMESPACE: namespace });
  detection = await startDetection(namespace);
  await eventually(
    async () => (await ingestion.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
    { timeoutMs: 60000 },
  );
  // The services created the topics; now the test can read the alerts.
  await collector.start();
});

afterAll(async () => {
  await collector.stop();
  await detection.close();
  await ingestion.close();
});

it('raises one brute-force alert per attacking source and none for the others', async () => {
  const key = await ingestion.createAgency('so-tttt');
  const lines = [
    ...Array.from({ length: 14 }, (_, second) => failed(second, '203.0.113.7')),
    ...Array.from({ length: 11 }, (_, second) => failed(second + 20, '198.51.100.23', `user${second}`)),
    ...Array.from({ length: 4 }, (_, second) => failed(second + 40, '192.0.2.50')),
    'Nov 27 10:13:00 web01 sshd[2500]: Accepted publickey for deploy from 192.0.2.50 port 51000 ssh2',
  ];
  const sent = Date.now();
  const response = await ingestion.request({
    method: 'POST',
    url: '/v1/events/raw',
    headers: { 'x-api-key': key, 'content-type': 'text/plain' },
    body: lines.join('\n'),
  });
  expect(response.json()).toEqual({ accepted: lines.length, rejected: [] });

  const bruteForce = (): AlertV1[] =>
    alerts.filter((alert) => alert.rule.title === 'SSH brute force from one source');
  await eventually(() => bruteForce().length >= 2, { timeoutMs: 30000, intervalMs: 50 });
  const latencyMs = Date.now() - sent;
  // Let any further (wrong) alerts arrive before counting.
  await eventually(() => alerts.some((alert) => alert.rule.title === 'Password spraying from one source'), {
    timeoutMs: 10000,
  });
  const sources = bruteForce().map(
    (alert) => (alert.explanation?.group_by as Record<string, string>)['source.ip'],
  );
  expect(sources.sort()).toEqual(['198.51.100.23', '203.0.113.7']);
  expect(
    bruteForce().every((alert) => alert.organization.id === 'so-tttt' && alert.kind === 'correlation'),
  ).toBe(true);
  expect(bruteForce().find((alert) => alert.group_key.includes('203.0.113.7'))?.events).toHaveLength(10);
  // 11 different users from one address is also password spraying; single failures raise nothing.
  const spraying = alerts.filter((alert) => alert.rule.title === 'Password spraying from one source');
  expect(spraying).toHaveLength(1);
  expect(alerts.filter((alert) => alert.kind === 'match')).toEqual([]);
  expect(latencyMs).toBeLessThan(30000);
});

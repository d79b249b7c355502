import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SOC_ORGANIZATION_ID, type AlertV1 } from '@vigil/contracts';
import { KafkaConnection } from '@vigil/messaging';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIngestion, type IngestionTestApp } from '../../ingestion/test/ingestion-app';
import { alertCollector, startDetection, VIGIL_PACK } from './detection-app';
import { streamSettled } from './stream-settled';

// Agencies kept apart (issue #10): several agencies send the same real sshd log through
// ingestion's HTTP input; each must get exactly the alerts it gets alone, listing only its own
// events, whatever event ids the agencies choose. A rule that asks for it correlates across
// agencies, and its alert is the SOC's.
const namespace = testNamespace('agencies-apart');
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
const connection = new KafkaConnection({
  clientId: 'test',
  brokers: serviceAddresses().kafkaBrokers,
  namespace,
});
const crossAgencyPack = mkdtempSync(join(tmpdir(), 'vigil-cross-agency-'));
let ingestion: IngestionTestApp;
let detection: NestFastifyApplication;
const collector = alertCollector(namespace);
const alerts: AlertV1[] = collector.alerts;

const CROSS_AGENCY_RULE = `title: SSH failures from one source at several agencies
id: 5b0f6c1e-2d7a-4c53-9a0e-8f1d2c3b4a5f
status: experimental
correlation:
  type: value_count
  rules:
    - vigil_ssh_auth_failure
  group-by:
    - source.ip
  timespan: 1h
  condition:
    field: organization.id
    gte: 2
vigil:
  cross_agency: true
level: high
`;

/** One sshd record as OpenSSH writes it to auth.log (RFC 3164, host web01). */
const sshd = (second: number, text: string): string =>
  `Nov 27 10:${String(12 + Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')} web01 sshd[${2200 + second}]: ${text}`;

/**
 * A real-shaped auth log: 203.0.113.7 guesses root's password twelve times and then gets in
 * (brute force, then a login after the burst); 198.51.100.23 fails six times and 192.0.2.50 five,
 * below the threshold of ten for one agency but not for two agencies' logs added together.
 */
function authLog(): string[] {
  const lines: string[] = [];
  for (let n = 0; n < 12; n++) {
    lines.push(sshd(n * 3, `Failed password for root from 203.0.113.7 port ${40100 + n} ssh2`));
    if (n % 4 === 0) lines.push(sshd(n * 3 + 1, `Invalid user admin${n} from 203.0.113.7 port ${40200 + n}`));
    if (n < 6)
      lines.push(
        sshd(n * 3 + 1, `Failed password for invalid user oracle from 198.51.100.23 port ${51000 + n} ssh2`),
      );
    if (n < 5)
      lines.push(sshd(n * 3 + 2, `Failed password for deploy from 192.0.2.50 port ${52000 + n} ssh2`));
  }
  lines.push(sshd(40, 'Accepted password for root from 203.0.113.7 port 40999 ssh2'));
  lines.push(sshd(41, 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)'));
  lines.push(
    sshd(42, 'Accepted publickey for deploy from 192.0.2.50 port 52999 ssh2: RSA SHA256:x2bWlE0F1pXh3rN6'),
  );
  return lines;
}

/** The same log as a forwarder that parses it itself posts it: ECS JSON with its own event ids. */
function authLogAsJson(): object[] {
  return authLog().flatMap((line, index) => {
    const failed = /Failed password for (?:invalid user )?(\S+) from (\S+)/.exec(line);
    const accepted = /Accepted \S+ for (\S+) from (\S+)/.exec(line);
    const found = failed ?? accepted;
    if (!found) return [];
    const time = /^Nov 27 (\d\d:\d\d:\d\d)/.exec(line)?.[1] ?? '10:12:00';
    return [
      {
        '@timestamp': `2026-11-27T${time}Z`,
        event: { id: `auth-${index}`, category: 'authentication', outcome: failed ? 'failure' : 'success' },
        source: { ip: found[2] },
        user: { name: found[1] },
        host: { name: 'web01' },
        log: { syslog: { appname: 'sshd' } },
        message: line,
      },
    ];
  });
}

const LOGIN_AFTER_BURST = 'SSH login after a burst of failures';

/** An agency's own alerts (what its users may see), keyed by rule and group. */
function agencyAlerts(agency: string): AlertV1[] {
  return alerts.filter((alert) => alert.organization.id === agency);
}

const shapeOf = (alert: AlertV1): string =>
  JSON.stringify([alert.rule.id, alert.explanation?.group_by ?? null, alert.events.length]);

async function send(agency: string, key: string, body: string | object[]): Promise<void> {
  const raw = typeof body === 'string';
  const response = await ingestion.request({
    method: 'POST',
    url: raw ? '/v1/events/raw' : '/v1/events',
    headers: { 'x-api-key': key, 'content-type': raw ? 'text/plain' : 'application/json' },
    body,
  });
  expect(response.json()).toMatchObject({ rejected: [] });
}

/** Waits until detection has evaluated everything sent and every alert is read, then returns the agency's. */
async function settledAlertsOf(agency: string): Promise<AlertV1[]> {
  await streamSettled(connection, alerts);
  return agencyAlerts(agency);
}

beforeAll(async () => {
  writeFileSync(join(crossAgencyPack, 'cross-agency.yml'), CROSS_AGENCY_RULE);
  ingestion = await startIngestion('agencies-apart', { VIGIL_NAMESPACE: namespace });
  detection = await startDetection(namespace, { VIGIL_RULE_PACK_DIRS: `${VIGIL_PACK},${crossAgencyPack}` });
  await eventually(
    async () => (await ingestion.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
    { timeoutMs: 60000 },
  );
  await collector.start();
});

afterAll(async () => {
  await collector.stop();
  await detection.close();
  await ingestion.close();
  await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
  await es.close();
  await connection.close();
  rmSync(crossAgencyPack, { recursive: true, force: true });
});

it('two agencies sending the same sshd log each get exactly the alerts they get alone', async () => {
  const solo = await ingestion.createAgency('so-solo');
  await send('so-solo', solo, authLog().join('\n'));
  const alone = await settledAlertsOf('so-solo');
  // alone: one brute-force source (twelve failures) and its login; six and five failures raise nothing
  expect(
    alone
      .map((alert) => [
        alert.rule.title,
        (alert.explanation?.group_by as Record<string, string>)['source.ip'],
      ])
      .sort(),
  ).toEqual([
    ['SSH brute force from one source', '203.0.113.7'],
    [LOGIN_AFTER_BURST, '203.0.113.7'],
  ]);

  const [keyA, keyB] = [await ingestion.createAgency('so-a'), await ingestion.createAgency('so-b')];
  await Promise.all([send('so-a', keyA, authLog().join('\n')), send('so-b', keyB, authLog().join('\n'))]);
  for (const agency of ['so-a', 'so-b']) {
    const own = await settledAlertsOf(agency);
    expect(own.map(shapeOf).sort()).toEqual(alone.map(shapeOf).sort());
    for (const alert of own) {
      expect(alert.scope).toBe('agency');
      expect(alert.agencies).toEqual([agency]);
      expect(alert.events.every((event) => event.organization_id === agency)).toBe(true);
    }
  }
});

it('an agency choosing the same event ids as another does not pre-empt its alerts', async () => {
  const [keyA, keyB] = [await ingestion.createAgency('so-json-a'), await ingestion.createAgency('so-json-b')];
  await send('so-json-a', keyA, authLogAsJson());
  const first = await settledAlertsOf('so-json-a');
  await send('so-json-b', keyB, authLogAsJson());
  const second = await settledAlertsOf('so-json-b');

  expect(second.map(shapeOf).sort()).toEqual(first.map(shapeOf).sort());
  const bruteForceOf = (own: AlertV1[]): AlertV1 | undefined =>
    own.find((alert) => alert.rule.title === 'SSH brute force from one source');
  const [a, b] = [bruteForceOf(first), bruteForceOf(second)];
  expect(a?.events.map((event) => event.id)).toEqual(b?.events.map((event) => event.id));
  expect(b?.events.every((event) => event.organization_id === 'so-json-b')).toBe(true);
  expect(b?.id).not.toBe(a?.id);
  // both are stored: the second agency's alert was not refused as a duplicate of the first's
  await es.indices.refresh({ index: `${namespace}-alerts-*` });
  const stored = await es.search<AlertV1>({
    index: `${namespace}-alerts-*`,
    query: { terms: { id: [a?.id ?? '', b?.id ?? ''] } },
  });
  expect(stored.hits.hits.map((hit) => hit._source?.organization.id).sort()).toEqual([
    'so-json-a',
    'so-json-b',
  ]);
});

it('a cross-agency rule raises one SOC alert naming both agencies, which no agency owns', async () => {
  const [keyA, keyB] = [
    await ingestion.createAgency('so-cross-a'),
    await ingestion.createAgency('so-cross-b'),
  ];
  const probe = (second: number): string =>
    sshd(second, `Failed password for invalid user ubnt from 100.64.7.9 port ${53000 + second} ssh2`);
  await send('so-cross-a', keyA, [probe(0), probe(1), probe(2)].join('\n'));
  await send('so-cross-b', keyB, [probe(3), probe(4), probe(5)].join('\n'));

  const crossAgency = (): AlertV1[] =>
    alerts.filter(
      (alert) =>
        alert.rule.id === '5b0f6c1e-2d7a-4c53-9a0e-8f1d2c3b4a5f' &&
        (alert.explanation?.group_by as Record<string, string>)['source.ip'] === '100.64.7.9',
    );
  await streamSettled(connection, alerts);
  expect(crossAgency()).toHaveLength(1);
  const [soc] = crossAgency();
  expect(soc).toMatchObject({
    kind: 'correlation',
    scope: 'soc',
    organization: { id: SOC_ORGANIZATION_ID },
    agencies: ['so-cross-a', 'so-cross-b'],
  });
  expect(new Set(soc.events.map((event) => event.organization_id))).toEqual(
    new Set(['so-cross-a', 'so-cross-b']),
  );
  // the agencies' own alerts never include it, and nothing of theirs fired on three failures
  expect([...agencyAlerts('so-cross-a'), ...agencyAlerts('so-cross-b')]).toEqual([]);
  // the other tests' attackers were seen at several agencies too: no SOC alert has an agency owner
  expect(
    alerts.every((alert) => alert.scope !== 'soc' || alert.organization.id === SOC_ORGANIZATION_ID),
  ).toBe(true);
});

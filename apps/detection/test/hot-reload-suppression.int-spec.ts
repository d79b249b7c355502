import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics, exampleEventV1, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { KafkaConnection, Publisher } from '@vigil/messaging';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { alertCollector, startDetection } from './detection-app';

// A rule published on vigil.rules.v1 takes effect on a running instance without restart; with a
// suppression policy in its metadata, repeated matches from one source fold into one alert.
const namespace = testNamespace('hot-reload');
const collector = alertCollector(namespace);
const connection = new KafkaConnection({
  clientId: 'test',
  brokers: serviceAddresses().kafkaBrokers,
  namespace,
});
const publisher = new Publisher(connection);
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
let detection: NestFastifyApplication;
const ruleId = randomUUID();

const rule = `title: Test web shell upload
id: ${ruleId}
status: test
logsource:
  category: webserver
detection:
  selection:
    cs-uri-stem|endswith: /upload/shell.php
  condition: selection
level: high
`;

const upload = (ip: string): NormalizedEvent => {
  const base = exampleEventV1();
  return {
    ...base,
    event: { ...base.event, id: randomUUID(), category: ['web'], ingested: new Date().toISOString() },
    source: { ip },
    url: { path: '/portal/upload/shell.php', original: '/portal/upload/shell.php' },
    http: { request: { method: 'POST' }, response: { status_code: 200 } },
    vigil: { format: 'access' },
  };
};

/** Uploads from the one source whose repeats must fold (the first upload, from another, may or may
 * not be evaluated after the rule arrives: the rule and the event race on two topics). */
const repeated = new Set<string>();
const repeat = (): NormalizedEvent => {
  const event = upload('203.0.113.5');
  repeated.add(event.event.id);
  return event;
};
const forRule = (): AlertV1[] =>
  collector.alerts.filter(
    (alert) => alert.rule.id === ruleId && alert.events.some((event) => repeated.has(event.id)),
  );

beforeAll(async () => {
  detection = await startDetection(namespace);
  await collector.start();
  await publisher.connect();
});

afterAll(async () => {
  await collector.stop();
  await publisher.disconnect();
  await detection.close();
  await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
  await es.close();
});

it('applies a published rule without restart and folds repeats into one alert', async () => {
  await publisher.publish(Topics.EventsV1, upload('198.51.100.1'));
  await publisher.publish(Topics.RulesV1, {
    rule_id: ruleId,
    version: 1,
    action: 'upsert',
    sigma: rule,
    enabled: true,
    metadata: { suppression: { fields: ['source.ip'], window_seconds: 300 } },
    changed_by: 'test',
    changed_at: new Date().toISOString(),
  });
  // Until the instance has the rule, uploads raise nothing; once it has, every upload matches.
  await eventually(
    async () => {
      await publisher.publish(Topics.EventsV1, repeat());
      return forRule().length > 0;
    },
    { timeoutMs: 30000, intervalMs: 500 },
  );
  const first = forRule()[0];
  for (let n = 0; n < 5; n++) await publisher.publish(Topics.EventsV1, repeat());
  await eventually(() => forRule().some((alert) => (alert.count ?? 0) >= 6), { timeoutMs: 30000 });
  expect(new Set(forRule().map((alert) => alert.id))).toEqual(new Set([first.id]));
  expect(first.explanation).toMatchObject({ selections: [{ selection: 'selection' }] });

  const stored = await eventually(async () => {
    const found = await es.search<AlertV1>({
      index: `${namespace}-alerts-*`,
      query: { term: { 'rule.id': ruleId } },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    const hits = found.hits.hits
      .flatMap((hit) => (hit._source ? [hit._source] : []))
      .filter((alert) => alert.events.some((event) => repeated.has(event.id)));
    return hits.length === 1 && (hits[0]?.count ?? 0) >= 6 ? hits : false;
  });
  expect(stored[0]?.last_seen_at).toBeDefined();
});

it("applies a rule's per-agency filter to that agency's events only", async () => {
  const tunedId = randomUUID();
  const filter = `title: Scanner of agency A
logsource:
  category: webserver
filter:
  rules: [${tunedId}]
  scanner:
    c-ip: 198.51.100.77
  condition: not scanner
`;
  await publisher.publish(Topics.RulesV1, {
    rule_id: tunedId,
    version: 1,
    action: 'upsert',
    sigma: rule.replace(ruleId, tunedId),
    enabled: true,
    metadata: { filters: [{ organization_ids: ['agency-a'], sigma: filter }] },
    changed_by: 'test',
    changed_at: new Date().toISOString(),
  });
  const from = (agency: string, ip: string): NormalizedEvent => ({
    ...upload(ip),
    organization: { id: agency },
  });
  const tuned = (): AlertV1[] => collector.alerts.filter((alert) => alert.rule.id === tunedId);
  const about = (event: NormalizedEvent) => (alert: AlertV1) =>
    alert.events.some((ref) => ref.id === event.event.id);
  // Wait until the instance has the rule (an upload from another agency matches) ...
  await eventually(
    async () => {
      await publisher.publish(Topics.EventsV1, from('agency-b', '198.51.100.77'));
      return tuned().length > 0;
    },
    { timeoutMs: 30000, intervalMs: 500 },
  );
  // ... then the scanner's uploads at agency A are filtered, everything else still alerts.
  const filtered = from('agency-a', '198.51.100.77');
  const other = from('agency-a', '198.51.100.8');
  await publisher.publish(Topics.EventsV1, [filtered, other]);
  await eventually(() => tuned().some(about(other)), { timeoutMs: 30000 });
  expect(tuned().filter(about(filtered))).toEqual([]);
  expect(tuned().filter((alert) => alert.organization.id === 'agency-a')).toHaveLength(1);
});

it('adopts a pack rule on its first change through the API', async () => {
  const fastify = detection.getHttpAdapter().getInstance();
  const admin = { authorization: 'Bearer detection-test-admin-token' };
  const packRuleId = '3b830918-85ac-4f59-8a82-725ce3026b66'; // "Firewall connection record", rules/vigil
  const disabled = await fastify.inject({
    method: 'POST',
    url: `/v1/rules/${packRuleId}/disable`,
    headers: admin,
  });
  expect(disabled.statusCode).toBe(200);
  expect(disabled.json()).toMatchObject({ id: packRuleId, origin: 'pack', version: 1, enabled: false });
  const stored = await fastify.inject({ method: 'GET', url: `/v1/rules/${packRuleId}`, headers: admin });
  expect(stored.json()).toMatchObject({ enabled: false, title: 'Firewall connection record' });
  const deleted = await fastify.inject({
    method: 'DELETE',
    url: '/v1/rules/not-a-pack-rule',
    headers: admin,
  });
  expect(deleted.statusCode).toBe(404);
});

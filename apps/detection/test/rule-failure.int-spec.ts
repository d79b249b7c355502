import { exampleEventV1, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { DetectEventsUseCase } from '../src/detection/application/detect-events.use-case';
import { RULE_FAILURE_RULE } from '../src/detection/domain/alert-factory';
import { startDetectionForRules, type RulesTestApp } from '../src/rules/test/rules-test-app';
import { alertCollector } from './detection-app';

// A rule that throws while evaluating an event is taken out instead of stopping the stream: the
// other rules go on, the admins get an alert, and a managed rule is disabled on every instance
// through rule management. The rule's regular expression overflows V8's backtracking stack on a
// 10 MB query string: a real failure, reached here by handing the event to the use case directly
// (Kafka's 1 MiB message limit keeps such an event off the topic).
let service: RulesTestApp;
let collector: ReturnType<typeof alertCollector>;
const ruleId = randomUUID();
const healthyId = randomUUID();

const rule = (id: string, title: string, query: string): string => `title: ${title}
id: ${id}
status: test
logsource:
  category: webserver
detection:
  selection:
    cs-uri-query|re: '${query}'
  condition: selection
level: high
`;

const request = (query: string): NormalizedEvent => {
  const base = exampleEventV1();
  return {
    ...base,
    event: { ...base.event, id: randomUUID(), category: ['web'], ingested: new Date().toISOString() },
    url: { path: '/search', query },
    vigil: { format: 'access' },
  };
};

beforeAll(async () => {
  service = await startDetectionForRules('rule-failure');
  collector = alertCollector(service.config.namespace);
  await collector.start();
});

afterAll(async () => {
  await collector.stop();
  await service.close();
  const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
  await es.indices.delete({ index: `${service.config.namespace}-*`, ignore_unavailable: true });
  await es.close();
});

it('disables a rule that throws, alerts the admins, and keeps evaluating the others', async () => {
  expect(
    (await service.author('PUT', `/v1/rules/${ruleId}`, rule(ruleId, 'Fragile', '(a|b)*[cd]'))).statusCode,
  ).toBe(201);
  expect(
    (await service.author('PUT', `/v1/rules/${healthyId}`, rule(healthyId, 'Healthy', 'ab'))).statusCode,
  ).toBe(201);
  const detect = service.app.get(DetectEventsUseCase);
  const ruleIds = (alerts: AlertV1[]): string[] => alerts.map((alert) => alert.rule.id).sort();
  // Both rules are live once a harmless request matches both.
  await eventually(async () => ruleIds(await detect.execute([request('abc')])).length === 2, {
    timeoutMs: 30000,
    intervalMs: 500,
  });

  const huge = request('ab'.repeat(5_000_000));
  const raised = await detect.execute([huge]);
  expect(ruleIds(raised)).toEqual([healthyId, RULE_FAILURE_RULE.id].sort());
  const notice = raised.find((alert) => alert.rule.id === RULE_FAILURE_RULE.id);
  expect(notice).toMatchObject({
    kind: 'system',
    events: [{ id: huge.event.id }],
    explanation: {
      failed_rule: { key: ruleId, title: 'Fragile' },
      error: expect.stringContaining('RangeError') as unknown,
    },
  });

  // Disabled through rule management (a new version, by detection), and gone from evaluation.
  const stored = await service.author('GET', `/v1/rules/${ruleId}`);
  expect(stored.json()).toMatchObject({
    enabled: false,
    updated_by: { id: 'service:detection', name: 'detection (runtime error)', roles: ['service'] },
  });
  expect(ruleIds(await detect.execute([request('abc')]))).toEqual([healthyId]);
  await eventually(() => collector.alerts.some((alert) => alert.id === notice?.id), { timeoutMs: 30000 });
});

it('times each rule on a sample of events, in the metrics', async () => {
  const detect = service.app.get(DetectEventsUseCase);
  await detect.execute(Array.from({ length: 200 }, () => request('abc')));
  const metrics = await service.request({ method: 'GET', url: '/metrics' });
  const sampled = new RegExp(
    `vigil_detection_rule_evaluations_sampled_total\\{rule="${healthyId}"\\} (\\d+)`,
  ).exec(metrics.body);
  expect(Number(sampled?.[1])).toBeGreaterThanOrEqual(2);
  expect(metrics.body).toContain(`vigil_detection_rule_evaluation_seconds_total{rule="${healthyId}"}`);
});

import { exampleEventV1, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { DetectEventsUseCase } from '../src/detection/application/detect-events.use-case';
import { RULE_FAILURE_RULE } from '../src/detection/domain/alert-factory';
import { startDetectionForRules, type RulesTestApp } from '../src/rules/test/rules-test-app';
import { alertCollector } from './detection-app';

// A rule that runs away on events is taken out instead of stopping the stream: the event is
// dead-lettered naming the rule, the other rules go on, and once the rule has overrun its budget
// on enough events (here: two) the admins get an alert and a managed rule is disabled on every
// instance through rule management. The rule's pattern is linear under RE2 but has no literal to
// pre-filter on and an automaton too large to build whole, so a 4 MB random query string holds
// it far past the 100 ms budget: a real runaway, reached here by handing the event to the use
// case directly (Kafka's 1 MiB message limit keeps such an event off the topic).
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
  service = await startDetectionForRules('rule-failure', {
    VIGIL_DETECTION_EVALUATION_BUDGET_MS: '100',
    VIGIL_DETECTION_OVERRUNS_BEFORE_DISABLE: '2',
  });
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

it('dead-letters events a rule runs away on, then disables the rule, alerts the admins, and keeps evaluating the others', async () => {
  expect(
    (await service.author('PUT', `/v1/rules/${ruleId}`, rule(ruleId, 'Runaway', '[ab]*a[ab]{24}c')))
      .statusCode,
  ).toBe(201);
  expect(
    (await service.author('PUT', `/v1/rules/${healthyId}`, rule(healthyId, 'Healthy', 'ab'))).statusCode,
  ).toBe(201);
  const detect = service.app.get(DetectEventsUseCase);
  const ruleIds = (alerts: AlertV1[]): string[] => alerts.map((alert) => alert.rule.id).sort();
  // Both rules are live once a harmless request matches both.
  await eventually(
    async () => ruleIds((await detect.execute([request(`a${'b'.repeat(24)}c`)])).alerts).length === 2,
    { timeoutMs: 30000, intervalMs: 500 },
  );

  const randomAb = Array.from({ length: 4_000_000 }, () => (Math.random() < 0.5 ? 'a' : 'b')).join('');
  const budget = `evaluation of rule ${ruleId} exceeded its budget of 100 ms`;
  const first = await detect.execute([request('abc'), request(randomAb)]);
  expect(first.overruns).toEqual([{ index: 1, reason: budget }]);
  expect(ruleIds(first.alerts)).toEqual([healthyId]); // the harmless event beside it is evaluated

  const huge = request(randomAb);
  const second = await detect.execute([huge]);
  expect(second.overruns).toEqual([{ index: 0, reason: budget }]);
  const notice = second.alerts.find((alert) => alert.rule.id === RULE_FAILURE_RULE.id);
  expect(notice).toMatchObject({
    kind: 'system',
    events: [{ id: huge.event.id }],
    explanation: {
      failed_rule: { key: ruleId, title: 'Runaway' },
      error: `${budget} on 2 events`,
    },
  });

  // Disabled through rule management (a new version, by detection), and gone from evaluation.
  const stored = await service.author('GET', `/v1/rules/${ruleId}`);
  expect(stored.json()).toMatchObject({
    enabled: false,
    updated_by: { id: 'service:detection', name: 'detection (runtime error)', roles: ['service'] },
  });
  const after = await detect.execute([request('abc'), request(randomAb)]);
  expect(after.overruns).toEqual([]);
  expect(ruleIds(after.alerts)).toEqual([healthyId, healthyId]);
  await eventually(() => collector.alerts.some((alert) => alert.id === notice?.id), { timeoutMs: 30000 });
});

it('times each rule on a sample of events, in the metrics', async () => {
  const detect = service.app.get(DetectEventsUseCase);
  await detect.execute(Array.from({ length: 200 }, () => request('abc')));
  const metrics = await service.admin('GET', '/metrics');
  const sampled = new RegExp(
    `vigil_detection_rule_evaluations_sampled_total\\{rule="${healthyId}"\\} (\\d+)`,
  ).exec(metrics.body);
  expect(Number(sampled?.[1])).toBeGreaterThanOrEqual(2);
  expect(metrics.body).toContain(`vigil_detection_rule_evaluation_seconds_total{rule="${healthyId}"}`);
});

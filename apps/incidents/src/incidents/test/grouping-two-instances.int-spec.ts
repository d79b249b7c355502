import { exampleAlertV1, type AlertV1 } from '@vigil/contracts';
import { eventually, testNamespace } from '@vigil/testing';
import { startIncidents, type Caller, type IncidentsTestApp } from './incidents-test-app';

// Two incidents instances share the grouping consumer group (partitions split between them):
// alerts of one attack on one host, spread over every partition, still make exactly one
// incident holding each alert once (the per-key Redis lock and optimistic writes).
const BRUTEFORCE = '89ee5d25-dfbb-41af-853f-18e06040aa57';
const namespace = testNamespace('grouping-two');
let one: IncidentsTestApp;
let two: IncidentsTestApp;
let analyst: Caller;

beforeAll(async () => {
  [one, two] = await Promise.all([startIncidents(namespace), startIncidents(namespace)]);
  analyst = await one.person('analyst-1', ['analyst']);
});

afterAll(async () => {
  await Promise.all([one.close(), two.close()]);
});

interface Listed {
  incidents: { id: string; title: string; linked_alerts: { id: string }[] }[];
}

it('groups one host’s alerts into one incident with each alert once, whichever instance reads them', async () => {
  const alerts: AlertV1[] = Array.from({ length: 24 }, (_, index) => {
    const at = new Date(Date.UTC(2026, 11, 6, 9, index)).toISOString();
    return {
      ...exampleAlertV1(),
      id: `${namespace}-${index}`,
      '@timestamp': at,
      raised_at: at,
      rule: { ...exampleAlertV1().rule, id: BRUTEFORCE },
      organization: { id: 'so-a' },
      host: { name: 'gw01' },
    };
  });
  // Half through each instance's producer, and each alert twice (redelivery).
  await Promise.all([one.publishAlerts(alerts.slice(0, 12)), two.publishAlerts(alerts.slice(12))]);
  await one.publishAlerts(alerts.slice(6, 18));

  const listed = await eventually(
    async () => {
      const body = (await one.request(analyst, 'GET', '/v1/incidents?limit=50')).json<Listed>();
      const linked = body.incidents.flatMap((incident) => incident.linked_alerts);
      if (linked.length < alerts.length)
        throw new Error(`${linked.length} of ${alerts.length} alerts linked`);
      return body;
    },
    { timeoutMs: 60000 },
  );
  expect(listed.incidents).toHaveLength(1);
  expect(listed.incidents[0].title).toBe('SSH attack on gw01');
  const ids = listed.incidents[0].linked_alerts.map((link) => link.id);
  expect(ids).toHaveLength(alerts.length);
  expect(new Set(ids)).toEqual(new Set(alerts.map((alert) => alert.id)));
});

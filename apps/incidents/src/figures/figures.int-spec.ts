import { eventually, testNamespace } from '@vigil/testing';
import { startIncidents, type Caller, type IncidentsTestApp } from '../incidents/test/incidents-test-app';

// Response figures against the running incidents app: incidents and their first responses read
// from Elasticsearch (incidents and audit indices), within the caller's scope.
let incidents: IncidentsTestApp;
let analyst: Caller;
let staffA: Caller;
let staffB: Caller;

type Json = Record<string, unknown>;
const json = (response: { json: () => unknown }): Json => response.json() as Json;

beforeAll(async () => {
  incidents = await startIncidents(testNamespace('figures'));
  analyst = await incidents.person('analyst-f', ['analyst']);
  staffA = await incidents.person('staff-f-a', ['agency'], { kind: 'agencies', agencies: ['so-a'] });
  staffB = await incidents.person('staff-f-b', ['agency'], { kind: 'agencies', agencies: ['so-b'] });
}, 120_000);

afterAll(async () => {
  await incidents.close();
});

it('measures time to acknowledge per agency within scope', async () => {
  const first = json(
    await incidents.request(staffA, 'POST', '/v1/incidents/reports', { title: 'Sự cố 1', description: '' }),
  );
  json(
    await incidents.request(staffA, 'POST', '/v1/incidents/reports', { title: 'Sự cố 2', description: '' }),
  );
  json(
    await incidents.request(staffB, 'POST', '/v1/incidents/reports', { title: 'Sự cố B', description: '' }),
  );
  const acknowledged = await incidents.request(
    analyst,
    'POST',
    `/v1/incidents/${String(first.id)}/transitions`,
    {
      version: first.version,
      to: 'acknowledged',
    },
  );
  expect(acknowledged.statusCode).toBe(200);

  const figures = await eventually(
    async () => {
      const answer = json(await incidents.request(analyst, 'GET', '/v1/figures/response?group_by=agency'));
      const groups = answer.groups as { key: string; incidents: number; time_to_acknowledge: Json }[];
      const a = groups.find((group) => group.key === 'so-a');
      if (a?.incidents !== 2 || a.time_to_acknowledge.count !== 1) throw new Error(JSON.stringify(answer));
      return groups;
    },
    { timeoutMs: 30_000 },
  );
  expect(figures.map((group) => group.key)).toEqual(['so-a', 'so-b']);
  expect(figures[0]?.time_to_acknowledge.mean_s).toBeGreaterThanOrEqual(0);

  const seenByB = json(await incidents.request(staffB, 'GET', '/v1/figures/response?group_by=priority'));
  expect(seenByB.incidents).toBe(1);
  const refused = await incidents.request(
    analyst,
    'GET',
    '/v1/figures/response?from=2026-12-06T00:00:00Z&to=2025-01-01T00:00:00Z',
  );
  expect(refused.statusCode).toBe(400);
  expect((await incidents.request(analyst, 'GET', '/v1/figures/response?group_by=team')).statusCode).toBe(
    400,
  );
}, 120_000);

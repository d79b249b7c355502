import { exampleAlertV1, type AlertV1 } from '@vigil/contracts';
import { openApiDocument } from '@vigil/observability';
import { eventually, testNamespace } from '@vigil/testing';
import { SystemDirectory } from '../../directory/application/system-directory';
import { incidentsOpenApi } from '../../openapi-info';
import { startIncidents, type Caller, type IncidentsTestApp } from './incidents-test-app';

// Incidents against real Kafka, Elasticsearch and Redis: escalation, automatic grouping and its
// undo, the workflow with playbooks, optimistic concurrency, and agencies kept apart on every route.
const BRUTEFORCE = '89ee5d25-dfbb-41af-853f-18e06040aa57'; // grouped by grouping.yml
let incidents: IncidentsTestApp;
let analyst: Caller;
let responder: Caller;
let agencyA: Caller;
let agencyB: Caller;

type Body = Record<string, unknown> & {
  id: string;
  version: number;
  state: string;
  linked_alerts: { id: string; grouping?: { rule: string; matched: Record<string, string> } }[];
  tasks: { id: string; assignee: string; checklist: { text: string; done: boolean }[]; status: string }[];
};

let serial = 0;
function alert(agency: string, host: string, minute: number, rule = 'vigil-test-rule'): AlertV1 {
  serial += 1;
  const at = new Date(Date.UTC(2026, 11, 6, 8, minute)).toISOString();
  return {
    ...exampleAlertV1(),
    id: `${incidents.namespace}-alert-${serial}`,
    '@timestamp': at,
    raised_at: at,
    rule: { id: rule, title: `Rule ${rule}`, level: 'high', tags: [] },
    organization: { id: agency },
    agencies: [agency],
    host: { name: host },
    group_key: `${rule}|${agency}|${host}`,
  };
}

// A test reads the body as the shape it expects; the assertions check it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
const json = <T = Body>(response: { json: () => unknown }): T => response.json() as T;

beforeAll(async () => {
  incidents = await startIncidents(testNamespace('incidents'));
  analyst = await incidents.person('analyst-1', ['analyst']);
  responder = await incidents.person('responder-1', ['responder']);
  agencyA = await incidents.person('staff-a', ['agency'], { kind: 'agencies', agencies: ['so-a'] });
  agencyB = await incidents.person('staff-b', ['agency'], { kind: 'agencies', agencies: ['so-b'] });
  await incidents.publishDirectory([
    {
      kind: 'system',
      id: 'so-a/portal',
      agency_id: 'so-a',
      version: 1,
      record: { id: 'portal', name: 'Portal', securityLevel: 4, critical: false, hostnames: [] },
      changed_at: '2026-12-01T00:00:00.000Z',
    },
    {
      kind: 'system',
      id: 'so-a/web',
      agency_id: 'so-a',
      version: 2,
      record: { id: 'web', name: 'Web servers', securityLevel: 3, critical: false, hostnames: ['WEB01'] },
      changed_at: '2026-12-01T00:00:00.000Z',
    },
  ]);
  // The directory consumer fills the shared cache; wait for it rather than race it.
  const directory = incidents.app.get(SystemDirectory);
  await eventually(async () => (await directory.systems('so-a', ['so-a/portal', 'so-a/web'])).size === 2, {
    timeoutMs: 30000,
  });
});

afterAll(async () => {
  await incidents.close();
});

/** Waits until the alert queue (the alerts context, same app) holds the alerts. */
async function queued(alerts: AlertV1[]): Promise<void> {
  for (const one of alerts)
    await eventually(
      async () => (await incidents.request(analyst, 'GET', `/v1/queue/alerts/${one.id}`)).statusCode === 200,
      {
        timeoutMs: 30000,
      },
    );
}

async function incidentHolding(alertId: string, caller: Caller = analyst): Promise<Body> {
  return eventually(
    async () => {
      const list = json<{ incidents: Body[] }>(
        await incidents.request(caller, 'GET', '/v1/incidents?limit=200'),
      );
      const found = list.incidents.find((incident) =>
        incident.linked_alerts.some((link) => link.id === alertId),
      );
      if (!found) throw new Error(`no incident holds ${alertId}`);
      return found;
    },
    { timeoutMs: 30000 },
  );
}

it('escalates alerts of one agency to an incident, links them and marks them escalated', async () => {
  const alerts = [alert('so-a', 'db01', 1), alert('so-a', 'db01', 2)];
  const foreign = alert('so-b', 'web09', 3);
  await incidents.publishAlerts([...alerts, foreign]);
  await queued([...alerts, foreign]);

  const mixed = await incidents.request(analyst, 'POST', '/v1/incidents/escalations', {
    alert_ids: [alerts[0].id, foreign.id],
  });
  expect(mixed.statusCode).toBe(422);
  expect(json(mixed)).toMatchObject({ error: 'invalid_request', field: 'alert_ids' });
  expect(String(json(mixed).message)).toContain(foreign.id);

  const created = await incidents.request(analyst, 'POST', '/v1/incidents/escalations', {
    alert_ids: alerts.map((a) => a.id),
    title: 'Database host attacked',
    category: 'intrusion',
    system_ids: ['so-a/portal'],
    impacts: ['confirmed-compromise'],
  });
  expect(created.statusCode).toBe(201);
  const incident = json(created);
  expect(incident).toMatchObject({
    agency_id: 'so-a',
    source: 'alerts',
    state: 'received',
    version: 1,
    priority: 'P2',
    legal_class: 'ordinary',
    systems: [{ id: 'so-a/portal', name: 'Portal', security_level: 4, critical: false }],
    drill: false,
  });
  expect(incident.id).toMatch(/^INC-\d{4}-\d{6}$/);
  expect(incident.linked_alerts.map((link) => link.id)).toEqual(alerts.map((a) => a.id));

  const marked = json<{ triage: { state: string; incident_id?: string } }>(
    await incidents.request(analyst, 'GET', `/v1/queue/alerts/${alerts[0].id}`),
  );
  expect(JSON.stringify(marked)).toContain(incident.id);
  // Escalated already: a second incident cannot take the same alert.
  const again = await incidents.request(analyst, 'POST', '/v1/incidents/escalations', {
    alert_ids: [alerts[1].id],
  });
  expect(again.statusCode).toBe(422);

  const audit = json<{ entries: { action: string }[] } | { action: string }[]>(
    await incidents.request(analyst, 'GET', `/v1/audit/incident/${incident.id}`),
  );
  expect(JSON.stringify(audit)).toContain('"created"');

  // A system of another agency is not this incident's to name.
  const otherSystem = await incidents.request(analyst, 'PATCH', `/v1/incidents/${incident.id}`, {
    version: 1,
    system_ids: ['so-b/portal'],
  });
  expect(otherSystem.statusCode).toBe(422);
  expect(json(otherSystem)).toMatchObject({ field: 'system_ids' });
});

it('groups alerts of one rule and host into one open incident, records why, and lets an analyst undo it', async () => {
  const first = alert('so-a', 'web01', 10, BRUTEFORCE);
  const second = alert('so-a', 'web01', 25, BRUTEFORCE);
  const third = alert('so-a', 'web01', 50, BRUTEFORCE); // within 30 min of the second, not the first
  const otherHost = alert('so-a', 'web02', 12, BRUTEFORCE);
  const ungrouped = alert('so-a', 'web01', 11);
  // Alerts are keyed by their ids, so they reach grouping on different partitions in any order;
  // the sliding window is judged against the alerts already grouped. The third is sent once the
  // second is in, so it is judged against both (sent together, it may come first and, 40 minutes
  // after the first alert, open an incident of its own: a known limit of grouping by arrival).
  await incidents.publishAlerts([first, second, otherHost, ungrouped]);
  await eventually(
    async () => {
      const incident = await incidentHolding(first.id);
      if (incident.linked_alerts.length !== 2) throw new Error(`linked ${incident.linked_alerts.length}`);
    },
    { timeoutMs: 60_000 },
  );
  await incidents.publishAlerts([third]);

  // Grouping waits for the queue to hold each alert (retrying its batch with backoff up to 5 s),
  // which on a loaded machine takes longer than eventually's default 20 s.
  const grouped = await eventually(
    async () => {
      const incident = await incidentHolding(first.id);
      if (incident.linked_alerts.length !== 3) throw new Error(`linked ${incident.linked_alerts.length}`);
      return incident;
    },
    { timeoutMs: 60_000 },
  );
  expect(grouped).toMatchObject({
    source: 'grouping',
    title: 'SSH attack on web01',
    category: 'intrusion',
    // web01 belongs to a level-3 system in the directory: P2 without anyone saying so.
    systems: [{ id: 'so-a/web', name: 'Web servers', security_level: 3, critical: false }],
    priority: 'P2',
  });
  expect(grouped.linked_alerts.map((link) => link.id).sort()).toEqual([first.id, second.id, third.id].sort());
  expect(grouped.linked_alerts[0].grouping).toEqual({
    rule: 'ssh-attack-on-one-host',
    matched: { 'host.name': 'web01' },
  });
  const web02 = await incidentHolding(otherHost.id);
  expect(web02.id).not.toBe(grouped.id);
  await queued([ungrouped]);
  const list = json<{ incidents: Body[] }>(
    await incidents.request(analyst, 'GET', '/v1/incidents?limit=200'),
  );
  expect(list.incidents.some((i) => i.linked_alerts.some((link) => link.id === ungrouped.id))).toBe(false);

  // Redelivery changes nothing.
  await incidents.publishAlerts([first, second]);
  const marker = alert('so-a', 'web01', 55, BRUTEFORCE);
  await incidents.publishAlerts([marker]);
  const after = await eventually(async () => {
    const incident = await incidentHolding(marker.id);
    if (incident.linked_alerts.length !== 4) throw new Error(`linked ${incident.linked_alerts.length}`);
    return incident;
  });
  expect(after.id).toBe(grouped.id);

  // Undo one alert: it leaves, and redelivery does not bring it back.
  const unlinked = await incidents.request(
    analyst,
    'POST',
    `/v1/incidents/${after.id}/alerts/${second.id}/unlink`,
    {
      version: after.version,
      reason: 'a scanner of the agency itself',
    },
  );
  expect(unlinked.statusCode).toBe(200);
  expect(json(unlinked).released_alert_ids).toEqual([second.id]);
  await incidents.publishAlerts([second]);
  const marker2 = alert('so-a', 'web01', 56, BRUTEFORCE);
  await incidents.publishAlerts([marker2]);
  const afterUndo = await incidentHolding(marker2.id);
  expect(afterUndo.linked_alerts.map((link) => link.id)).not.toContain(second.id);

  // Undo a whole incident the rules made: dissolved, out of the list, its alerts not regrouped.
  const dissolved = await incidents.request(analyst, 'POST', `/v1/incidents/${web02.id}/dissolve`, {
    version: web02.version,
    reason: 'maintenance window',
  });
  expect(dissolved.statusCode).toBe(200);
  await incidents.publishAlerts([otherHost]);
  const marker3 = alert('so-a', 'web01', 57, BRUTEFORCE);
  await incidents.publishAlerts([marker3]);
  await incidentHolding(marker3.id);
  const listed = json<{ incidents: Body[] }>(
    await incidents.request(analyst, 'GET', '/v1/incidents?limit=200'),
  );
  expect(listed.incidents.map((i) => i.id)).not.toContain(web02.id);
  expect(listed.incidents.some((i) => i.linked_alerts.some((link) => link.id === otherHost.id))).toBe(false);
  // Only grouped incidents dissolve.
  const reported = json(
    await incidents.request(agencyA, 'POST', '/v1/incidents/reports', {
      title: 'Phishing mail',
      description: 'x',
    }),
  );
  const refused = await incidents.request(analyst, 'POST', `/v1/incidents/${reported.id}/dissolve`, {
    version: 1,
    reason: 'no',
  });
  expect(refused.statusCode).toBe(409);
});

it('lets one of two concurrent edits win; the other gets 409 with the current version and loses nothing on retry', async () => {
  const created = json(
    await incidents.request(agencyA, 'POST', '/v1/incidents/reports', {
      title: 'Defaced site',
      description: 'home page',
    }),
  );
  const [one, two] = await Promise.all([
    incidents.request(responder, 'PATCH', `/v1/incidents/${created.id}`, {
      version: 1,
      title: 'Defaced portal',
    }),
    incidents.request(analyst, 'PATCH', `/v1/incidents/${created.id}`, {
      version: 1,
      category: 'defacement',
    }),
  ]);
  const statuses = [one.statusCode, two.statusCode].sort();
  expect(statuses).toEqual([200, 409]);
  const loser = one.statusCode === 409 ? one : two;
  expect(json(loser)).toMatchObject({ error: 'version_conflict', current_version: 2 });
  const retry = await incidents.request(
    loser === one ? responder : analyst,
    'PATCH',
    `/v1/incidents/${created.id}`,
    loser === one ? { version: 2, title: 'Defaced portal' } : { version: 2, category: 'defacement' },
  );
  expect(retry.statusCode).toBe(200);
  expect(json(retry)).toMatchObject({ version: 3, title: 'Defaced portal', category: 'defacement' });
});

it('works an incident through the workflow: roles, required fields, playbook tasks for the agency', async () => {
  const reported = json(
    await incidents.request(agencyA, 'POST', '/v1/incidents/reports', {
      title: 'Ransom note on file server',
      description: 'files renamed',
      system_ids: ['so-a/portal'],
      impacts: ['outage'],
    }),
  );
  expect(reported).toMatchObject({
    source: 'agency',
    agency_id: 'so-a',
    priority: 'P1',
    legal_class: 'serious',
  });
  const move = (caller: Caller, version: number, to: string, more: object = {}) =>
    incidents.request(caller, 'POST', `/v1/incidents/${reported.id}/transitions`, { version, to, ...more });

  expect((await move(agencyA, 1, 'acknowledged')).statusCode).toBe(403);
  expect((await move(analyst, 1, 'closed')).statusCode).toBe(409);
  let current = json(await move(analyst, 1, 'acknowledged'));
  current = json(await move(analyst, current.version, 'verifying'));
  const unclassified = await move(responder, current.version, 'initial-response');
  expect(unclassified.statusCode).toBe(422);
  expect(json(unclassified)).toMatchObject({ missing: ['category'] });
  current = json(
    await incidents.request(responder, 'PATCH', `/v1/incidents/${reported.id}`, {
      version: current.version,
      category: 'malware-ransomware',
    }),
  );
  current = json(await move(responder, current.version, 'initial-response'));
  expect(current.tasks.length).toBeGreaterThan(1);
  expect(new Set(current.tasks.map((t) => t.assignee))).toEqual(new Set(['agency', 'responders']));

  // The agency sees its own tasks only, and works them; not the responders' ones.
  const seen = json(await incidents.request(agencyA, 'GET', `/v1/incidents/${reported.id}`));
  expect(seen.tasks.every((t) => t.assignee === 'agency')).toBe(true);
  const ownTask = seen.tasks[0];
  const responderTask = current.tasks.find((t) => t.assignee === 'responders');
  const done = await incidents.request(agencyA, 'PATCH', `/v1/incidents/${reported.id}/tasks/${ownTask.id}`, {
    version: current.version,
    status: 'done',
    checklist: [{ index: 0, done: true }],
    note: 'isolated',
  });
  expect(done.statusCode).toBe(200);
  current = json(done);
  expect(current.tasks.find((t) => t.id === ownTask.id)).toMatchObject({ status: 'done' });
  expect(
    (
      await incidents.request(
        agencyA,
        'PATCH',
        `/v1/incidents/${reported.id}/tasks/${responderTask?.id ?? ''}`,
        {
          version: current.version,
          status: 'done',
        },
      )
    ).statusCode,
  ).toBe(404);
  expect(
    (
      await incidents.request(agencyA, 'PATCH', `/v1/incidents/${reported.id}`, {
        version: current.version,
        title: 'x',
      })
    ).statusCode,
  ).toBe(403);

  current = json(await incidents.request(agencyA, 'GET', `/v1/incidents/${reported.id}`));
  for (const to of ['containment', 'recovery', 'checking', 'final-report'])
    current = json(await move(responder, current.version, to));
  expect(current.times).toHaveProperty('contained');
  const early = await move(responder, current.version, 'closed');
  expect(json(early)).toMatchObject({
    error: 'transition_requirements_unmet',
    missing: ['final_report', 'root_cause'],
  });
  // The final report document attaches itself to the incident (apps/incidents/src/reports).
  const report = await incidents.request(responder, 'POST', `/v1/incidents/${reported.id}/reports`, {
    kind: 'final',
    impact: 'one workstation encrypted',
    actions: 'isolated, reimaged',
    cause: 'RDP exposed with a weak password',
    damage: 'none lasting',
    remediation: 'RDP behind the VPN',
    lessons: 'audit exposed services',
  });
  expect(report.statusCode).toBe(201);
  current = json(await incidents.request(responder, 'GET', `/v1/incidents/${reported.id}`));
  expect(current).toMatchObject({ final_report: { reference: `${reported.id}.final.1` } });
  const closed = await move(responder, current.version, 'closed', {
    root_cause: 'RDP exposed with a weak password',
  });
  expect(closed.statusCode).toBe(200);
  expect(json(closed)).toMatchObject({ state: 'closed', root_cause: 'RDP exposed with a weak password' });
  expect(json(closed).times).toHaveProperty('closed');

  const trail = JSON.stringify(
    json(await incidents.request(analyst, 'GET', `/v1/audit/incident/${reported.id}`)),
  );
  expect(trail).toContain('transitioned');
  expect(trail).toContain('task-updated');
  const verified = await incidents.request(analyst, 'GET', `/v1/audit/incident/${reported.id}/verify`);
  expect(verified.statusCode).toBe(200);
});

it("keeps agency A from agency B's incidents on every route", async () => {
  const ofB = json(
    await incidents.request(agencyB, 'POST', '/v1/incidents/reports', {
      title: 'B incident',
      description: 'secret of B',
    }),
  );
  const ofA = json(
    await incidents.request(agencyA, 'POST', '/v1/incidents/reports', {
      title: 'A incident',
      description: 'a',
    }),
  );
  const bAlert = alert('so-b', 'b-host', 40);
  await incidents.publishAlerts([bAlert]);
  await queued([bAlert]);

  const listA = json<{ incidents: Body[] }>(
    await incidents.request(agencyA, 'GET', '/v1/incidents?limit=200'),
  );
  expect(listA.incidents.map((i) => i.agency_id)).not.toContain('so-b');
  expect(listA.incidents.map((i) => i.id)).toContain(ofA.id);
  const filtered = json<{ incidents: Body[] }>(
    await incidents.request(agencyA, 'GET', '/v1/incidents?agency=so-b'),
  );
  expect(filtered.incidents).toEqual([]);

  const routes: [string, 'GET' | 'POST' | 'PATCH', string, object?][] = [
    ['get', 'GET', `/v1/incidents/${ofB.id}`],
    ['patch', 'PATCH', `/v1/incidents/${ofB.id}`, { version: 1, title: 'mine now' }],
    ['transition', 'POST', `/v1/incidents/${ofB.id}/transitions`, { version: 1, to: 'acknowledged' }],
    ['comment', 'POST', `/v1/incidents/${ofB.id}/comments`, { version: 1, text: 'hi' }],
    ['task', 'PATCH', `/v1/incidents/${ofB.id}/tasks/intrusion-1`, { version: 1, status: 'done' }],
    ['unlink', 'POST', `/v1/incidents/${ofB.id}/alerts/${bAlert.id}/unlink`, { version: 1, reason: 'x' }],
    ['dissolve', 'POST', `/v1/incidents/${ofB.id}/dissolve`, { version: 1, reason: 'x' }],
    ['audit', 'GET', `/v1/audit/incident/${ofB.id}`],
  ];
  for (const [name, method, url, body] of routes) {
    const response = await incidents.request(agencyA, method, url, body);
    expect([name, response.statusCode]).toEqual([name, 404]);
    expect(response.body).not.toContain('secret of B');
  }
  // Agency staff do not escalate at all; an analyst scoped to A cannot see B's alert.
  const escalate = await incidents.request(agencyA, 'POST', '/v1/incidents/escalations', {
    alert_ids: [bAlert.id],
  });
  expect(escalate.statusCode).toBe(403);
  expect(escalate.body).not.toContain(bAlert.id);
  const scopedAnalyst = await incidents.person('analyst-a', ['analyst'], {
    kind: 'agencies',
    agencies: ['so-a'],
  });
  const hidden = await incidents.request(scopedAnalyst, 'POST', '/v1/incidents/escalations', {
    alert_ids: [bAlert.id],
  });
  expect(hidden.statusCode).toBe(404);
  expect(json(hidden)).toMatchObject({ error: 'alert_not_found', alert_ids: [bAlert.id] });
  expect((await incidents.request(scopedAnalyst, 'GET', `/v1/incidents/${ofB.id}`)).statusCode).toBe(404);
  const reportForB = await incidents.request(agencyA, 'POST', '/v1/incidents/reports', {
    title: 'x',
    description: 'x',
    agency_id: 'so-b',
  });
  expect(reportForB.statusCode).toBe(422);
  // B's incident is untouched.
  expect(json(await incidents.request(agencyB, 'GET', `/v1/incidents/${ofB.id}`))).toMatchObject({
    version: 1,
    title: 'B incident',
  });
});

it('answers bad input with the field at fault, never a 500', async () => {
  const responses = await Promise.all([
    incidents.request(analyst, 'POST', '/v1/incidents/escalations', { alert_ids: [] }),
    incidents.request(analyst, 'POST', '/v1/incidents/escalations', { alert_ids: 'x' }),
    incidents.request(agencyA, 'POST', '/v1/incidents/reports', {
      title: 'x',
      description: 'y',
      category: 'aliens',
    }),
    incidents.request(analyst, 'PATCH', '/v1/incidents/INC-1999-000001', { version: 1, title: 'x' }),
    incidents.request(analyst, 'GET', '/v1/incidents?limit=100000'),
  ]);
  expect(responses.map((r) => r.statusCode)).toEqual([400, 400, 400, 404, 400]);
  expect(responses[0].body).toContain('alert_ids');
  expect(responses[2].body).toContain('category');
  const reported = json(
    await incidents.request(agencyA, 'POST', '/v1/incidents/reports', { title: 'o', description: 'o' }),
  );
  const badObservable = await incidents.request(analyst, 'PATCH', `/v1/incidents/${reported.id}`, {
    version: 1,
    add_observables: [{ type: 'ip', value: 'not-an-ip', tlp: 'amber' }],
  });
  expect(badObservable.statusCode).toBe(422);
  expect(json(badObservable)).toMatchObject({ field: 'add_observables[0].value' });
  const good = await incidents.request(analyst, 'PATCH', `/v1/incidents/${reported.id}`, {
    version: 1,
    add_observables: [
      { type: 'ip', value: '203.0.113.7', tlp: 'amber+strict' },
      { type: 'domain', value: 'Evil.Example.com', tlp: 'red' },
    ],
  });
  expect(good.statusCode).toBe(200);
  expect(
    json<{ observables: { value: string; tlp: string }[] }>(good).observables.map((o) => [o.value, o.tlp]),
  ).toEqual([
    ['203.0.113.7', 'amber+strict'],
    ['evil.example.com', 'red'],
  ]);
});

it('describes every incidents route in OpenAPI, with its summary and the bearer scheme', () => {
  const document = openApiDocument(incidents.app, incidentsOpenApi) as unknown as {
    paths: Record<string, Record<string, { summary?: string; security?: object[] }>>;
  };
  const routes = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/v1/incidents'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ path, method, operation })),
    );
  // The incidents context's own routes (other contexts add theirs under /v1/incidents/{id}/…).
  const mine = new Set([
    'get /v1/incidents',
    'get /v1/incidents/workflow',
    'get /v1/incidents/{id}',
    'patch /v1/incidents/{id}',
    'patch /v1/incidents/{id}/tasks/{taskId}',
    'post /v1/incidents/escalations',
    'post /v1/incidents/reports',
    'post /v1/incidents/{id}/alerts/{alertId}/unlink',
    'post /v1/incidents/{id}/comments',
    'post /v1/incidents/{id}/dissolve',
    'post /v1/incidents/{id}/transitions',
  ]);
  const described = routes.filter((route) => mine.has(`${route.method} ${route.path}`));
  expect(described).toHaveLength(mine.size);
  for (const { path, method, operation } of described) {
    expect([method, path, typeof operation.summary]).toEqual([method, path, 'string']);
    expect(operation.security).toEqual([{ bearer: [] }]);
  }
});

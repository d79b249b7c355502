import { Topics, type AlertV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { openApiDocument } from '@vigil/observability';
import { eventually, testNamespace, topicCollector } from '@vigil/testing';
import { randomBytes } from 'node:crypto';
import { authKeyFiles } from '../../../ingestion/src/identity/test/auth-key-files';
import { startQueueApp, type QueueTestApp } from './test/alert-queue-test-app';
import { alertFactory, socAlertFactory } from './test/queue-alert.factory';

// The alert queue against real Kafka, Elasticsearch and Redis, on two incidents instances of one
// namespace (one consumer group): alerts published more than once are stored once and triage
// survives redelivery; similar alerts fold into one item that unfolds; filters and pages; a stale
// write is a 409; agency A reaches nothing of agency B, and no agency user anything SOC-only;
// the live feed of one instance carries changes made on the other; invalid alerts go to the DLQ.

const namespace = testNamespace('alert-queue');
const keys = authKeyFiles();
const dlq = topicCollector(namespace, Topics.DlqV1);
let first: QueueTestApp;
let second: QueueTestApp;
let soc: string;

/** Agencies of this run: ids unique to it, so counts are this test's own. */
const run = randomBytes(3).toString('hex');
const agencyA = `so-a-${run}`;
const agencyB = `so-b-${run}`;

interface ItemBody {
  id: string;
  version: string;
  alert_count: number;
  match_count: number;
  first_seen: string;
  last_seen: string;
  state: string;
  state_counts: Record<string, number>;
  hosts: string[];
  source_ips: string[];
  level: string;
}

interface AlertBody {
  id: string;
  version: string;
  item_id: string;
  triage: { state: string; changed_by?: { id: string }; reason?: string; close_reason?: string };
  assignment?: { assignee_id: string };
}

/** A brute-force alert of one attacker against an agency, as detection raises it. */
function bruteForce(agency: string, source: string, overrides: Partial<AlertV1> = {}): AlertV1 {
  return alertFactory({
    organization: { id: agency },
    agencies: [agency],
    group_key: `vigil-ssh-bruteforce|${agency}|${source}`,
    explanation: { 'source.ip': source, count: 10 },
    ...overrides,
  });
}

beforeAll(async () => {
  first = await startQueueApp(namespace, keys);
  second = await startQueueApp(namespace, keys);
  await dlq.start();
  soc = await first.token('soc-analyst', ['analyst']);
}, 240_000);

afterAll(async () => {
  await dlq.stop();
  await second.close();
  await first.close();
});

async function items(
  app: QueueTestApp,
  token: string,
  query: string,
): Promise<{ total: number; items: ItemBody[]; next?: string }> {
  const response = await app.request(token, 'GET', `/v1/queue/items?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function itemOf(token: string, agency: string, source: string): Promise<ItemBody> {
  return eventually(async () => {
    const page = await items(first, token, `agency=${agency}&source=${source}`);
    expect(page.items).toHaveLength(1);
    return page.items[0];
  });
}

it('stores an alert once however often it is delivered, and keeps its triage through redelivery', async () => {
  const alert = bruteForce(agencyA, '198.51.100.1');
  await first.publishAlerts([alert, alert]);
  await first.publishAlerts([alert]);
  const item = await eventually(async () => {
    const found = await itemOf(soc, agencyA, '198.51.100.1');
    expect(found.alert_count).toBe(1);
    return found;
  });
  const acknowledged = await first.request(soc, 'POST', `/v1/queue/alerts/${alert.id}/triage`, {
    action: 'acknowledge',
    reason: 'looking into it',
  });
  expect(acknowledged.statusCode).toBe(200);
  // The feed tells of every delivery consumed (a duplicate too): it shows the redelivery was read.
  const feed = await second.openFeed(soc);
  await first.publishAlerts([alert]);
  await eventually(() => {
    expect(feed.events.some((event) => event.data.id === alert.id && event.data.action === 'received')).toBe(
      true,
    );
  });
  // Detection re-publishes the alert with the repeats its suppression folded in: counted, triage kept.
  await first.publishAlerts([{ ...alert, count: 7, raised_at: '2026-11-27T09:00:00.000Z' }]);
  await eventually(async () => {
    expect(await itemOf(soc, agencyA, '198.51.100.1')).toMatchObject({
      alert_count: 1,
      match_count: 7,
      last_seen: '2026-11-27T09:00:00.000Z',
    });
  });
  const stored = (await first.request(soc, 'GET', `/v1/queue/alerts/${alert.id}`)).json<AlertBody>();
  expect(stored.triage).toMatchObject({
    state: 'acknowledged',
    reason: 'looking into it',
    changed_by: { id: 'soc-analyst' },
  });
  const all = (
    await first.request(soc, 'GET', `/v1/queue/alerts?agency=${agencyA}&source=198.51.100.1`)
  ).json<{ total: number }>();
  expect(all.total).toBe(1);
  expect(item.id).toBe(stored.item_id);
});

it('folds one attacker’s alerts into one item with counts, first and last seen, and unfolds it', async () => {
  const attacker = '203.0.113.77';
  const burst = [0, 1, 2, 3, 4].map((n) =>
    bruteForce(agencyA, attacker, {
      raised_at: `2026-11-27T03:1${n}:00.000Z`,
      count: n + 1,
      host: { name: n < 3 ? 'web01' : 'web02' },
    }),
  );
  const otherAttacker = bruteForce(agencyA, '203.0.113.78', { raised_at: '2026-11-27T03:20:00.000Z' });
  await first.publishAlerts([...burst, otherAttacker]);
  const item = await eventually(async () => {
    const found = await itemOf(soc, agencyA, attacker);
    expect(found.alert_count).toBe(5);
    return found;
  });
  expect(item).toMatchObject({
    match_count: 15,
    first_seen: '2026-11-27T03:10:00.000Z',
    last_seen: '2026-11-27T03:14:00.000Z',
    hosts: ['web01', 'web02'],
    source_ips: [attacker],
    state: 'new',
    state_counts: { new: 5, acknowledged: 0, escalated: 0, closed: 0 },
  });
  const unfolded = await first.request(soc, 'GET', `/v1/queue/items/${item.id}/alerts?limit=3`);
  expect(unfolded.statusCode).toBe(200);
  const page = unfolded.json<{ total: number; alerts: AlertBody[]; next?: string }>();
  expect(page.total).toBe(5);
  expect(page.alerts).toHaveLength(3);
  const rest = (
    await first.request(soc, 'GET', `/v1/queue/items/${item.id}/alerts?limit=3&cursor=${page.next ?? ''}`)
  ).json<{ alerts: AlertBody[]; next?: string }>();
  expect([...page.alerts, ...rest.alerts].map((alert) => alert.id).sort()).toEqual(
    burst.map((alert) => alert.id).sort(),
  );
  expect(rest.next).toBeUndefined();

  // Acting on the item acts on all its alerts.
  const closed = await first.request(soc, 'POST', `/v1/queue/items/${item.id}/triage`, {
    action: 'close',
    close_reason: 'benign',
    reason: 'authorised penetration test',
  });
  expect(closed.statusCode).toBe(200);
  expect(closed.json()).toMatchObject({
    changed: 5,
    skipped: [],
    item: { state: 'closed', state_counts: { closed: 5 } },
  });
});

it('filters by rule, agency, host, source range, level, state and time, groups by field, and pages without repeats', async () => {
  const ruleX = { id: `rule-x-${run}`, title: 'Rule X', level: 'critical' as const, tags: [] };
  const alerts = [
    bruteForce(agencyB, '192.0.2.10', {
      rule: ruleX,
      group_key: `x|${agencyB}|192.0.2.10`,
      host: { name: 'db01' },
    }),
    bruteForce(agencyB, '192.0.2.11', {
      rule: ruleX,
      group_key: `x|${agencyB}|192.0.2.11`,
      host: { name: 'db01' },
    }),
    bruteForce(agencyB, '192.0.2.12', {
      rule: ruleX,
      group_key: `x|${agencyB}|192.0.2.12`,
      host: { name: 'db02' },
    }),
    bruteForce(agencyB, '198.18.0.1', { host: { name: 'db01' }, raised_at: '2026-11-01T00:00:00.000Z' }),
  ];
  await first.publishAlerts(alerts);
  await eventually(async () => {
    expect((await items(first, soc, `agency=${agencyB}`)).total).toBe(4);
  });

  expect((await items(first, soc, `agency=${agencyB}&rule=${ruleX.id}`)).total).toBe(3);
  expect((await items(first, soc, `agency=${agencyB}&host=db01`)).total).toBe(3);
  expect((await items(first, soc, `agency=${agencyB}&source=192.0.2.0/24`)).total).toBe(3);
  expect((await items(first, soc, `agency=${agencyB}&source=192.0.2.10,198.18.0.1`)).total).toBe(2);
  expect((await items(first, soc, `agency=${agencyB}&level=critical`)).total).toBe(3);
  expect((await items(first, soc, `agency=${agencyB}&level=high`)).total).toBe(1);
  expect((await items(first, soc, `agency=${agencyB}&state=new`)).total).toBe(4);
  expect((await items(first, soc, `agency=${agencyB}&state=closed`)).total).toBe(0);
  expect((await items(first, soc, `agency=${agencyB}&to=2026-11-02T00:00:00Z`)).total).toBe(1);

  const groups = await first.request(soc, 'GET', `/v1/queue/groups?by=host&agency=${agencyB}`);
  expect(groups.json()).toMatchObject({
    groups: [
      { value: 'db01', alerts: 3 },
      { value: 'db02', alerts: 1 },
    ],
  });

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await items(first, soc, `agency=${agencyB}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.items.map((item) => item.id));
    cursor = page.next;
  } while (cursor !== undefined);
  expect(seen).toHaveLength(4);
  expect(new Set(seen).size).toBe(4);

  const badCursor = await first.request(soc, 'GET', '/v1/queue/items?cursor=WzEsMiwzXQ');
  expect(badCursor.statusCode).toBe(400);
  expect(badCursor.json()).toMatchObject({ error: 'invalid_request', field: 'cursor' });
  const badSource = await first.request(soc, 'GET', '/v1/queue/items?source=10.0.0.0/99');
  expect(badSource.statusCode).toBe(400);
  expect(JSON.stringify(badSource.json())).toContain('source');
  // 200 characters, 600 bytes: longer than any id Elasticsearch stores; not found, never a 500
  const longId = 'ệ'.repeat(200);
  const long = await first.request(soc, 'POST', '/v1/queue/bulk', {
    action: 'acknowledge',
    targets: [
      { type: 'alert', id: longId },
      { type: 'queue-item', id: longId },
    ],
  });
  expect(long.json()).toMatchObject({
    results: [{ error: 'alert_not_found' }, { error: 'queue_item_not_found' }],
  });
  const badClose = await first.request(soc, 'POST', `/v1/queue/alerts/${alerts[0]?.id ?? ''}/triage`, {
    action: 'close',
  });
  expect(badClose.statusCode).toBe(400);
  expect(JSON.stringify(badClose.json())).toMatch(/reason/);
});

it('answers a stale write with 409 and the current version; nothing is lost', async () => {
  const alert = bruteForce(agencyA, '198.51.100.9');
  await first.publishAlerts([alert]);
  const read = await eventually(async () => {
    const response = await first.request(soc, 'GET', `/v1/queue/alerts/${alert.id}`);
    expect(response.statusCode).toBe(200);
    return response.json<AlertBody>();
  });
  const other = await first.token('soc-analyst-2', ['analyst']);
  const [one, two] = await Promise.all([
    first.request(soc, 'POST', `/v1/queue/alerts/${alert.id}/triage`, {
      action: 'acknowledge',
      version: read.version,
    }),
    second.request(other, 'POST', `/v1/queue/alerts/${alert.id}/triage`, {
      action: 'assign',
      assignee_id: 'soc-analyst-2',
      version: read.version,
    }),
  ]);
  expect([one.statusCode, two.statusCode].sort()).toEqual([200, 409]);
  const loser = one.statusCode === 409 ? one : two;
  const winner = one.statusCode === 409 ? two : one;
  expect(loser.json()).toMatchObject({
    error: 'concurrent_change',
    current_version: winner.json<AlertBody>().version,
  });
  // The loser reads again and retries with the current version: both changes are kept.
  const retried = await (loser === one ? first : second).request(
    loser === one ? soc : other,
    'POST',
    `/v1/queue/alerts/${alert.id}/triage`,
    loser === one
      ? { action: 'acknowledge', version: winner.json<AlertBody>().version }
      : { action: 'assign', assignee_id: 'soc-analyst-2', version: winner.json<AlertBody>().version },
  );
  expect(retried.statusCode).toBe(200);
  expect(retried.json()).toMatchObject({
    triage: { state: 'acknowledged' },
    assignment: { assignee_id: 'soc-analyst-2' },
  });

  const item = await itemOf(soc, agencyA, '198.51.100.9');
  const stale = await first.request(soc, 'POST', `/v1/queue/items/${item.id}/triage`, {
    action: 'close',
    close_reason: 'false-positive',
    reason: 'test',
    version: '0:1',
  });
  expect(stale.statusCode).toBe(409);
  expect(stale.json()).toMatchObject({ current_version: item.version });
});

it('keeps agency B and SOC-only alerts from agency A users on every route', async () => {
  const ofA = bruteForce(agencyA, '198.51.100.50');
  const ofB = bruteForce(agencyB, '198.51.100.51');
  const socOnly = socAlertFactory({
    agencies: [agencyA, agencyB],
    group_key: `cross|*|${run}`,
    explanation: { 'source.ip': '198.51.100.52' },
  });
  await first.publishAlerts([ofA, ofB, socOnly]);
  const itemB = await itemOf(soc, agencyB, '198.51.100.51');
  const socItem = await eventually(async () => {
    const page = await items(first, soc, 'source=198.51.100.52');
    expect(page.items).toHaveLength(1);
    return page.items[0];
  });
  await itemOf(soc, agencyA, '198.51.100.50');

  const agencyUser = await first.token('agency-a-user', ['agency'], {
    kind: 'agencies',
    agencies: [agencyA],
  });
  // An analyst limited to agency A (as an assessor-like scope with triage rights) must not write to B either.
  const scopedAnalyst = await first.token('scoped-analyst', ['analyst'], {
    kind: 'agencies',
    agencies: [agencyA],
  });

  for (const token of [agencyUser, scopedAnalyst]) {
    for (const hidden of [ofB.id, socOnly.id])
      expect((await first.request(token, 'GET', `/v1/queue/alerts/${hidden}`)).statusCode).toBe(404);
    for (const hidden of [itemB.id, socItem.id]) {
      expect((await first.request(token, 'GET', `/v1/queue/items/${hidden}`)).statusCode).toBe(404);
      expect((await first.request(token, 'GET', `/v1/queue/items/${hidden}/alerts`)).statusCode).toBe(404);
    }
    const listed = await items(first, token, `agency=${agencyB}`);
    expect(listed.total).toBe(0);
    const everything = await items(first, token, 'limit=200');
    expect(
      everything.items.every(
        (item) => (item as unknown as { organization_id: string }).organization_id === agencyA,
      ),
    ).toBe(true);
    expect(everything.items.some((item) => item.source_ips.includes('198.51.100.50'))).toBe(true);
    const alerts = (await first.request(token, 'GET', '/v1/queue/alerts?limit=200')).json<{
      alerts: { organization: { id: string } }[];
    }>();
    expect(alerts.alerts.every((alert) => alert.organization.id === agencyA)).toBe(true);
    const groups = (await first.request(token, 'GET', '/v1/queue/groups?by=agency')).json<{
      groups: { value: string }[];
    }>();
    expect(groups.groups.map((group) => group.value)).toEqual([agencyA]);
  }

  // The agency role reads but does not triage (403); the scoped analyst's writes find nothing of B.
  expect(
    (await first.request(agencyUser, 'POST', `/v1/queue/alerts/${ofA.id}/triage`, { action: 'acknowledge' }))
      .statusCode,
  ).toBe(403);
  for (const [kind, id] of [
    ['alerts', ofB.id],
    ['alerts', socOnly.id],
    ['items', itemB.id],
    ['items', socItem.id],
  ] as const)
    expect(
      (
        await first.request(scopedAnalyst, 'POST', `/v1/queue/${kind}/${id}/triage`, {
          action: 'acknowledge',
        })
      ).statusCode,
    ).toBe(404);
  const bulk = await first.request(scopedAnalyst, 'POST', '/v1/queue/bulk', {
    action: 'close',
    close_reason: 'benign',
    reason: 'not mine to close',
    targets: [
      { type: 'alert', id: ofB.id },
      { type: 'queue-item', id: socItem.id },
      { type: 'alert', id: ofA.id },
    ],
  });
  expect(bulk.statusCode).toBe(200);
  expect(
    bulk
      .json<{ results: { status: string; error?: string }[] }>()
      .results.map((result) => result.error ?? result.status),
  ).toEqual(['alert_not_found', 'queue_item_not_found', 'ok']);
  const untouched = (await first.request(soc, 'GET', `/v1/queue/alerts/${ofB.id}`)).json<AlertBody>();
  expect(untouched.triage.state).toBe('new');
});

it('delivers a change made on one instance to the feed of another, within the caller’s scope', async () => {
  const ofA = bruteForce(agencyA, '198.51.100.60');
  const ofB = bruteForce(agencyB, '198.51.100.61');
  await first.publishAlerts([ofA, ofB]);
  await itemOf(soc, agencyA, '198.51.100.60');
  await itemOf(soc, agencyB, '198.51.100.61');

  const agencyUser = await second.token('agency-a-feed', ['agency'], {
    kind: 'agencies',
    agencies: [agencyA],
  });
  const feed = await second.openFeed(agencyUser);
  const socFeed = await second.openFeed(soc);
  expect(feed.status).toBe(200);

  // B's change first, then A's: once A's arrives on A's feed, B's would have arrived before it.
  expect(
    (await first.request(soc, 'POST', `/v1/queue/alerts/${ofB.id}/triage`, { action: 'acknowledge' }))
      .statusCode,
  ).toBe(200);
  expect(
    (await first.request(soc, 'POST', `/v1/queue/alerts/${ofA.id}/triage`, { action: 'acknowledge' }))
      .statusCode,
  ).toBe(200);
  await eventually(() => {
    expect(feed.events.some((event) => event.data.id === ofA.id)).toBe(true);
  });
  expect(feed.events.find((event) => event.data.id === ofA.id)).toMatchObject({
    type: 'alert',
    data: { action: 'acknowledged', state: 'acknowledged', organization_id: agencyA },
  });
  expect(feed.events.some((event) => event.data.organization_id === agencyB)).toBe(false);
  await eventually(() => {
    expect(socFeed.events.some((event) => event.data.id === ofB.id)).toBe(true);
  });

  const anonymous = await second.openFeed('not-a-token');
  expect(anonymous.status).toBe(401);
});

it('dead-letters an alert that breaks its contract, with the reason', async () => {
  const broken = {
    ...bruteForce(agencyA, '198.51.100.70'),
    rule: { id: 'r', title: 't', level: 'severe', tags: [] },
  };
  await first.app
    .get(Publisher)
    .publishRaw(Topics.AlertsV1, [{ key: broken.id, value: JSON.stringify(broken) }]);
  await eventually(() => {
    expect(dlq.messages.some((letter) => letter.reason.includes('rule.level'))).toBe(true);
  });
  expect((await first.request(soc, 'GET', `/v1/queue/alerts/${broken.id}`)).statusCode).toBe(404);
});

it('acts on a large item in one action: 300 alerts acknowledged, audited and counted', async () => {
  const attacker = '198.51.100.99';
  const flood = Array.from({ length: 300 }, (_, n) =>
    bruteForce(agencyA, attacker, { raised_at: new Date(Date.UTC(2026, 10, 27, 5, 0, n)).toISOString() }),
  );
  await first.publishAlerts(flood);
  const item = await eventually(
    async () => {
      const found = await itemOf(soc, agencyA, attacker);
      expect(found.alert_count).toBe(300);
      return found;
    },
    { timeoutMs: 60_000 },
  );
  const acknowledged = await first.request(soc, 'POST', `/v1/queue/items/${item.id}/triage`, {
    action: 'acknowledge',
    reason: 'one attacker, one decision',
  });
  expect(acknowledged.statusCode).toBe(200);
  expect(acknowledged.json()).toMatchObject({
    changed: 300,
    item: { state: 'acknowledged', state_counts: { new: 0, acknowledged: 300 } },
  });
  const still = await first.request(
    soc,
    'GET',
    `/v1/queue/alerts?agency=${agencyA}&source=${attacker}&state=new`,
  );
  expect(still.json()).toMatchObject({ total: 0 });
});

it('describes every queue route in OpenAPI with its summary and bearer security', () => {
  const document = openApiDocument(first.app, { title: 'Vigil incidents', description: 'test' });
  const operations = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/v1/queue/'))
    .flatMap(([path, item]) =>
      (['get', 'post'] as const).flatMap((method) =>
        item[method] ? [{ path, method, operation: item[method] }] : [],
      ),
    );
  expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
    'get /v1/queue/alerts',
    'get /v1/queue/alerts/{id}',
    'get /v1/queue/feed',
    'get /v1/queue/groups',
    'get /v1/queue/items',
    'get /v1/queue/items/{id}',
    'get /v1/queue/items/{id}/alerts',
    'post /v1/queue/alerts/{id}/triage',
    'post /v1/queue/bulk',
    'post /v1/queue/items/{id}/triage',
  ]);
  for (const { operation } of operations) {
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.security).toEqual([{ bearer: [] }]);
  }
});

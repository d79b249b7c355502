import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { KafkaConnection } from '@vigil/messaging';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertCollector, startDetection } from '../apps/detection/test/detection-app';
import { streamSettled } from '../apps/detection/test/stream-settled';
import { SystemDirectory } from '../apps/incidents/src/directory/application/system-directory';
import {
  startIncidents,
  type Caller,
  type IncidentsTestApp,
} from '../apps/incidents/src/incidents/test/incidents-test-app';
import { startIngestion, type IngestionTestApp } from '../apps/ingestion/test/ingestion-app';

// Issue #13's first acceptance item, across the real services in one namespace: an SSH brute force
// in a real-shaped auth log goes in through ingestion's HTTP input, detection (Vigil's rule pack)
// raises it, the incidents service folds it into one queue item and, by the grouping rule
// ssh-attack-on-one-host, into one incident; an analyst acknowledges it, a responder classifies
// it and works the intrusion playbook with the agency's staff, writes the final report (a
// Vietnamese PDF) and closes it. Every step is in the incident's audit chain, which verifies;
// an entry edited in Elasticsearch is named by the verification.

const namespace = testNamespace('incident-lifecycle');
const AGENCY = 'so-tttt-lifecycle';
const HOST = 'web01';
const ATTACKER = '203.0.113.7';
const SYSTEM = 'cong-dich-vu-cong';
const BRUTEFORCE_RULE = '89ee5d25-dfbb-41af-853f-18e06040aa57';
const TITLE = `SSH attack on ${HOST}`;

/** One sshd record as OpenSSH writes it to /var/log/auth.log (RFC 3164, host web01). */
const sshd = (second: number, text: string): string =>
  `Nov 27 10:12:${String(second).padStart(2, '0')} ${HOST} sshd[${2200 + second}]: ${text}`;

/**
 * The attacker guesses root's and admin's passwords twelve times in half a minute (above the pack's
 * threshold of ten in five minutes), with the disconnects sshd writes between the guesses; a
 * colleague's key login from elsewhere is not part of it.
 */
function authLog(): string[] {
  const lines: string[] = [];
  for (let n = 0; n < 12; n++) {
    lines.push(
      n % 3 === 2
        ? sshd(n * 2, `Failed password for invalid user admin from ${ATTACKER} port ${40100 + n} ssh2`)
        : sshd(n * 2, `Failed password for root from ${ATTACKER} port ${40100 + n} ssh2`),
    );
    const who = n % 3 === 2 ? 'invalid user admin' : 'authenticating user root';
    lines.push(sshd(n * 2 + 1, `Connection closed by ${who} ${ATTACKER} port ${40100 + n} [preauth]`));
  }
  lines.push(
    sshd(40, 'Accepted publickey for deploy from 192.0.2.50 port 52999 ssh2: RSA SHA256:x2bWlE0F1pXh3rN6'),
  );
  return lines;
}

interface Task {
  id: string;
  title: string;
  assignee: 'agency' | 'responders';
  status: string;
  checklist: { text: string; done: boolean }[];
}
interface Incident {
  id: string;
  version: number;
  state: string;
  source: string;
  title: string;
  category?: string;
  agency_id: string;
  priority: string;
  root_cause?: string;
  final_report?: unknown;
  systems: { id: string; security_level: number }[];
  linked_alerts: { id: string; grouping?: { rule: string; matched: Record<string, string> } }[];
  tasks: Task[];
  times: Record<string, string>;
}
interface QueueItem {
  id: string;
  organization_id: string;
  rule: { id: string };
  alert_count: number;
  hosts: string[];
  source_ips: string[];
  state: string;
  incident_ids: string[];
}
interface AuditEntry {
  seq: number;
  action: string;
  actor: { id: string; name: string; roles: string[] };
  reason?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

// A test reads the body as the shape it expects; the assertions check it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
const json = <T = Incident>(response: { json: () => unknown }): T => response.json() as T;

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lifecycle-'));
  try {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const connection = new KafkaConnection({
  clientId: 'test',
  brokers: serviceAddresses().kafkaBrokers,
  namespace,
});
const collector = alertCollector(namespace);
/** A time as the reports print it: HH:mm dd/MM/yyyy in Asia/Ho_Chi_Minh (UTC+7, no summer time). */
function hanoiTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.getUTCHours())}:${two(t.getUTCMinutes())} ${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
}

let ingestion: IngestionTestApp;
let detection: NestFastifyApplication;
let incidents: IncidentsTestApp;
let analyst: Caller;
let responder: Caller;
let agencyStaff: Caller;

beforeAll(async () => {
  // One deployment: the three services share the namespace, so their topics and indices.
  ingestion = await startIngestion('incident-lifecycle', { VIGIL_NAMESPACE: namespace });
  [detection, incidents] = await Promise.all([startDetection(namespace), startIncidents(namespace)]);
  analyst = await incidents.person('analyst-lifecycle', ['analyst']);
  responder = await incidents.person('responder-lifecycle', ['responder']);
  agencyStaff = await incidents.person('staff-lifecycle', ['agency'], {
    kind: 'agencies',
    agencies: [AGENCY],
  });
  // The services created the topics; now the test can read the alerts.
  await collector.start();
}, 150_000);

afterAll(async () => {
  await collector.stop();
  await connection.close();
  await Promise.all([ingestion.close(), detection.close(), incidents.close()]);
});

it('an SSH brute force becomes one queue item and one incident, worked to closed, every step in a verifiable audit chain', async () => {
  // The agency and its web server, registered through ingestion; the directory reaches incidents.
  const key = await ingestion.createAgency(AGENCY, { name: 'Sở Thông tin và Truyền thông' });
  const system = await ingestion.admin('PUT', `/v1/agencies/${AGENCY}/systems/${SYSTEM}`, {
    name: 'Cổng dịch vụ công',
    security_level: 3,
    owner: 'Sở Thông tin và Truyền thông',
    operator: 'Trung tâm CNTT',
    hostnames: [HOST],
  });
  expect(system.statusCode).toBe(200);
  await eventually(
    async () => (await incidents.app.get(SystemDirectory).systemsOnHost(AGENCY, HOST)).length === 1,
    { timeoutMs: 30_000 },
  );

  const lines = authLog();
  const sent = await ingestion.request({
    method: 'POST',
    url: '/v1/events/raw',
    headers: { 'x-api-key': key, 'content-type': 'text/plain' },
    body: lines.join('\n'),
  });
  expect(sent.json()).toEqual({ accepted: lines.length, rejected: [] });

  // One queue item for the attack, its alert escalated by the grouping into one incident.
  const items = async (): Promise<QueueItem[]> =>
    json<{ items: QueueItem[] }>(await incidents.request(analyst, 'GET', `/v1/queue/items?agency=${AGENCY}`))
      .items;
  const incidentsOfAgency = async (): Promise<Incident[]> =>
    json<{ incidents: Incident[] }>(
      await incidents.request(analyst, 'GET', `/v1/incidents?agency=${AGENCY}&limit=200`),
    ).incidents;
  const [item] = await eventually(
    async () => {
      const found = await items();
      return found.length > 0 && found.every((candidate) => candidate.incident_ids.length > 0) && found;
    },
    { timeoutMs: 45_000 },
  );
  const [grouped] = await eventually(async () => {
    const found = await incidentsOfAgency();
    return found.length > 0 && found;
  });
  // Detection has read every event and published exactly one alert: the brute force.
  await streamSettled(connection, collector.alerts);
  expect(collector.alerts.map((alert) => alert.rule.id)).toEqual([BRUTEFORCE_RULE]);
  expect(await items()).toHaveLength(1);
  expect(await incidentsOfAgency()).toHaveLength(1);
  expect(item).toMatchObject({
    organization_id: AGENCY,
    rule: { id: BRUTEFORCE_RULE },
    alert_count: 1,
    hosts: [HOST],
    source_ips: [ATTACKER],
    state: 'escalated',
    incident_ids: [grouped.id],
  });
  // The analyst finds the attack by its source address.
  const bySource = json<{ items: QueueItem[] }>(
    await incidents.request(analyst, 'GET', `/v1/queue/items?agency=${AGENCY}&source=${ATTACKER}`),
  );
  expect(bySource.items.map((found) => found.id)).toEqual([item.id]);
  expect(grouped).toMatchObject({
    source: 'grouping',
    title: TITLE,
    category: 'intrusion',
    agency_id: AGENCY,
    state: 'received',
    // web01 is on a level-3 system of the directory: P2.
    systems: [{ id: `${AGENCY}/${SYSTEM}`, security_level: 3 }],
    priority: 'P2',
  });
  expect(grouped.linked_alerts).toHaveLength(1);
  expect(grouped.linked_alerts[0].grouping).toEqual({
    rule: 'ssh-attack-on-one-host',
    matched: { 'host.name': HOST },
  });
  const id = grouped.id;

  let current = grouped;
  const move = async (caller: Caller, to: string, more: object = {}): Promise<Incident> => {
    const response = await incidents.request(caller, 'POST', `/v1/incidents/${id}/transitions`, {
      version: current.version,
      to,
      ...more,
    });
    expect({ to, status: response.statusCode }).toEqual({ to, status: 200 });
    const moved = json(response);
    expect(moved).toMatchObject({ state: to, version: current.version + 1 });
    return moved;
  };

  // The analyst acknowledges and starts verifying; classifying is the responders'.
  current = await move(analyst, 'acknowledged');
  current = await move(analyst, 'verifying');
  expect(
    (
      await incidents.request(analyst, 'POST', `/v1/incidents/${id}/transitions`, {
        version: current.version,
        to: 'initial-response',
      })
    ).statusCode,
  ).toBe(403);
  expect(current.tasks).toEqual([]);
  // The responder records the attacker's address and when the attack began (the alert's window).
  const [raised] = collector.alerts;
  const window = raised.explanation?.window as { start?: string } | undefined;
  const occurred = window?.start;
  if (occurred === undefined) throw new Error('the brute-force alert names no window');
  const edited = await incidents.request(responder, 'PATCH', `/v1/incidents/${id}`, {
    version: current.version,
    times: { occurred },
    add_observables: [{ type: 'ip', value: ATTACKER, tlp: 'amber', note: 'nguồn dò mật khẩu' }],
  });
  expect(edited.statusCode).toBe(200);
  current = json(edited);
  current = await move(responder, 'initial-response');
  expect(current.category).toBe('intrusion');
  const byAssignee = (assignee: Task['assignee']) => current.tasks.filter((t) => t.assignee === assignee);
  expect(byAssignee('agency').length).toBeGreaterThan(0);
  expect(byAssignee('responders').length).toBeGreaterThan(0);
  const playbook = current.tasks.map((t) => t.id);

  // Every task, every checklist item: the agency's by its own staff, the rest by the responder.
  for (const taskId of playbook) {
    const task = current.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`task ${taskId} vanished`);
    const worker = task.assignee === 'agency' ? agencyStaff : responder;
    const before = current.version;
    if (task.assignee === 'agency') {
      // Staff read the incident as they see it (their tasks only) and send that version.
      const seen = json(await incidents.request(agencyStaff, 'GET', `/v1/incidents/${id}`));
      expect(seen.tasks.every((t) => t.assignee === 'agency')).toBe(true);
      current = seen;
    }
    const response = await incidents.request(worker, 'PATCH', `/v1/incidents/${id}/tasks/${taskId}`, {
      version: current.version,
      status: 'done',
      checklist: task.checklist.map((_, index) => ({ index, done: true })),
      note: `Đã xong: ${task.title}`,
    });
    expect({ taskId, status: response.statusCode }).toEqual({ taskId, status: 200 });
    expect(json(response).version).toBe(before + 1);
    // The responder reads the whole incident again (the staff's answer shows only their tasks).
    current = json(await incidents.request(responder, 'GET', `/v1/incidents/${id}`));
  }
  expect(current.tasks.map((t) => t.id)).toEqual(playbook);
  expect(current.tasks.every((t) => t.status === 'done' && t.checklist.every((c) => c.done))).toBe(true);

  for (const to of ['containment', 'recovery', 'checking', 'final-report'])
    current = await move(responder, to);
  expect(current.times).toHaveProperty('contained');

  // The final report, attached to the incident, printed in Vietnamese.
  const written = await incidents.request(responder, 'POST', `/v1/incidents/${id}/reports`, {
    kind: 'final',
    detection_source: 'Giám sát của SOC (luật Vigil: dò mật khẩu SSH)',
    impact: 'Không gián đoạn dịch vụ; không có đăng nhập thành công từ địa chỉ tấn công',
    actions: 'Cô lập máy chủ, thu thập nhật ký, đổi mật khẩu root, chặn địa chỉ nguồn trên tường lửa',
    help_requested: 'Không',
    cause: 'SSH mở ra Internet và cho đăng nhập bằng mật khẩu',
    damage: 'Không',
    remediation: 'Chỉ cho SSH qua VPN, tắt đăng nhập bằng mật khẩu',
    lessons: 'Rà soát cấu hình dịch vụ quản trị hằng quý',
  });
  expect(written.statusCode).toBe(201);
  const report = json<{ id: string; kind: string }>(written);
  expect(report).toMatchObject({ id: `${id}.final.1`, kind: 'final' });
  const pdf = await incidents.request(responder, 'GET', `/v1/reports/${report.id}/document`);
  expect(pdf.statusCode).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  const text = pdfText(pdf.rawPayload);
  expect(text).toContain('BÁO CÁO KẾT THÚC ỨNG CỨU SỰ CỐ');
  expect(text).toContain(TITLE);
  expect(text).toContain('Rà soát cấu hình dịch vụ quản trị hằng quý');
  expect(text).toContain('Xâm nhập trái phép'); // the category, in Vietnamese
  expect(text).toContain(ATTACKER); // the indicator (amber: within the report)
  expect(text).toContain(hanoiTime(occurred)); // when it occurred, in Hanoi time

  current = json(await incidents.request(responder, 'GET', `/v1/incidents/${id}`));
  expect(JSON.stringify(current.final_report)).toContain(report.id);
  const rootCause = 'SSH mở ra Internet và cho đăng nhập bằng mật khẩu';
  current = await move(responder, 'closed', { root_cause: rootCause });
  expect(current).toMatchObject({ state: 'closed', root_cause: rootCause });
  expect(current.times).toHaveProperty('closed');

  // Every step is in the audit chain, in order, by whom it was done.
  const trail = json<{ entries: AuditEntry[] }>(
    await incidents.request(analyst, 'GET', `/v1/audit/incident/${id}`),
  ).entries;
  expect(trail.map((entry) => entry.seq)).toEqual(trail.map((_, index) => index + 1));
  const steps = trail
    .filter((entry) => ['transitioned', 'updated', 'task-updated', 'report-written'].includes(entry.action))
    .map((entry) => `${entry.action} ${entry.actor.id}`);
  const transition = (who: string) => `transitioned ${who}`;
  const taskBy = (taskId: string) =>
    `task-updated ${current.tasks.find((t) => t.id === taskId)?.assignee === 'agency' ? 'staff-lifecycle' : 'responder-lifecycle'}`;
  expect(steps).toEqual([
    transition('analyst-lifecycle'),
    transition('analyst-lifecycle'),
    'updated responder-lifecycle',
    transition('responder-lifecycle'),
    ...playbook.map(taskBy),
    ...['containment', 'recovery', 'checking', 'final-report'].map(() => transition('responder-lifecycle')),
    'report-written responder-lifecycle',
    transition('responder-lifecycle'),
  ]);
  // Each transition records the state before and after it.
  const path = [
    'received',
    'acknowledged',
    'verifying',
    'initial-response',
    'containment',
    'recovery',
    'checking',
    'final-report',
    'closed',
  ];
  expect(
    trail
      .filter((entry) => entry.action === 'transitioned')
      .map((entry) => `${String(entry.before?.state)} -> ${String(entry.after?.state)}`),
  ).toEqual(path.slice(1).map((to, index) => `${path[index]} -> ${to}`));
  // The first entry is the grouping that made the incident.
  expect(JSON.stringify(trail[0])).toContain('ssh-attack-on-one-host');

  const verify = async () =>
    json<{ valid: boolean; checked: number; headSeq: number; firstBroken?: { seq: number; reason: string } }>(
      await incidents.request(analyst, 'GET', `/v1/audit/incident/${id}/verify`),
    );
  expect(await verify()).toMatchObject({ valid: true, checked: trail.length, headSeq: trail.length });

  // Someone with access to Elasticsearch rewrites who acknowledged the incident.
  const acknowledged = trail.find((entry) => entry.action === 'transitioned');
  if (!acknowledged) throw new Error('no transition in the trail');
  const es = incidents.app.get<ElasticsearchClient>(ELASTICSEARCH_CLIENT);
  const altered = await es.update({
    index: `${namespace}-audit`,
    id: `incident:${id}#${String(acknowledged.seq).padStart(10, '0')}`,
    doc: { actor: { id: 'someone-else', name: 'Người khác' } },
    refresh: true,
  });
  expect(altered.result).toBe('updated');
  // Still one item and one incident, now that every step has long been taken.
  expect(await items()).toHaveLength(1);
  expect(await incidentsOfAgency()).toHaveLength(1);
  const verdict = await verify();
  expect(verdict).toMatchObject({
    valid: false,
    firstBroken: { seq: acknowledged.seq, reason: 'content-altered' },
  });
}, 150_000);

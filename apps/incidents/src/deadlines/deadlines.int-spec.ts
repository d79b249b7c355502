import { getQueueToken } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AccessTokenSigner,
  agencyScopeOf,
  ALL_AGENCIES,
  AuthModule,
  readPrivateKey,
  type Actor,
  type Principal,
} from '@vigil/auth';
import { loadConfig } from '@vigil/config';
import { exampleAlertV1, Topics, type AlertV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { serviceInfrastructure } from '@vigil/observability';
import { eventually, freePort, testNamespace } from '@vigil/testing';
import type { Queue } from 'bullmq';
import { createServer, type Server } from 'node:http';
import { authKeyFiles } from '../../../ingestion/src/identity/test/auth-key-files';
import { AuditLog } from '../audit/application/audit-log';
import { AuditTrail, type AuditChange } from '../audit/application/audit-trail';
import { AuditModule, auditIndexTemplate } from '../audit/audit.module';
import { incidentsConfigSpec } from '../config';
import { FireDeadlineUseCase } from './application/fire-deadline.use-case';
import { DeadlinesModule, deadlinesIndexTemplates } from './deadlines.module';
import type { Deadline } from './domain/deadline';
import { SLA_TIMERS_QUEUE } from './infrastructure/bullmq-deadline.timers';
import { parseSlaPolicy } from './infrastructure/sla-policy.loader';
import { verifyWebhookSignature } from './infrastructure/webhook-signature';
import { DeadlineTimerProcessor } from './interface/queue/deadline-timer.processor';

// Deadlines against real Kafka, Elasticsearch and Redis, with the clocks in seconds: a P1 left
// unacknowledged breaches once across instances, one of them killed and replaced mid-way; the
// signed webhook is retried and logged; acknowledging removes the timers; drill breaches stay out
// of the real figures; the breaches report keeps to the caller's agencies.

const namespace = testNamespace('deadlines');
const keys = authKeyFiles();
const signer = new AccessTokenSigner(readPrivateKey(keys.VIGIL_AUTH_PRIVATE_KEY_FILE));
const SECRET = 'webhook-secret-for-the-deadlines-test';

const policy = parseSlaPolicy(
  [
    'version: 1',
    'warn_before: { percent: 50 }',
    'alert_priority: { critical: P1, high: P2 }',
    'deadlines:',
    '  acknowledge: { team: soc-analysts, by_priority: { P1: 12s, P2: 60s } }',
    '  national-notification: { team: incident-response, window: 1h, met_by_reports: [initial, final] }',
    '  final-report: { team: incident-response, window: 5d, met_by_reports: [final] }',
  ].join('\n'),
  'test-sla.yml',
);

interface Received {
  body: string;
  signature?: string;
  timestamp?: string;
  delivery?: string;
  status: number;
}

/** The webhook receiver: answers 503 to the first attempt of each delivery, then 200. */
function startReceiver(port: number): Promise<{ server: Server; received: Received[] }> {
  const received: Received[] = [];
  const seen = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = String(request.headers['x-vigil-delivery'] ?? '');
      const status = seen.has(delivery) ? 200 : 503;
      seen.add(delivery);
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: request.headers['x-vigil-signature'] as string | undefined,
        timestamp: request.headers['x-vigil-timestamp'] as string | undefined,
        delivery,
        status,
      });
      response.writeHead(status).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, received });
    });
  });
}

/**
 * The service's audit trail, except that recording a breach never finishes: the instance holding
 * the timer is caught mid-job. Two modules, so the wrapper injects the real AuditTrail, not itself.
 */
function hangingAudit(real: DynamicModule): DynamicModule {
  const HANGING = Symbol('hanging-audit');
  @Module({})
  class HangingInner {}
  @Module({})
  class HangingOuter {}
  const inner: DynamicModule = {
    module: HangingInner,
    imports: [real],
    providers: [
      {
        provide: HANGING,
        inject: [AuditTrail],
        useFactory: (trail: AuditTrail): AuditTrail => ({
          record: (changes) =>
            changes.some((change) => change.action === 'sla-breached')
              ? new Promise<never>(() => undefined)
              : trail.record(changes),
        }),
      },
    ],
    exports: [HANGING],
  };
  return {
    module: HangingOuter,
    imports: [inner],
    providers: [{ provide: AuditTrail, useExisting: HANGING }],
    exports: [AuditTrail],
  };
}

async function startInstance(
  webhookPort: number,
  options: { hangOnBreach?: boolean } = {},
): Promise<NestFastifyApplication> {
  const config = loadConfig(incidentsConfigSpec, {
    ...process.env,
    ...keys,
    VIGIL_NAMESPACE: namespace,
    VIGIL_LOG_LEVEL: 'error',
    VIGIL_ELASTICSEARCH_REPLICAS: '0',
    VIGIL_SLA_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/vigil-sla`,
    VIGIL_SLA_WEBHOOK_SECRET: SECRET,
    VIGIL_SLA_NOTIFY_ATTEMPTS: '4',
  });
  const audit = AuditModule.forRoot({ namespace, relayIntervalMs: 3_600_000 });
  @Module({
    imports: [
      ...serviceInfrastructure({
        service: 'incidents',
        config,
        templates: [auditIndexTemplate(namespace), ...deadlinesIndexTemplates(namespace, 0)],
      }),
      AuthModule.forRoot({ config }),
      audit,
      DeadlinesModule.forRoot({
        namespace,
        config,
        audit: options.hangOnBreach === true ? hangingAudit(audit) : audit,
        policy,
      }),
    ],
  })
  class DeadlinesTestModule {}
  const app = await NestFactory.create<NestFastifyApplication>(DeadlinesTestModule, new FastifyAdapter(), {
    logger: ['error'],
  });
  await app.init();
  await eventually(
    async () =>
      (await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' }))
        .statusCode === 200,
    { timeoutMs: 90_000, intervalMs: 250 },
  );
  return app;
}

/** Gone at once: its workers stop without finishing what they hold, then the app shuts. */
async function kill(app: NestFastifyApplication): Promise<void> {
  await app.get(DeadlineTimerProcessor).worker.close(true);
  await app.close();
}

const analyst: Principal = {
  id: 'u-analyst',
  name: 'Trần Thị Bình',
  roles: ['analyst'],
  scope: ALL_AGENCIES,
  method: 'access-token',
};
const analystActor: Actor = { id: analyst.id, name: analyst.name, roles: ['analyst'] };
const officerOf = (agency: string): Principal => ({
  id: `u-officer-${agency}`,
  name: `Cán bộ ${agency}`,
  roles: ['agency'],
  scope: agencyScopeOf([agency]),
  method: 'access-token',
});

async function get(app: NestFastifyApplication, url: string, principal: Principal) {
  const { token } = await signer.sign(principal);
  const response = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

const created = (id: string, agency: string, extra: Partial<AuditChange> = {}): AuditChange => {
  const now = new Date().toISOString();
  return {
    subject: { type: 'incident', id },
    incidentId: id,
    organizationId: agency,
    actor: analystActor,
    action: 'created',
    after: {
      id,
      agencyId: agency,
      state: 'received',
      priority: 'P1',
      legalClass: 'ordinary',
      suspectedSerious: false,
      createdAt: now,
      times: { detected: now },
    },
    ...extra,
  };
};

async function auditActions(app: NestFastifyApplication, type: 'incident' | 'alert', id: string) {
  const entries = (await app.get(AuditLog).chain(`${type}:${id}`, ALL_AGENCIES)) ?? [];
  return entries;
}

describe('deadlines', () => {
  let webhookPort: number;
  let receiver: { server: Server; received: Received[] };
  let one: NestFastifyApplication;
  let two: NestFastifyApplication;
  let three: NestFastifyApplication | undefined;

  beforeAll(async () => {
    webhookPort = await freePort();
    receiver = await startReceiver(webhookPort);
    [one, two] = await Promise.all([startInstance(webhookPort), startInstance(webhookPort)]);
  }, 180_000);

  afterAll(async () => {
    // Undefined when start-up failed: the failure is what the report should show, not this.
    await Promise.all([(two as NestFastifyApplication | undefined)?.close(), three?.close()]);
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('breaches an unacknowledged P1 once, across two instances with one killed and replaced mid-way', async () => {
    const incident = 'INC-2026-900001';
    await one.get(AuditTrail).record([created(incident, 'so-a')]);
    // The clock runs in Redis: the instance that saw the change dies, a new one takes its place.
    await eventually(
      async () =>
        (await one.get<Queue>(getQueueToken(SLA_TIMERS_QUEUE)).getJobCounts('delayed')).delayed >= 2,
    );
    await kill(one);
    three = await startInstance(webhookPort);

    const breached = await eventually(
      async () => {
        const entries = (await auditActions(two, 'incident', incident)).filter(
          (entry) => entry.action === 'sla-breached',
        );
        return entries.length > 0 ? entries : false;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const queue = two.get<Queue>(getQueueToken(SLA_TIMERS_QUEUE));
    const sla = breached[0]?.after?.sla as Record<string, string | undefined>;
    expect(sla).toMatchObject({ stage: 'breach', kind: 'acknowledge', priority: 'P1', team: 'soc-analysts' });
    // Both remaining instances had the chance to run the timer; it ran once.
    const job = await queue.getJob(`${sla.deadline_id}-breach`);
    await eventually(async () => (await job?.isCompleted()) === true);
    const entries = await eventually(async () => {
      const all = await auditActions(three ?? two, 'incident', incident);
      return all.some((entry) => entry.action === 'sla-breached') ? all : false;
    });
    expect(entries.filter((entry) => entry.action === 'sla-breached')).toHaveLength(1);
    expect(entries.filter((entry) => entry.action === 'sla-warning').length).toBeLessThanOrEqual(1);
    const breach = entries.find((entry) => entry.action === 'sla-breached');
    expect(breach?.actor).toEqual({ id: 'service:incidents', name: 'incidents', roles: ['service'] });
    // Not early: at or after the due time.
    expect(Date.parse(breach?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(sla.due_at ?? ''));

    // The webhook: retried after the 503, each request signed over its timestamp and body, one delivery.
    const deliveryId = `${sla.deadline_id}-webhook`;
    await eventually(() => receiver.received.some((r) => r.delivery === deliveryId && r.status === 200), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const requests = receiver.received.filter((r) => r.delivery === deliveryId);
    expect(requests.map((r) => r.status)).toEqual([503, 200]);
    for (const request of requests) {
      expect(
        verifyWebhookSignature(
          SECRET,
          { signature: request.signature, timestamp: request.timestamp },
          request.body,
        ),
      ).toBe(true);
      expect(verifyWebhookSignature('another-secret-of-enough-length', request, request.body)).toBe(false);
    }
    expect(JSON.parse(requests[1]?.body ?? '{}')).toMatchObject({
      event: 'sla-breached',
      delivery_id: deliveryId,
      breach: {
        kind: 'acknowledge',
        subject: { type: 'incident', id: incident },
        organization_id: 'so-a',
        drill: false,
      },
    });
    const log = await eventually(async () => {
      const response = await get(two, `/v1/deadlines/breaches/${sla.deadline_id ?? ''}/deliveries`, analyst);
      return (response.body.deliveries as unknown[]).length === 2 ? response : false;
    });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toMatchObject([
      {
        delivery_id: deliveryId,
        channel: 'webhook',
        attempt: 1,
        outcome: 'failed',
        detail: 'Error: webhook answered 503',
      },
      { delivery_id: deliveryId, channel: 'webhook', attempt: 2, outcome: 'delivered', detail: '200' },
    ]);
    // Another agency's officer learns nothing of it.
    const other = await get(
      two,
      `/v1/deadlines/breaches/${sla.deadline_id ?? ''}/deliveries`,
      officerOf('so-b'),
    );
    expect(other.body).toEqual({ deliveries: [] });
    expect((await get(two, '/v1/deadlines/breaches/not-an-id/deliveries', analyst)).body).toMatchObject({
      field: 'deadlineId',
    });
  });

  it('breaches once when the instance running the breach dies in the middle of it', async () => {
    const incident = 'INC-2026-900003';
    const survivors = [two, three].flatMap((app) =>
      app === undefined ? [] : [app.get(DeadlineTimerProcessor).worker],
    );
    // Only the victim may take the timer: the others wait until it is dead.
    await Promise.all(survivors.map((worker) => worker.pause(true)));
    const victim = await startInstance(webhookPort, { hangOnBreach: true });
    try {
      // Its own agency, so the figures the later tests check are not moved by it.
      await victim.get(AuditTrail).record([created(incident, 'so-c')]);
      const queue = victim.get<Queue>(getQueueToken(SLA_TIMERS_QUEUE));
      await eventually(
        async () => {
          const active = await queue.getActive();
          return (
            active.find(
              (job) =>
                job.name === 'breach' &&
                (job.data as { deadline: Deadline }).deadline.subject.id === incident,
            ) ?? false
          );
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      await kill(victim);
    } finally {
      await Promise.all(survivors.map((worker) => worker.resume()));
    }
    // The dead instance's lock runs out; a survivor takes the stalled timer and escalates once.
    const entries = await eventually(
      async () => {
        const all = await auditActions(two, 'incident', incident);
        return all.some((entry) => entry.action === 'sla-breached') ? all : false;
      },
      { timeoutMs: 150_000, intervalMs: 500 },
    );
    const queue = two.get<Queue>(getQueueToken(SLA_TIMERS_QUEUE));
    const breachId = (
      entries.find((entry) => entry.action === 'sla-breached')?.after?.sla as { deadline_id: string }
    ).deadline_id;
    await eventually(async () => (await (await queue.getJob(`${breachId}-breach`))?.isCompleted()) === true, {
      timeoutMs: 30_000,
    });
    const settled = await auditActions(two, 'incident', incident);
    expect(settled.filter((entry) => entry.action === 'sla-breached')).toHaveLength(1);
    const report = await eventually(async () => {
      const response = await get(two, '/v1/deadlines/breaches?agency=so-c', analyst);
      return response.body.total === 1 ? response : false;
    });
    expect(report.body).toMatchObject({ by_agency: [{ key: 'so-c', count: 1 }] });
  }, 240_000);

  it('removes the timers when the alert is acknowledged in time, and a late timer does nothing', async () => {
    const alert: AlertV1 = {
      ...exampleAlertV1(),
      id: 'deadlines-alert-0001',
      raised_at: new Date().toISOString(),
      organization: { id: 'so-b' },
      rule: { ...exampleAlertV1().rule, level: 'high' },
    };
    await two.get(Publisher).publish(Topics.AlertsV1, alert);
    const queue = two.get<Queue>(getQueueToken(SLA_TIMERS_QUEUE));
    const breachJob = await eventually(
      async () => {
        const delayed = await queue.getDelayed();
        return (
          delayed.find(
            (job) =>
              (job.data as { deadline: { subject: { id: string } } }).deadline.subject.id === alert.id &&
              job.name === 'breach',
          ) ?? false
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const deadlineId = (breachJob.data as { deadline: { id: string; dueAt: string } }).deadline.id;
    await two.get(AuditTrail).record([
      {
        subject: { type: 'alert', id: alert.id },
        organizationId: 'so-b',
        actor: analystActor,
        action: 'acknowledged',
        before: { state: 'new', assignee_id: null },
        after: { state: 'acknowledged', assignee_id: null },
      },
    ]);
    await eventually(
      async () =>
        (await queue.getJob(`${deadlineId}-breach`)) === undefined &&
        (await queue.getJob(`${deadlineId}-warning`)) === undefined,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // A timer that fired anyway (removed too late, already running) checks first and does nothing.
    const deadline = (breachJob.data as { deadline: Deadline }).deadline;
    expect(
      await two
        .get(FireDeadlineUseCase)
        .execute('breach', deadline, new Date(Date.parse(deadline.dueAt) + 1)),
    ).toBe('not-running');
    const chain = await auditActions(two, 'alert', alert.id);
    expect(chain.map((entry) => entry.action)).toEqual(['acknowledged']);
  });

  it('times drills too, but leaves their breaches out of the real figures unless asked', async () => {
    const incident = 'INC-2026-900002';
    await two.get(AuditTrail).record([created(incident, 'so-b', { drillRunId: 'run-deadlines-1' })]);
    await eventually(
      async () =>
        (await auditActions(two, 'incident', incident)).some((entry) => entry.action === 'sla-breached'),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const drillEntry = (await auditActions(two, 'incident', incident)).find(
      (entry) => entry.action === 'sla-breached',
    );
    expect(drillEntry?.drill_run_id).toBe('run-deadlines-1');

    const real = await eventually(async () => {
      const response = await get(two, '/v1/deadlines/breaches?agency=so-a,so-b', analyst);
      return response.body.total === 1 ? response : false;
    });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({
      total: 1,
      by_agency: [{ key: 'so-a', count: 1 }],
      by_priority: [{ key: 'P1', count: 1 }],
      by_kind: [{ key: 'acknowledge', count: 1 }],
      by_team: [{ key: 'soc-analysts', count: 1 }],
    });
    expect((real.body.by_period as unknown[]).length).toBe(1);
    const drills = await get(two, '/v1/deadlines/breaches?drill=only&agency=so-a,so-b', analyst);
    expect(drills.body).toMatchObject({
      total: 1,
      breaches: [
        { subject: { type: 'incident', id: incident }, drill: true, drill_run_id: 'run-deadlines-1' },
      ],
    });
    expect(
      (await get(two, '/v1/deadlines/breaches?drill=include&agency=so-a,so-b', analyst)).body.total,
    ).toBe(2);
  });

  it('reports breaches only within the caller agency scope, and names a bad parameter', async () => {
    const officerA = await get(two, '/v1/deadlines/breaches?drill=include', officerOf('so-a'));
    expect(officerA.status).toBe(200);
    expect(officerA.body).toMatchObject({ total: 1, by_agency: [{ key: 'so-a', count: 1 }] });
    expect(
      (officerA.body.breaches as { organization_id: string }[]).every((b) => b.organization_id === 'so-a'),
    ).toBe(true);
    // Asking for another agency's breaches gives nothing, not an error that tells them apart.
    const asked = await get(two, '/v1/deadlines/breaches?drill=include&agency=so-b', officerOf('so-a'));
    expect(asked.body).toMatchObject({ total: 0, by_agency: [], breaches: [] });
    const officerB = await get(two, '/v1/deadlines/breaches?drill=include', officerOf('so-b'));
    expect(officerB.body).toMatchObject({ total: 1, by_agency: [{ key: 'so-b', count: 1 }] });

    const bad = await get(two, '/v1/deadlines/breaches?priority=P9', analyst);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('priority');
    const backwards = await get(
      two,
      '/v1/deadlines/breaches?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
      analyst,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ field: 'to' });
  });
});

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AccessTokenSigner,
  agencyScopeOf,
  ALL_AGENCIES,
  AuthModule,
  readPrivateKey,
  type Principal,
} from '@vigil/auth';
import { loadConfig } from '@vigil/config';
import { Topics } from '@vigil/contracts';
import { serviceInfrastructure } from '@vigil/observability';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient } from '@vigil/search';
import { eventually, testNamespace, topicCollector, type TopicCollector } from '@vigil/testing';
import type { IncidentChangeV1 } from '@vigil/contracts';
import { authKeyFiles } from '../../../ingestion/src/identity/test/auth-key-files';
import { incidentsConfigSpec } from '../config';
import { AuditLog } from './application/audit-log';
import { AuditTrail, type AuditChange } from './application/audit-trail';
import { AuditModule, auditIndexTemplate } from './audit.module';
import { GENESIS_HASH, sealed, type StoredAuditEntry } from './domain/audit-chain';
import { AuditRelayScheduler } from './infrastructure/audit-relay.scheduler';
import { auditIndexName } from './infrastructure/elasticsearch-audit.log';

// The audit trail against real Elasticsearch, Redis and Kafka, with two instances appending to one
// chain at once: every change gets its own position, the chain verifies, Kafka receives every
// entry; an entry edited in Elasticsearch is named by the verification; an entry stored but never
// published is relayed; a chain outside the caller's scope does not exist for them.

const namespace = testNamespace('audit');
const keys = authKeyFiles();
const signer = new AccessTokenSigner(readPrivateKey(keys.VIGIL_AUTH_PRIVATE_KEY_FILE));

async function startInstance(): Promise<NestFastifyApplication> {
  const config = loadConfig(incidentsConfigSpec, {
    ...process.env,
    ...keys,
    VIGIL_NAMESPACE: namespace,
    VIGIL_LOG_LEVEL: 'error',
  });
  @Module({
    imports: [
      ...serviceInfrastructure({ service: 'incidents', config, templates: [auditIndexTemplate(namespace)] }),
      AuthModule.forRoot({ config }),
      AuditModule.forRoot({ namespace, relayIntervalMs: 3_600_000 }),
    ],
  })
  class AuditTestModule {}
  const app = await NestFactory.create<NestFastifyApplication>(AuditTestModule, new FastifyAdapter(), {
    logger: ['error'],
  });
  await app.init();
  await eventually(
    async () =>
      (await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' }))
        .statusCode === 200,
    { timeoutMs: 60_000 },
  );
  return app;
}

const analyst: Principal = {
  id: 'u-analyst',
  name: 'Trần Thị Bình',
  roles: ['analyst'],
  scope: ALL_AGENCIES,
  method: 'access-token',
};
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

const change = (incident: string, n: number, organizationId = 'so-a'): AuditChange => ({
  subject: { type: 'incident', id: incident },
  incidentId: incident,
  organizationId,
  actor: { id: analyst.id, name: analyst.name, roles: ['analyst'] },
  action: 'commented',
  reason: `note ${n}`,
  after: { comment: `Ghi chú số ${n}` },
});

describe('audit trail', () => {
  let one: NestFastifyApplication;
  let two: NestFastifyApplication;
  let changes: TopicCollector<IncidentChangeV1>;
  let es: ElasticsearchClient;

  beforeAll(async () => {
    [one, two] = await Promise.all([startInstance(), startInstance()]);
    es = one.get<ElasticsearchClient>(ELASTICSEARCH_CLIENT);
    changes = topicCollector(namespace, Topics.IncidentsV1);
    await changes.start();
  }, 120_000);

  afterAll(async () => {
    await changes.stop();
    await Promise.all([one.close(), two.close()]);
  });

  it('gives every change of two racing instances its own position, and the chain verifies', async () => {
    const incident = 'INC-2026-000101';
    const [trailOne, trailTwo] = [one.get(AuditTrail), two.get(AuditTrail)];
    const recorded = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? trailOne : trailTwo).record([change(incident, n)])),
    );
    const seqs = recorded.flat().map((entry) => entry.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));

    const verdict = await get(two, `/v1/audit/incident/${incident}/verify`, analyst);
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ valid: true, checked: 20, headSeq: 20 });

    const listed = await get(one, `/v1/audit/incident/${incident}`, analyst);
    const entries = listed.body.entries as StoredAuditEntry[];
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    expect(entries.map((entry) => entry.reason).sort()).toEqual(
      Array.from({ length: 20 }, (_, n) => `note ${n}`).sort(),
    );

    await eventually(() => changes.messages.filter((m) => m.subject.id === incident).length === 20, {
      timeoutMs: 30_000,
    });
    const published = changes.messages.filter((m) => m.subject.id === incident);
    expect(new Set(published.map((m) => m.chain.hash))).toEqual(new Set(entries.map((entry) => entry.hash)));
    expect(published.every((m) => m.actor.name === analyst.name && m.organization_id === 'so-a')).toBe(true);
  });

  it('names the entry that was edited in Elasticsearch', async () => {
    const incident = 'INC-2026-000102';
    const trail = one.get(AuditTrail);
    for (let n = 0; n < 5; n++) await trail.record([change(incident, n)]);
    expect((await get(one, `/v1/audit/incident/${incident}/verify`, analyst)).body).toMatchObject({
      valid: true,
    });

    const [third] = (await get(one, `/v1/audit/incident/${incident}`, analyst)).body
      .entries as StoredAuditEntry[];
    expect(third).toBeDefined();
    await es.update({
      index: auditIndexName(namespace),
      id: `incident:${incident}#0000000003`,
      doc: { reason: 'nothing happened here' },
      refresh: true,
    });
    const verdict = await get(one, `/v1/audit/incident/${incident}/verify`, analyst);
    expect(verdict.body).toMatchObject({
      valid: false,
      firstBroken: { seq: 3, reason: 'content-altered' },
    });
  });

  it('relays entries that were stored but never reached Kafka', async () => {
    const incident = 'INC-2026-000103';
    // What a crash between the two writes leaves: the entry in Elasticsearch, nothing in Kafka.
    const entry = sealed({
      change_id: `relay-${namespace}`,
      chain: `incident:${incident}`,
      seq: 1,
      at: new Date(Date.now() - 60_000).toISOString(),
      subject: { type: 'incident', id: incident },
      incident_id: incident,
      organization_id: 'so-a',
      actor: { id: analyst.id, name: analyst.name, roles: ['analyst'] },
      action: 'created',
      prev_hash: GENESIS_HASH,
    });
    await expect(one.get(AuditLog).create(entry)).resolves.toEqual({ created: true });
    await es.indices.refresh({ index: auditIndexName(namespace) });

    expect(await two.get(AuditRelayScheduler).tick()).toBeGreaterThanOrEqual(1);
    await eventually(() => changes.messages.some((m) => m.change_id === entry.change_id), {
      timeoutMs: 30_000,
    });
    const stored = await es.get<StoredAuditEntry>({
      index: auditIndexName(namespace),
      id: `incident:${incident}#0000000001`,
    });
    expect(stored._source?.published_at).toBeDefined();

    // The next change continues the relayed entry's chain.
    const [next] = await one.get(AuditTrail).record([change(incident, 1)]);
    expect(next).toMatchObject({ seq: 2, prevHash: entry.hash });
  });

  it("shows a chain only within the caller's agency scope", async () => {
    const incident = 'INC-2026-000104';
    await one.get(AuditTrail).record([change(incident, 0, 'so-a')]);
    const soc = 'alert-cross-agency-0104';
    await one
      .get(AuditTrail)
      .record([{ ...change(soc, 0, '*'), subject: { type: 'alert', id: soc }, incidentId: undefined }]);

    expect((await get(one, `/v1/audit/incident/${incident}`, officerOf('so-a'))).status).toBe(200);
    expect((await get(one, `/v1/audit/incident/${incident}`, officerOf('so-b'))).status).toBe(404);
    expect((await get(one, `/v1/audit/incident/${incident}/verify`, officerOf('so-b'))).status).toBe(404);
    expect((await get(one, `/v1/audit/alert/${soc}`, officerOf('so-a'))).status).toBe(404);
    expect((await get(one, `/v1/audit/alert/${soc}`, analyst)).status).toBe(200);
    expect((await get(one, `/v1/audit/case/${incident}`, analyst)).status).toBe(400);
  });
});

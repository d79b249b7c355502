import { exampleAlertV1, type AlertV1 } from '@vigil/contracts';
import { eventually, testNamespace } from '@vigil/testing';
import { compactVerify } from 'jose';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIncidents, type Caller, type IncidentsTestApp } from '../incidents/test/incidents-test-app';

// The national link (layer 4) against a real HTTPS receiver: the report reaches it signed (the
// detached JWS verifies with the SOC's public key), after a retry through an outage, with its
// indicators within the TLP limit; the centre's acknowledgement is recorded and, as configured,
// is what attaches the final report to the incident. A drill's report is refused.
const dir = mkdtempSync(join(tmpdir(), 'vigil-national-'));
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'server.key'),
    '-out',
    join(dir, 'server.crt'),
  ],
  { stdio: 'ignore' },
);
const signing = generateKeyPairSync('ed25519');
writeFileSync(join(dir, 'signing.key'), signing.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
  mode: 0o600,
});

interface Received {
  body: string;
  signature: string;
}
const received: Received[] = [];
let failuresLeft = 1;
let receiver: Server;
let incidents: IncidentsTestApp;
let responder: Caller;
let liaison: Caller;
let staffA: Caller;
let analyst: Caller;

type Json = Record<string, unknown>;
const json = (response: { json: () => unknown }): Json => response.json() as Json;

beforeAll(async () => {
  receiver = createServer(
    { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.crt')) },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          response.writeHead(503).end();
          return;
        }
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(request.headers['x-jws-signature']),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ acknowledged: true, reference: `VNCERT-${received.length}` }));
      });
    },
  );
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  incidents = await startIncidents(testNamespace('national'), {
    VIGIL_NATIONAL_EXPORT_URL: `https://127.0.0.1:${port}/reports`,
    VIGIL_NATIONAL_EXPORT_KEY_FILE: join(dir, 'signing.key'),
    VIGIL_NATIONAL_EXPORT_KEY_ID: 'soc-test',
    VIGIL_NATIONAL_EXPORT_CA_FILE: join(dir, 'server.crt'),
    VIGIL_NATIONAL_EXPORT_REQUIRE_ACK: 'true',
    VIGIL_NATIONAL_EXPORT_BACKOFF_MS: '300',
    VIGIL_EXPORT_MAX_TLP: 'amber',
  });
  responder = await incidents.person('responder-n', ['responder']);
  analyst = await incidents.person('analyst-n', ['analyst']);
  liaison = await incidents.person('liaison-n', ['national-liaison']);
  staffA = await incidents.person('staff-n-a', ['agency'], { kind: 'agencies', agencies: ['so-a'] });
}, 120_000);

afterAll(async () => {
  await incidents.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const FINAL = {
  kind: 'final',
  impact: 'Không',
  actions: 'Chặn nguồn tấn công',
  cause: 'Mật khẩu yếu',
  damage: 'Không',
  remediation: 'Xác thực hai lớp',
  lessons: 'Rà soát định kỳ',
};

describe('national export', () => {
  it('delivers a signed report with indicators within the TLP limit, retrying, and records the acknowledgement', async () => {
    const created = json(
      await incidents.request(staffA, 'POST', '/v1/incidents/reports', {
        title: 'Tấn công dò mật khẩu',
        description: '',
      }),
    );
    const id = String(created.id);
    const updated = await incidents.request(responder, 'PATCH', `/v1/incidents/${id}`, {
      version: created.version,
      add_observables: [
        { type: 'ip', value: '198.51.100.23', tlp: 'amber' },
        { type: 'domain', value: 'secret-c2.example', tlp: 'red' },
      ],
    });
    expect(updated.statusCode).toBe(200);
    expect(
      (await incidents.request(responder, 'POST', `/v1/incidents/${id}/reports`, FINAL)).statusCode,
    ).toBe(201);
    // Acknowledgement required: the final report is not attached to the incident yet.
    expect(
      JSON.stringify(json(await incidents.request(responder, 'GET', `/v1/incidents/${id}`))),
    ).not.toContain(`${id}.final.1`);

    expect((await incidents.request(responder, 'POST', `/v1/reports/${id}.final.1/send`)).statusCode).toBe(
      403,
    );
    const queued = await incidents.request(liaison, 'POST', `/v1/reports/${id}.final.1/send`);
    expect(queued.statusCode).toBe(202);
    expect(json(queued)).toMatchObject({ status: 'queued' });

    const delivery = await eventually(
      async () => {
        const state = json(await incidents.request(liaison, 'GET', `/v1/reports/${id}.final.1/delivery`));
        if (state.status !== 'delivered') throw new Error(`not delivered yet: ${JSON.stringify(state)}`);
        return state;
      },
      { timeoutMs: 60_000 },
    );
    expect(delivery).toMatchObject({ acknowledged: { reference: 'VNCERT-1' } });
    expect((delivery.attempts as Json[]).map((attempt) => attempt.outcome)).toEqual(['retry', 'delivered']);

    const [sent] = received;
    expect(sent).toBeDefined();
    const [header, , signature] = sent.signature.split('.');
    const verified = await compactVerify(
      `${header}.${Buffer.from(sent.body).toString('base64url')}.${signature}`,
      signing.publicKey,
    );
    expect(verified.protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'soc-test' });
    const document = JSON.parse(sent.body) as {
      report: Json;
      indicators: { objects: { pattern?: string }[] };
    };
    expect(document.report).toMatchObject({ id: `${id}.final.1`, kind: 'final' });
    const patterns = document.indicators.objects.flatMap((object) =>
      object.pattern ? [object.pattern] : [],
    );
    expect(patterns).toEqual(["[ipv4-addr:value = '198.51.100.23']"]);
    expect(sent.body).not.toContain('secret-c2.example');
    // A body altered on the way no longer verifies.
    await expect(
      compactVerify(
        `${header}.${Buffer.from(sent.body.replace('Mật khẩu yếu', 'x')).toString('base64url')}.${signature}`,
        signing.publicKey,
      ),
    ).rejects.toThrow();

    await eventually(
      async () =>
        JSON.stringify(json(await incidents.request(responder, 'GET', `/v1/incidents/${id}`))).includes(
          `${id}.final.1`,
        ),
      { timeoutMs: 20_000 },
    );
    const actions = (
      json(await incidents.request(responder, 'GET', `/v1/audit/incident/${id}`)).entries as Json[]
    ).map((entry) => entry.action);
    expect(actions).toContain('report-acknowledged');
    // What the deadlines watch for: a report of a kind left for the national centre.
    const sentEntry = (
      json(await incidents.request(responder, 'GET', `/v1/audit/incident/${id}`)).entries as Json[]
    ).find((entry) => entry.action === 'report-sent');
    expect(sentEntry?.after).toEqual({ kind: 'final', report_id: `${id}.final.1` });

    // Sending again does not send twice.
    expect(json(await incidents.request(liaison, 'POST', `/v1/reports/${id}.final.1/send`))).toMatchObject({
      status: 'delivered',
    });
    expect(received).toHaveLength(1);
  }, 120_000);

  it("refuses a drill's report", async () => {
    const alert: AlertV1 = {
      ...exampleAlertV1(),
      id: `${incidents.namespace}-drill-alert`,
      organization: { id: 'so-a' },
      agencies: ['so-a'],
      group_key: `drill|${incidents.namespace}`,
      drill: { run_id: 'run-42' },
    };
    await incidents.publishAlerts([alert]);
    await eventually(
      async () =>
        (await incidents.request(analyst, 'GET', `/v1/queue/alerts/${alert.id}`)).statusCode === 200,
      { timeoutMs: 30_000 },
    );
    const escalated = await incidents.request(analyst, 'POST', '/v1/incidents/escalations', {
      alert_ids: [alert.id],
      title: 'Diễn tập',
    });
    expect(escalated.statusCode).toBe(201);
    const id = String(json(escalated).id);
    expect(
      (await incidents.request(responder, 'POST', `/v1/incidents/${id}/reports`, FINAL)).statusCode,
    ).toBe(201);
    const refused = await incidents.request(liaison, 'POST', `/v1/reports/${id}.final.1/send`);
    expect(refused.statusCode).toBe(422);
    expect(json(refused)).toMatchObject({ error: 'drill_not_exported' });
    expect((await incidents.request(responder, 'GET', `/v1/incidents/${id}/stix`)).statusCode).toBe(422);
  }, 120_000);
});

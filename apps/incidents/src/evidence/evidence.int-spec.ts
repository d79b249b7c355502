import { eventually, testNamespace } from '@vigil/testing';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIncidents, type Caller, type IncidentsTestApp } from '../incidents/test/incidents-test-app';

// Evidence against the running incidents app (real Elasticsearch, Redis, Kafka and a real
// directory): stored by SHA-256, size-limited, custody from the audit trail, downloads re-verified,
// other agencies kept out.
const evidenceDir = mkdtempSync(join(tmpdir(), 'vigil-evidence-'));
const MAX_BYTES = 256 * 1024;
let incidents: IncidentsTestApp;
let responder: Caller;
let staffA: Caller;
let staffB: Caller;

type Json = Record<string, unknown>;
const json = (response: { json: () => unknown }): Json => response.json() as Json;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  incidents = await startIncidents(testNamespace('evidence'), {
    VIGIL_EVIDENCE_DIR: evidenceDir,
    VIGIL_EVIDENCE_MAX_BYTES: String(MAX_BYTES),
  });
  responder = await incidents.person('responder-e', ['responder']);
  staffA = await incidents.person('staff-e-a', ['agency'], { kind: 'agencies', agencies: ['so-a'] });
  staffB = await incidents.person('staff-e-b', ['agency'], { kind: 'agencies', agencies: ['so-b'] });
}, 120_000);

afterAll(async () => {
  await incidents.close();
});

async function upload(caller: Caller, incidentId: string, bytes: Buffer, query = '') {
  return incidents.app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'POST',
      url: `/v1/incidents/${incidentId}/evidence${query}`,
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
}

describe('evidence', () => {
  it('is stored by hash, re-verified on download, with its custody in the audit trail', async () => {
    const incident = json(
      await incidents.request(staffA, 'POST', '/v1/incidents/reports', {
        title: 'Máy chủ thư bị nhiễm mã độc',
        description: 'Phát hiện tệp lạ',
        category: 'malware-ransomware',
      }),
    );
    const id = String(incident.id);
    const capture = randomBytes(100 * 1024);

    const added = await upload(
      staffA,
      id,
      capture,
      '?file_name=../../etc/capture%0A.pcap&media_type=application/vnd.tcpdump.pcap',
    );
    expect(added.statusCode).toBe(201);
    expect(json(added)).toMatchObject({
      sha256: sha256(capture),
      size: capture.length,
      file_name: 'capture_.pcap',
      media_type: 'application/vnd.tcpdump.pcap',
      created: true,
    });
    expect(json(await upload(responder, id, capture))).toMatchObject({ created: false });

    const download = await incidents.request(
      responder,
      'GET',
      `/v1/incidents/${id}/evidence/${sha256(capture)}`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(sha256(download.rawPayload)).toBe(sha256(capture));

    const custody = await eventually(
      async () => {
        const entries = json(
          await incidents.request(
            responder,
            'GET',
            `/v1/incidents/${id}/evidence/${sha256(capture)}/custody`,
          ),
        ) as unknown as Json[];
        return entries.length === 2 ? entries : false;
      },
      { timeoutMs: 20_000 },
    );
    expect(custody.map((entry) => entry.action)).toEqual(['evidence-added', 'evidence-downloaded']);
    expect(custody.map((entry) => (entry.by as Json).id)).toEqual(['staff-e-a', 'responder-e']);

    // Someone alters the stored file: the download refuses, and says so in the custody.
    const stored = join(evidenceDir, sha256(capture).slice(0, 2), sha256(capture));
    chmodSync(stored, 0o640);
    writeFileSync(stored, Buffer.concat([capture.subarray(0, 1000), Buffer.from('tampered')]));
    const refused = await incidents.request(
      responder,
      'GET',
      `/v1/incidents/${id}/evidence/${sha256(capture)}`,
    );
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ error: 'evidence_integrity_failed' });
    const actions = (
      json(await incidents.request(responder, 'GET', `/v1/audit/incident/${id}`)).entries as Json[]
    ).map((entry) => entry.action);
    expect(actions).toContain('evidence-integrity-failed');
    expect(json(await incidents.request(responder, 'GET', `/v1/audit/incident/${id}/verify`))).toMatchObject({
      valid: true,
    });
  }, 120_000);

  it('refuses a file over the limit, keeping nothing, and keeps other agencies out', async () => {
    const incident = json(
      await incidents.request(staffA, 'POST', '/v1/incidents/reports', {
        title: 'Lộ lọt dữ liệu',
        description: '',
      }),
    );
    const id = String(incident.id);
    const tooLarge = await upload(responder, id, randomBytes(MAX_BYTES + 1));
    expect(tooLarge.statusCode).toBe(413);
    expect(json(tooLarge)).toMatchObject({ error: 'evidence_too_large', max_bytes: MAX_BYTES });
    expect(json(await incidents.request(responder, 'GET', `/v1/incidents/${id}/evidence`))).toEqual([]);

    const file = randomBytes(1024);
    expect((await upload(responder, id, file)).statusCode).toBe(201);
    expect((await upload(staffB, id, file)).statusCode).toBe(404);
    expect(
      (await incidents.request(staffB, 'GET', `/v1/incidents/${id}/evidence/${sha256(file)}`)).statusCode,
    ).toBe(404);
    expect(
      (await incidents.request(staffB, 'GET', `/v1/incidents/${id}/evidence/${sha256(file)}/custody`))
        .statusCode,
    ).toBe(404);
    expect((await incidents.request(staffB, 'GET', `/v1/incidents/${id}/evidence`)).statusCode).toBe(404);
    expect(
      (await incidents.request(responder, 'GET', `/v1/incidents/${id}/evidence/not-a-hash`)).statusCode,
    ).toBe(400);
    const json400 = await incidents.request(responder, 'POST', `/v1/incidents/${id}/evidence`, { a: 1 });
    expect(json400.statusCode).toBe(400);
  }, 120_000);
});

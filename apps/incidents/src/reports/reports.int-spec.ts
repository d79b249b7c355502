import { eventually, testNamespace } from '@vigil/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIncidents, type Caller, type IncidentsTestApp } from '../incidents/test/incidents-test-app';

// Reports against the running incidents app (real Kafka, Elasticsearch, Redis and Debian's
// Chromium): written from the incident's facts, attached to the incident, printed to a PDF whose
// text is Vietnamese as written, read only within agency scope.
let incidents: IncidentsTestApp;
let responder: Caller;
let staffA: Caller;
let staffB: Caller;
let assessorB: Caller;

type Json = Record<string, unknown>;
const json = (response: { json: () => unknown }): Json => response.json() as Json;

beforeAll(async () => {
  incidents = await startIncidents(testNamespace('reports'));
  responder = await incidents.person('responder-r', ['responder']);
  staffA = await incidents.person('staff-r-a', ['agency'], { kind: 'agencies', agencies: ['so-a'] });
  staffB = await incidents.person('staff-r-b', ['agency'], { kind: 'agencies', agencies: ['so-b'] });
  assessorB = await incidents.person('assessor-r-b', ['assessor'], { kind: 'agencies', agencies: ['so-b'] });
  await incidents.publishDirectory([
    {
      kind: 'agency',
      id: 'so-a',
      agency_id: 'so-a',
      version: 1,
      record: { name: 'Sở Nội vụ tỉnh Thử nghiệm' },
      changed_at: '2026-12-01T00:00:00.000Z',
    },
    {
      kind: 'system',
      id: 'so-a/portal',
      agency_id: 'so-a',
      version: 1,
      record: { name: 'Cổng dịch vụ công', securityLevel: 3, owner: 'Sở Nội vụ', operator: 'Trung tâm CNTT' },
      changed_at: '2026-12-01T00:00:00.000Z',
    },
  ]);
}, 120_000);

afterAll(async () => {
  await incidents.close();
});

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-report-'));
  writeFileSync(join(dir, 'report.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
}

describe('incident reports', () => {
  it('export indicators as STIX 2.1 within the TLP limit', async () => {
    const reported = await eventually(
      async () => {
        const response = await incidents.request(staffA, 'POST', '/v1/incidents/reports', {
          title: 'Mã độc trên máy chủ thư',
          description: 'Tệp đính kèm độc hại',
          category: 'malware-ransomware',
        });
        return response.statusCode === 201 ? json(response) : false;
      },
      { timeoutMs: 30_000 },
    );
    const id = String(reported.id);
    const updated = await incidents.request(responder, 'PATCH', `/v1/incidents/${id}`, {
      version: reported.version,
      add_observables: [
        { type: 'ip', value: '203.0.113.9', tlp: 'green' },
        { type: 'domain', value: 'mail-update.example', tlp: 'amber' },
        { type: 'hash', value: 'a'.repeat(64), tlp: 'red' },
      ],
    });
    expect(updated.statusCode).toBe(200);
    const stix = await incidents.request(responder, 'GET', `/v1/incidents/${id}/stix`);
    expect(stix.statusCode).toBe(200);
    expect(stix.headers['x-vigil-indicators-withheld']).toBe('1');
    const bundle = stix.json<{ type: string; objects: { type: string; pattern?: string }[] }>();
    expect(bundle.type).toBe('bundle');
    const patterns = bundle.objects.flatMap((object) => (object.pattern ? [object.pattern] : []));
    expect(patterns.sort()).toEqual([
      "[domain-name:value = 'mail-update.example']",
      "[ipv4-addr:value = '203.0.113.9']",
    ]);
    expect(JSON.stringify(bundle)).not.toContain('a'.repeat(64));
    expect((await incidents.request(assessorB, 'GET', `/v1/incidents/${id}/stix`)).statusCode).toBe(404);
  }, 120_000);

  it('are written from the incident, attached to it, and printed in Vietnamese and English', async () => {
    const reported = await eventually(
      async () => {
        const response = await incidents.request(staffA, 'POST', '/v1/incidents/reports', {
          title: 'Dò mật khẩu SSH vào cổng dịch vụ công',
          description: 'Hơn 500 lần đăng nhập thất bại từ 203.0.113.7 trong 10 phút.',
          category: 'intrusion',
          system_ids: ['so-a/portal'],
          impacts: ['blocked-attempt'],
          detected_at: '2026-12-06T01:05:00.000Z',
        });
        return response.statusCode === 201 ? json(response) : false;
      },
      { timeoutMs: 30_000 },
    );
    const id = String(reported.id);

    const incomplete = await incidents.request(responder, 'POST', `/v1/incidents/${id}/reports`, {
      kind: 'final',
    });
    expect(incomplete.statusCode).toBe(422);
    expect(json(incomplete)).toMatchObject({ error: 'report_incomplete' });
    expect((json(incomplete).missing as string[]).sort()).toEqual(
      ['actions', 'cause', 'damage', 'impact', 'lessons', 'remediation'].sort(),
    );

    const initial = await incidents.request(responder, 'POST', `/v1/incidents/${id}/reports`, {
      kind: 'initial',
      detection_source: 'Giám sát của SOC',
      impact: 'Chưa gián đoạn dịch vụ',
      actions: 'Chặn địa chỉ nguồn trên tường lửa',
    });
    expect(initial.statusCode).toBe(201);
    expect(json(initial)).toMatchObject({
      id: `${id}.initial.1`,
      kind: 'initial',
      incident: { systems: [{ name: 'Cổng dịch vụ công', owner: 'Sở Nội vụ', operator: 'Trung tâm CNTT' }] },
    });

    const final = await incidents.request(responder, 'POST', `/v1/incidents/${id}/reports`, {
      kind: 'final',
      impact: 'Không có thiệt hại về dữ liệu',
      actions: 'Chặn nguồn, đổi mật khẩu, bật xác thực hai lớp',
      cause: 'Mật khẩu quản trị yếu, SSH mở ra Internet',
      damage: 'Không',
      remediation: 'Chỉ cho SSH qua VPN',
      lessons: 'Rà soát cấu hình dịch vụ quản trị hằng quý',
    });
    expect(final.statusCode).toBe(201);
    expect((json(final).timeline as Json[]).map((entry) => entry.action)).toContain('report-written');

    const incident = json(await incidents.request(responder, 'GET', `/v1/incidents/${id}`));
    expect(JSON.stringify(incident)).toContain(`${id}.final.1`);
    expect(JSON.stringify(incident)).toContain('Mật khẩu quản trị yếu');

    const pdf = await incidents.request(responder, 'GET', `/v1/reports/${id}.final.1/document`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const vietnamese = pdfText(pdf.rawPayload);
    expect(vietnamese).toContain('BÁO CÁO KẾT THÚC ỨNG CỨU SỰ CỐ');
    expect(vietnamese).toContain('Dò mật khẩu SSH vào cổng dịch vụ công');
    expect(vietnamese).toContain('Rà soát cấu hình dịch vụ quản trị hằng quý');
    // Detected 01:05 UTC = 08:05 in Hanoi.
    expect(vietnamese).toContain('08:05');

    const english = await incidents.request(responder, 'GET', `/v1/reports/${id}.final.1/document?lang=en`);
    expect(pdfText(english.rawPayload)).toContain('FINAL CYBERSECURITY INCIDENT RESPONSE REPORT');
    const html = await incidents.request(
      responder,
      'GET',
      `/v1/reports/${id}.initial.1/document?format=html`,
    );
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('BÁO CÁO BAN ĐẦU');
    expect(html.body).toContain('Sở Nội vụ tỉnh Thử nghiệm (so-a)');

    expect(
      (
        await incidents.request(staffA, 'POST', `/v1/incidents/${id}/reports`, {
          kind: 'progress',
          actions: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect((await incidents.request(assessorB, 'GET', `/v1/reports/${id}.final.1`)).statusCode).toBe(404);
    expect((await incidents.request(assessorB, 'GET', `/v1/reports/${id}.final.1/document`)).statusCode).toBe(
      404,
    );
    expect((await incidents.request(assessorB, 'GET', `/v1/incidents/${id}/reports`)).statusCode).toBe(404);
    expect((await incidents.request(staffB, 'GET', `/v1/reports/${id}.final.1`)).statusCode).toBe(403);
    expect(
      (await incidents.request(responder, 'GET', `/v1/reports/${id}.final.1/document?lang=fr`)).statusCode,
    ).toBe(400);
  }, 120_000);
});

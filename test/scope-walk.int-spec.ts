import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Role } from '@vigil/auth';
import { loadConfig } from '@vigil/config';
import { exampleAlertV1, Topics } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { eventually, OidcTestProvider, type OidcTestClient } from '@vigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authKeyFiles } from '../apps/ingestion/src/identity/test/auth-key-files';
import { ADMIN_TOKEN, startIngestion, type IngestionTestApp } from '../apps/ingestion/test/ingestion-app';
import { startDetection } from '../apps/detection/test/detection-app';
import { sshRule } from '../apps/detection/src/rules/test/rules-test-app';
import { drillsConfigSpec } from '../apps/drills/src/config';
import { DrillsModule } from '../apps/drills/src/drills.module';
import { incidentsConfigSpec } from '../apps/incidents/src/config';
import { IncidentsModule } from '../apps/incidents/src/incidents.module';
import {
  Method,
  Kind,
  Persona,
  suffix,
  A,
  B,
  B_NAME,
  B_SYSTEM,
  RULE_ID,
  AUDIENCE,
  FILTER_OF_B,
  SYSTEM_OF_B,
  PERSONAS,
  Service,
  paramsOf,
  Walked,
  requestOf,
  call,
  routesOf,
  startService,
  label,
  ownAccount,
} from './scope-walk.kit';

// Issue #11's acceptance: an agency user of agency A reaches nothing of agency B through any
// route of any service (read, list, search or change), with a local account and with an OIDC
// account alike; an analyst cannot manage rules; a rule author cannot delete or import rules or
// touch agencies' secrets; an assessor cannot write. Routes are taken from the running services
// (the same metadata the router and guard use), so a route added later is walked too.

describe('agency scope and roles across every route of every service', () => {
  let provider: OidcTestProvider;
  let ingestion: IngestionTestApp;
  let detection: NestFastifyApplication;
  let incidents: NestFastifyApplication;
  let drills: NestFastifyApplication;
  let ingestionService: Service;
  let detectionService: Service;
  let services: Service[];
  /** B's ids a request may name (and be refused for). */
  let idsOfB: string[];
  /** What of B must never appear in an answer to someone who may not see B, unless sent. */
  let secretsOfB: string[];
  /** A personal token of B's officer: it must still work after the walk. */
  let personalTokenOfB: string;
  let tokens: Record<Kind, Record<Persona, string>>;

  const request = (method: Method, url: string, token?: string, body?: object) =>
    ingestion.request({ method, url, body, headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** A local account made by the admin, its password set through its one-time link, logged in. */
  async function localAccount(
    name: string,
    role: Role,
    agencies?: string[],
    validUntil?: string,
  ): Promise<{ id: string; accessToken: string }> {
    const created = await ingestion.admin('POST', '/v1/users', {
      name,
      display_name: `Người dùng ${name}`,
      roles: [role],
      ...(agencies ? { scope: { agencies, ...(validUntil ? { valid_until: validUntil } : {}) } } : {}),
    });
    expect(created.statusCode).toBe(201);
    const { user, set_password_token: token } = created.json<{
      user: { id: string };
      set_password_token: string;
    }>();
    const password = `${name}-mật-khẩu-dài`;
    expect((await request('POST', '/v1/auth/set-password', undefined, { token, password })).statusCode).toBe(
      204,
    );
    const login = await request('POST', '/v1/auth/login', undefined, { name, password });
    expect(login.statusCode).toBe(200);
    return { id: user.id, accessToken: login.json<{ access_token: string }>().access_token };
  }

  beforeAll(async () => {
    const clients = Object.fromEntries(
      Object.entries(PERSONAS).map(([persona, { role, agencies, validUntil }]): [string, OidcTestClient] => [
        persona,
        {
          claims: {
            realm_access: { roles: [`vigil-${role}`] },
            name: `OIDC ${persona}`,
            ...(role === 'agency' ? { agency: agencies?.[0] } : {}),
            ...(role === 'assessor' ? { assessor_agencies: agencies, assessor_valid_until: validUntil } : {}),
          },
        },
      ]),
    );
    provider = await OidcTestProvider.start({ clients });
    const keys = authKeyFiles();
    const oidc = { VIGIL_OIDC_ISSUER: provider.issuer, VIGIL_OIDC_AUDIENCE: AUDIENCE };
    ingestion = await startIngestion('scope-walk', { ...keys, ...oidc });
    // One deployment: detection shares ingestion's namespace (personal tokens live in its Redis keys).
    detection = await startDetection(ingestion.config.namespace, {
      VIGIL_AUTH_PUBLIC_KEY_FILE: keys.VIGIL_AUTH_PUBLIC_KEY_FILE,
      VIGIL_AUTH_TOKEN_KEY_FILE: keys.VIGIL_AUTH_TOKEN_KEY_FILE,
      ...oidc,
      VIGIL_ADMIN_TOKEN: ADMIN_TOKEN,
      VIGIL_RULE_PACK_DIRS: 'none',
    });

    // Agency B's data: the agency, a system, a key, events, a rule tuned for B, B's officer and
    // the officer's personal token.
    await ingestion.createAgency(A);
    const keyOfB = await ingestion.createAgency(B, { name: B_NAME });
    expect(
      (await ingestion.admin('PUT', `/v1/agencies/${B}/systems/${B_SYSTEM}`, SYSTEM_OF_B)).statusCode,
    ).toBe(200);
    const agencyB = (await ingestion.admin('GET', `/v1/agencies/${B}`)).json<{
      api_keys: { id: string }[];
    }>();
    const keyIdOfB = agencyB.api_keys[0]?.id ?? 'no-key';
    expect(
      (
        await ingestion.request({
          method: 'POST',
          url: '/v1/events',
          headers: { 'x-api-key': keyOfB },
          body: { message: `event of ${B}` },
        })
      ).statusCode,
    ).toBeLessThan(300);
    const admin = (method: Method, url: string, payload?: string, contentType?: string) =>
      detection
        .getHttpAdapter()
        .getInstance()
        .inject({
          method,
          url,
          payload,
          headers: {
            authorization: `Bearer ${ADMIN_TOKEN}`,
            ...(contentType ? { 'content-type': contentType } : {}),
          },
        });
    expect((await admin('POST', '/v1/rules', sshRule(RULE_ID), 'application/yaml')).statusCode).toBe(201);
    const filter = JSON.stringify({ filters: [FILTER_OF_B] });
    expect(
      (await admin('PATCH', `/v1/rules/${RULE_ID}/metadata`, filter, 'application/json')).statusCode,
    ).toBe(200);
    const officerB = await localAccount(`officer-b-${suffix}`, 'agency', [B]);
    const madeToken = await request('POST', '/v1/auth/tokens', officerB.accessToken, {
      name: `automation of ${B}`,
      expires_in_days: 7,
    });
    expect(madeToken.statusCode).toBe(201);
    const { id: tokenIdOfB, token } = madeToken.json<{ id: string; token: string }>();
    personalTokenOfB = token;

    idsOfB = [B, B_SYSTEM, keyIdOfB, officerB.id, tokenIdOfB];
    secretsOfB = [...idsOfB, B_NAME, SYSTEM_OF_B.owner, keyOfB, `officer-b-${suffix}`, personalTokenOfB];
    ingestionService = {
      name: 'ingestion',
      app: ingestion.app,
      params: [
        ['/v1/users', { id: officerB.id }],
        ['/v1/auth/tokens', { id: tokenIdOfB }],
        ['/', { id: B, systemId: B_SYSTEM, keyId: keyIdOfB }],
      ],
    };
    detectionService = { name: 'detection', app: detection, params: [['/', { id: RULE_ID }]] };
    // Drills serves health and metrics only so far; its routes join the walk as they come.
    // A national link that never answers: B's report can be queued for it (a delivery of B to walk).
    const exportKeyFile = join(mkdtempSync(join(tmpdir(), 'vigil-walk-')), 'export.key.pem');
    writeFileSync(
      exportKeyFile,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const env = {
      ...process.env,
      ...keys,
      ...oidc,
      VIGIL_NATIONAL_EXPORT_URL: 'https://127.0.0.1:9/reports',
      VIGIL_NATIONAL_EXPORT_KEY_FILE: exportKeyFile,
      VIGIL_NAMESPACE: ingestion.config.namespace,
      VIGIL_LOG_LEVEL: 'error',
      VIGIL_ADMIN_TOKEN: ADMIN_TOKEN,
    };
    incidents = await startService(IncidentsModule.forRoot(loadConfig(incidentsConfigSpec, env)));
    drills = await startService(DrillsModule.forRoot(loadConfig(drillsConfigSpec, env)));

    await eventually(
      async () =>
        (await incidents.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' }))
          .statusCode === 200,
      { timeoutMs: 90_000 },
    );
    // B's incident data: an alert in the queue (and its item), an incident made of it, a report of
    // it and a piece of evidence, so every incidents route is walked with something of B to find.
    const asAdmin = (
      method: Method,
      url: string,
      payload?: string | Buffer,
      contentType = 'application/json',
    ) =>
      incidents
        .getHttpAdapter()
        .getInstance()
        .inject({
          method,
          url,
          payload,
          headers: {
            authorization: `Bearer ${ADMIN_TOKEN}`,
            ...(payload === undefined ? {} : { 'content-type': contentType }),
          },
        });
    const alertOfB = {
      ...exampleAlertV1(),
      id: `walk-alert-${suffix}`,
      organization: { id: B },
      agencies: [B],
      group_key: `walk|${B}`,
      host: { name: `portal.${B}.gov.vn` },
    };
    // Through ingestion's producer: it is connected (the walk does not wait for incidents to be ready).
    await ingestion.app.get(Publisher).publish(Topics.AlertsV1, [alertOfB]);
    const queued = await eventually(
      async () => {
        const response = await asAdmin('GET', `/v1/queue/alerts/${alertOfB.id}`);
        return response.statusCode === 200 ? response.json<{ item_id: string }>() : false;
      },
      { timeoutMs: 60_000 },
    );
    const INCIDENT_TITLE = `Sự cố bí mật của ${suffix}`;
    const escalated = await asAdmin(
      'POST',
      '/v1/incidents/escalations',
      JSON.stringify({ alert_ids: [alertOfB.id], title: INCIDENT_TITLE }),
    );
    expect(escalated.statusCode).toBe(201);
    const incidentOfB = escalated.json<{ id: string }>().id;
    const reported = await asAdmin(
      'POST',
      `/v1/incidents/${incidentOfB}/reports`,
      JSON.stringify({ kind: 'initial', detection_source: 'walk', impact: 'none', actions: 'none' }),
    );
    expect(reported.statusCode).toBe(201);
    const reportOfB = reported.json<{ id: string }>().id;
    expect((await asAdmin('POST', `/v1/reports/${reportOfB}/send`)).statusCode).toBe(202);
    const evidence = await asAdmin(
      'POST',
      `/v1/incidents/${incidentOfB}/evidence?file_name=walk.txt`,
      Buffer.from(`evidence of ${B}`),
      'application/octet-stream',
    );
    expect(evidence.statusCode).toBe(201);
    const evidenceOfB = evidence.json<{ sha256: string }>().sha256;
    idsOfB.push(alertOfB.id, queued.item_id, incidentOfB, reportOfB);
    secretsOfB.push(alertOfB.id, queued.item_id, incidentOfB, reportOfB, INCIDENT_TITLE);

    services = [
      ingestionService,
      detectionService,
      {
        name: 'incidents',
        app: incidents,
        params: [
          ['/v1/queue/items', { id: queued.item_id }],
          ['/v1/queue/alerts', { id: alertOfB.id }],
          ['/v1/reports', { reportId: reportOfB }],
          ['/v1/audit', { type: 'incident', id: incidentOfB }],
          [
            '/v1/incidents',
            { id: incidentOfB, alertId: alertOfB.id, sha256: evidenceOfB, taskId: 'no-task' },
          ],
        ],
      },
      { name: 'drills', app: drills, params: [] },
    ];

    const personas = Object.keys(PERSONAS) as Persona[];
    const tokensOf = async (issue: (persona: Persona) => Promise<string>): Promise<Record<Persona, string>> =>
      Object.fromEntries(
        await Promise.all(personas.map(async (persona) => [persona, await issue(persona)])),
      ) as Record<Persona, string>;
    tokens = {
      local: await tokensOf(
        async (persona) =>
          (
            await localAccount(
              `${persona}-${suffix}`,
              PERSONAS[persona].role,
              PERSONAS[persona].agencies,
              PERSONAS[persona].validUntil,
            )
          ).accessToken,
      ),
      oidc: await tokensOf((persona) => provider.accessToken(persona, AUDIENCE)),
    };
  });

  afterAll(async () => {
    await Promise.all([
      ingestion.close(),
      detection.close(),
      incidents.close(),
      drills.close(),
      provider.close(),
    ]);
  });

  describe.each<Kind>(['local', 'oidc'])('with a %s account', (kind) => {
    it("an agency-A user is answered 401/403/404 or without any of B's data, on every route", async () => {
      const versionBefore = (await ingestion.admin('GET', `/v1/agencies/${B}`)).json<{ version: number }>()
        .version;
      const walked: Walked[] = [];
      for (const service of services)
        for (const route of routesOf(service)) {
          const response = await call(service, route, tokens[kind]['officer-a']);
          const sent = JSON.stringify(requestOf(service, route));
          walked.push({
            route: label(service, route),
            method: route.method,
            guarded: route.access?.kind === 'permission',
            ownAccount: ownAccount(route),
            open: route.access?.kind === 'public',
            namesB: idsOfB.some((id) => sent.includes(id)),
            status: response.statusCode,
            leaked: secretsOfB.filter((secret) => response.body.includes(secret) && !sent.includes(secret)),
          });
        }
      const refused = (status: number): boolean => [401, 403, 404].includes(status);
      const breaches = walked.filter(
        ({ method, guarded, ownAccount, open, namesB, status, leaked }) =>
          leaked.length > 0 ||
          // A request naming B (in its path or body) is refused, read or write alike.
          (guarded && namesB && !refused(status)) ||
          // Any other change succeeds only on the caller's own account (its personal tokens).
          (method !== 'GET' && !open && !ownAccount && status < 300),
      );
      expect(
        breaches.map(({ route, status, leaked }) => `${route} → ${status}, leaks ${leaked.join(', ')}`),
      ).toEqual([]);
      // The walk reached every service, and routes: the agency user's own reads answer (its agency, its health).
      expect([...new Set(walked.map(({ route }) => route.split(' ')[0]))]).toEqual(
        services.map(({ name }) => name),
      );
      expect(walked.filter(({ status }) => status === 200).length).toBeGreaterThan(0);
      expect((await ingestion.admin('GET', `/v1/agencies/${B}`)).json<{ version: number }>().version).toBe(
        versionBefore,
      );
      // B's officer's personal token was neither revoked nor used up by the walk.
      expect((await request('GET', `/v1/agencies/${B}`, personalTokenOfB)).statusCode).toBe(200);
    });

    it('the agency-A user sees its own agency, and B is indistinguishable from an agency that does not exist', async () => {
      const own = await call(
        ingestionService,
        { method: 'GET', path: '/v1/agencies' },
        tokens[kind]['officer-a'],
      );
      expect(own.statusCode).toBe(200);
      expect(own.json<{ id: string }[]>().map((agency) => agency.id)).toEqual([A]);
      const ofB = await call(
        ingestionService,
        { method: 'GET', path: '/v1/agencies/:id' },
        tokens[kind]['officer-a'],
      );
      expect(ofB.statusCode).toBe(404);
      // Every route naming B answers exactly as for an agency that does not exist.
      const nowhere = `walk-none-${suffix}`;
      const differences: string[] = [];
      for (const route of routesOf(ingestionService).filter(
        (candidate) =>
          candidate.path.startsWith('/v1/agencies/:id') && candidate.access?.kind === 'permission',
      )) {
        const answer = async (id: string): Promise<string> => {
          const response = await call(ingestionService, route, tokens[kind]['officer-a'], {
            ...paramsOf(ingestionService, route.path),
            id,
          });
          return `${response.statusCode} ${response.body.replaceAll(id, '<id>')}`;
        };
        const [forB, forNowhere] = [await answer(B), await answer(nowhere)];
        if (forB !== forNowhere)
          differences.push(`${label(ingestionService, route)}: ${forB} ≠ ${forNowhere}`);
      }
      expect(differences).toEqual([]);
    });

    it('an analyst cannot manage rules (but reads them)', async () => {
      const refused: string[] = [];
      for (const route of routesOf(detectionService).filter(
        (candidate) => candidate.path.startsWith('/v1/rules') && candidate.method !== 'GET',
      )) {
        const response = await call(detectionService, route, tokens[kind].analyst);
        if (response.statusCode !== 403)
          refused.push(`${label(detectionService, route)} → ${response.statusCode}`);
      }
      expect(refused).toEqual([]);
      expect(
        (await call(detectionService, { method: 'GET', path: '/v1/rules/:id' }, tokens[kind].analyst))
          .statusCode,
      ).toBe(200);
    });

    it("a rule author cannot delete or import rules, nor reach agencies' keys (but writes rules)", async () => {
      const token = tokens[kind]['rule-author'];
      const expectRefused = async (service: Service, method: Method, path: string): Promise<void> => {
        const response = await call(service, { method, path }, token);
        expect(`${method} ${path} → ${response.statusCode}`).toBe(`${method} ${path} → 403`);
        expect(secretsOfB.some((secret) => response.body.includes(secret))).toBe(false);
      };
      await expectRefused(detectionService, 'DELETE', '/v1/rules/:id');
      await expectRefused(detectionService, 'POST', '/v1/rules/import');
      for (const route of routesOf(ingestionService).filter((candidate) =>
        candidate.path.startsWith('/v1/agencies'),
      ))
        await expectRefused(ingestionService, route.method as Method, route.path);
      const written = await detection
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'PUT',
          url: `/v1/rules/${RULE_ID}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' },
          payload: sshRule(RULE_ID, `description: tuned by a ${kind} rule author`),
        });
      expect(written.statusCode).toBe(200);
      // The rule history names the person: the local account, or the OIDC subject at its issuer.
      const author = written.json<{ updated_by: { id: string; name: string; roles: string[] } }>().updated_by;
      expect(author.roles).toEqual(['rule-author']);
      if (kind === 'oidc')
        expect(author).toMatchObject({
          id: `oidc:rule-author@${new URL(provider.issuer).host}`,
          name: 'OIDC rule-author',
        });
      else expect(author.name).toBe(`Người dùng rule-author-${suffix}`);
    });

    it('an assessor cannot write anything (but reads its assigned agencies)', async () => {
      const written: string[] = [];
      for (const service of services)
        for (const route of routesOf(service).filter(
          // Its own account (personal tokens) is the person's, not data it assesses.
          (candidate) =>
            candidate.method !== 'GET' && candidate.access?.kind === 'permission' && !ownAccount(candidate),
        )) {
          const response = await call(service, route, tokens[kind].assessor);
          if (response.statusCode !== 403) written.push(`${label(service, route)} → ${response.statusCode}`);
        }
      expect(written).toEqual([]);
      const read = await call(
        ingestionService,
        { method: 'GET', path: '/v1/agencies/:id' },
        tokens[kind].assessor,
      );
      expect(read.statusCode).toBe(200);
      expect(read.json<{ id: string }>().id).toBe(B);
    });

    it('an assessor whose period is over reads nothing of its agencies', async () => {
      const token = tokens[kind]['past-assessor'];
      const listed = await call(ingestionService, { method: 'GET', path: '/v1/agencies' }, token);
      expect([listed.statusCode, listed.json()]).toEqual([200, []]);
      for (const path of ['/v1/agencies/:id', '/v1/agencies/:id/health', '/v1/agencies/:id/changes'])
        expect(`${path} → ${(await call(ingestionService, { method: 'GET', path }, token)).statusCode}`).toBe(
          `${path} → 404`,
        );
    });
  });

  it('control: every walked request reaches B for an administrator (the refusals above are the scope and roles at work)', async () => {
    const unreached: string[] = [];
    for (const service of services)
      for (const route of routesOf(service).filter(
        (candidate) => candidate.access?.kind === 'permission' && !ownAccount(candidate),
      )) {
        const response = await call(service, route, ADMIN_TOKEN);
        if ([401, 403, 404].includes(response.statusCode))
          unreached.push(`${label(service, route)} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    expect(unreached).toEqual([]);
  });
});

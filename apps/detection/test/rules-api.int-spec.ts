import { Topics, type RuleChangeV1 } from '@vigil/contracts';
import { ConsumerRunner, KafkaConnection, Publisher } from '@vigil/messaging';
import { eventually, serviceAddresses } from '@vigil/testing';
import { openApiDocument } from '@vigil/observability';
import { createElasticsearchClient } from '@vigil/search';
import { sshRule, startDetectionForRules, type RulesTestApp } from '../src/rules/test/rules-test-app';

// Rule management through the HTTP API against real Elasticsearch and Kafka: records and
// versions, line-precise refusals, roles, and each change published on vigil.rules.v1.
let service: RulesTestApp;
let reader: ConsumerRunner<'vigil.rules.v1'>;
const changes: { key: string | null; value: RuleChangeV1 }[] = [];
const RULE_ID = '5f0c7c42-3b0e-4c4e-9d4c-000000000001';

beforeAll(async () => {
  service = await startDetectionForRules('rules');
  const connection = new KafkaConnection({
    clientId: 'test',
    brokers: serviceAddresses().kafkaBrokers,
    namespace: service.config.namespace,
  });
  reader = new ConsumerRunner(connection, new Publisher(connection), {
    groupId: 'test-rule-changes',
    topic: Topics.RulesV1,
    fromBeginning: true,
    handle: (messages) => {
      changes.push(...messages.map((message) => ({ key: message.key, value: message.value })));
      return Promise.resolve(undefined);
    },
  });
  await reader.start();
});

afterAll(async () => {
  await reader.stop();
  await service.close();
  const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
  await es.indices.delete({ index: `${service.config.namespace}-*`, ignore_unavailable: true });
  await es.close();
});

const changesOf = (id: string): RuleChangeV1[] =>
  changes.filter((change) => change.key === id).map((change) => change.value);

describe('rule management API', () => {
  it('creates, reads, updates, disables and deletes a rule, publishing every change', async () => {
    const created = await service.author('PUT', `/v1/rules/${RULE_ID}`, sshRule(RULE_ID));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: RULE_ID,
      kind: 'rule',
      version: 1,
      enabled: true,
      level: 'medium',
      origin: 'api',
      updated_by: { id: 'legacy:VIGIL_RULE_AUTHOR_TOKEN', roles: ['rule-author'] },
    });

    const read = await service.author('GET', `/v1/rules/${RULE_ID}`);
    expect(read.statusCode).toBe(200);
    expect(read.json<{ sigma: string }>().sigma).toBe(sshRule(RULE_ID));

    const updated = await service.admin('PUT', `/v1/rules/${RULE_ID}`, {
      sigma: sshRule(RULE_ID).replace('level: medium', 'level: high'),
      metadata: { suppression: { fields: ['source.ip'], window_seconds: 600 } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      version: 2,
      level: 'high',
      updated_by: { id: 'legacy:VIGIL_ADMIN_TOKEN', roles: ['admin'] },
    });

    const versions = await service.author('GET', `/v1/rules/${RULE_ID}/versions`);
    expect(versions.json<{ version: number; action: string }[]>().map((v) => [v.version, v.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
    ]);

    const listed = await service.author('GET', '/v1/rules?level=high&q=ssh&tag=attack.t1110');
    expect(listed.json()).toMatchObject({ total: 1, rules: [{ id: RULE_ID }] });

    const disabled = await service.author('POST', `/v1/rules/${RULE_ID}/disable`);
    expect(disabled.json()).toMatchObject({ version: 3, enabled: false });
    expect((await service.author('GET', '/v1/rules?enabled=true')).json()).toMatchObject({ total: 0 });

    const tuned = await service.author('PATCH', `/v1/rules/${RULE_ID}/metadata`, {
      filters: [
        {
          organization_ids: ['agency-a'],
          sigma:
            'title: Ignore the scanner\nlogsource:\n  product: linux\nfilter:\n  rules: [x]\n  selection:\n    source.ip: 192.0.2.9\n  condition: not selection\n',
        },
      ],
    });
    expect(tuned.json()).toMatchObject({
      version: 4,
      metadata: { filters: [{ organization_ids: ['agency-a'] }] },
    });

    expect((await service.admin('DELETE', `/v1/rules/${RULE_ID}`)).json()).toMatchObject({
      version: 5,
      deleted: true,
    });
    expect((await service.author('GET', `/v1/rules/${RULE_ID}`)).statusCode).toBe(404);

    await eventually(() => {
      expect(changesOf(RULE_ID)).toHaveLength(5);
    });
    const published = changesOf(RULE_ID);
    expect(published.map((change) => [change.version, change.action, change.enabled])).toEqual([
      [1, 'upsert', true],
      [2, 'upsert', true],
      [3, 'upsert', false],
      [4, 'upsert', false],
      [5, 'delete', false],
    ]);
    expect(published[1]).toMatchObject({
      changed_by: 'VIGIL_ADMIN_TOKEN (deprecated shared token)',
      metadata: { suppression: { fields: ['source.ip'], window_seconds: 600 } },
    });
    expect(published[0]?.sigma).toBe(sshRule(RULE_ID));
  });

  it('creates with POST from the YAML id, or a generated one written into the YAML', async () => {
    const generated = await service.author('POST', '/v1/rules', sshRule(undefined));
    expect(generated.statusCode).toBe(201);
    const { id, sigma } = generated.json<{ id: string; sigma: string }>();
    expect(sigma).toContain(`id: ${id}\n`);
    const again = await service.author('POST', '/v1/rules', sigma);
    expect(again.statusCode).toBe(409);
    const plain = await service.request({
      method: 'POST',
      url: '/v1/rules',
      token: 'test-rule-author-token',
      body: sshRule('plain-text-rule'),
      contentType: 'text/plain',
    });
    expect(plain.json()).toMatchObject({ id: 'plain-text-rule', version: 1 });
  });

  it('refuses a malformed rule naming the line and the reason', async () => {
    const broken = sshRule('broken-rule').replace('message|contains:', 'message|containz:');
    const response = await service.author('PUT', '/v1/rules/broken-rule', broken);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      error: 'invalid_rule',
      line: 9,
      path: 'detection.selection.message|containz',
      reason: "unknown modifier 'containz'",
    });
    const yaml = await service.author('PUT', '/v1/rules/broken-yaml', 'title: x\ndetection:\n  sel: [a\n');
    expect(yaml.statusCode).toBe(422);
    expect(yaml.json<{ line: number; reason: string }>().reason).toMatch(/^invalid YAML/);
    const twoDocuments = await service.author('POST', '/v1/rules', `${sshRule('a')}\n---\n${sshRule('b')}`);
    expect(twoDocuments.json()).toMatchObject({ error: 'invalid_rule', line: 15 });
    const mismatch = await service.author('PUT', '/v1/rules/other-id', sshRule('broken-rule'));
    expect(mismatch.json()).toMatchObject({ error: 'id_mismatch' });
  });

  it('enforces roles: no token 401, rule authors cannot delete or import', async () => {
    expect((await service.request({ method: 'GET', url: '/v1/rules' })).statusCode).toBe(401);
    expect((await service.request({ method: 'GET', url: '/v1/rules', token: 'wrong' })).statusCode).toBe(401);
    await service.author('PUT', '/v1/rules/kept-rule', sshRule('kept-rule'));
    const deletion = await service.author('DELETE', '/v1/rules/kept-rule');
    expect(deletion.statusCode).toBe(403);
    expect(deletion.json()).toMatchObject({ error: 'forbidden' });
    expect((await service.author('POST', '/v1/rules/import', { files: [] })).statusCode).toBe(403);
    expect((await service.author('GET', '/v1/rules/kept-rule')).statusCode).toBe(200);
  });

  it('documents the rule API in OpenAPI', () => {
    const document = openApiDocument(service.app, { title: 'detection', description: 'test' });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/rules',
        '/v1/rules/{id}',
        '/v1/rules/{id}/versions',
        '/v1/rules/{id}/enable',
        '/v1/rules/{id}/metadata',
        '/v1/rules/import',
        '/v1/rules/test',
        '/v1/rules/backtest',
        '/v1/rules/{id}/backtest',
      ]),
    );
  });
});

import { accountFor, type SignedIn } from '../../ingestion/src/identity/test/accounts';
import { authKeyFiles } from '../../ingestion/src/identity/test/auth-key-files';
import { startIngestion, type IngestionTestApp } from '../../ingestion/test/ingestion-app';
import { sshRule, startDetectionForRules, type RulesTestApp } from '../src/rules/test/rules-test-app';

// People from ingestion's accounts using detection's rule API with their own access and personal
// tokens (one namespace: one Redis, one set of keys): who may do what, and who the history names.
let ingestion: IngestionTestApp;
let detection: RulesTestApp;
const RULE_ID = '5f0c7c42-3b0e-4c4e-9d4c-0000000000a1';
const people: Record<'author' | 'analyst' | 'assessor' | 'admin', SignedIn> = {} as never;

beforeAll(async () => {
  const keys = authKeyFiles();
  ingestion = await startIngestion('rules-people', keys);
  detection = await startDetectionForRules('rules-people', {
    ...keys,
    VIGIL_NAMESPACE: ingestion.config.namespace,
  });
  await ingestion.createAgency('so-a');
  people.author = await accountFor(ingestion, 'author', ['rule-author']);
  people.analyst = await accountFor(ingestion, 'analyst', ['analyst']);
  people.assessor = await accountFor(ingestion, 'assessor', ['assessor'], { agencies: ['so-a'] });
  people.admin = await accountFor(ingestion, 'chief', ['admin']);
});

afterAll(async () => {
  await detection.close();
  await ingestion.close();
});

const as = (person: SignedIn) => ({
  rules: (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: string | object) =>
    detection.request({ method, url, body, token: person.accessToken }),
});

it('lets a rule author write rules and names the person in the history', async () => {
  expect((await as(people.author).rules('PUT', `/v1/rules/${RULE_ID}`, sshRule(RULE_ID))).statusCode).toBe(
    201,
  );
  expect((await as(people.admin).rules('POST', `/v1/rules/${RULE_ID}/disable`)).statusCode).toBe(200);
  const versions = await as(people.analyst).rules('GET', `/v1/rules/${RULE_ID}/versions`);
  expect(versions.statusCode).toBe(200);
  const history =
    versions.json<
      { version: number; action: string; updated_by: { id: string; name: string; roles: string[] } }[]
    >();
  expect(history.map((entry) => [entry.version, entry.action, entry.updated_by])).toEqual([
    [1, 'create', { id: people.author.userId, name: 'Person author', roles: ['rule-author'] }],
    [2, 'disable', { id: people.admin.userId, name: 'Person chief', roles: ['admin'] }],
  ]);
});

it('keeps rule management from analysts and assessors, and delete and import from rule authors', async () => {
  const other = '5f0c7c42-3b0e-4c4e-9d4c-0000000000a2';
  expect((await as(people.analyst).rules('GET', '/v1/rules')).statusCode).toBe(200);
  expect((await as(people.analyst).rules('PUT', `/v1/rules/${other}`, sshRule(other))).statusCode).toBe(403);
  expect(
    (await as(people.analyst).rules('POST', '/v1/rules/test', { sigma: sshRule(other), events: [] }))
      .statusCode,
  ).toBe(403);
  expect((await as(people.assessor).rules('GET', `/v1/rules/${RULE_ID}`)).statusCode).toBe(200);
  expect((await as(people.assessor).rules('PUT', `/v1/rules/${other}`, sshRule(other))).statusCode).toBe(403);
  expect((await as(people.assessor).rules('POST', `/v1/rules/${RULE_ID}/enable`)).statusCode).toBe(403);
  expect((await as(people.author).rules('DELETE', `/v1/rules/${RULE_ID}`)).statusCode).toBe(403);
  expect((await as(people.author).rules('POST', '/v1/rules/import', { files: [] })).statusCode).toBe(403);
  // Nor may a rule author read agencies (and so their secrets) in ingestion.
  const agencies = await ingestion.request({
    method: 'GET',
    url: '/v1/agencies',
    headers: { authorization: `Bearer ${people.author.accessToken}` },
  });
  expect(agencies.statusCode).toBe(403);
  expect((await as(people.admin).rules('DELETE', `/v1/rules/${RULE_ID}`)).statusCode).toBe(200);
});

it('accepts a personal token made in ingestion until it is revoked there', async () => {
  const made = await ingestion.request({
    method: 'POST',
    url: '/v1/auth/tokens',
    headers: { authorization: `Bearer ${people.author.accessToken}` },
    body: { name: 'rule sync', expires_in_days: 1 },
  });
  expect(made.statusCode).toBe(201);
  const { id, token } = made.json<{ id: string; token: string }>();
  expect((await detection.request({ method: 'GET', url: '/v1/rules', token })).statusCode).toBe(200);
  const revoked = await ingestion.request({
    method: 'DELETE',
    url: `/v1/auth/tokens/${id}`,
    headers: { authorization: `Bearer ${people.author.accessToken}` },
  });
  expect(revoked.statusCode).toBe(204);
  expect((await detection.request({ method: 'GET', url: '/v1/rules', token })).statusCode).toBe(401);
});

import { ALL_AGENCIES } from '@vigil/auth';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses } from '@vigil/testing';
import { authKeyFiles } from '../src/identity/test/auth-key-files';
import { AgencyDirectory } from '../src/directory/application/agency-directory';
import { AgencyRepository } from '../src/directory/application/agency.repository';
import { issueApiKey } from '../src/directory/domain/api-key';
import { KEY_FAILURE_LIMITS } from '../src/directory/application/key-failure-limiter';
import { startIngestion, type IngestionTestApp } from './ingestion-app';

// Agencies' machine keys (#12 item 6): scrypt-stored keys move to HMAC on their next good use, and
// wrong secrets are limited per key id in Redis, across two instances sharing one namespace.
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
const keys = authKeyFiles();
let first: IngestionTestApp;
let second: IngestionTestApp;

beforeAll(async () => {
  first = await startIngestion('api-key-cost', keys);
  second = await startIngestion('api-key-cost-2', { ...keys, VIGIL_NAMESPACE: first.config.namespace });
  for (const app of [first, second]) {
    await eventually(
      async () => (await app.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
    );
  }
});

afterAll(async () => {
  await second.close();
  await first.close();
  await es.indices.delete({ index: `${first.config.namespace}-*`, ignore_unavailable: true });
  await es.close();
});

const submit = (app: IngestionTestApp, apiKey: string) =>
  app.request({
    method: 'POST',
    url: '/v1/events',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/x-ndjson' },
    body: JSON.stringify({ '@timestamp': '2026-12-06T10:00:00Z', message: 'key check' }),
  });

const storedKeysOf = async (agencyId: string) =>
  (await first.app.get(AgencyRepository).get(agencyId, ALL_AGENCIES))?.value.apiKeys ?? [];

const withWrongSecret = (apiKey: string, n: number): string =>
  `${apiKey.slice(0, -2)}${String.fromCharCode(65 + (n % 26))}${apiKey.endsWith('z') ? 'y' : 'z'}`;

describe('agency API keys', () => {
  it('issues keys as HMAC and re-stores a scrypt key as HMAC after one good request; the key keeps working on every instance', async () => {
    const issued = await first.createAgency('key-upgrade');
    expect((await storedKeysOf('key-upgrade'))[0].scheme).toBe('hmac-sha256');
    expect((await submit(first, issued)).statusCode).toBe(202);
    // An agency registered before HMAC: its key as it was stored then (scrypt, no scheme).
    const legacy = await issueApiKey(new Date());
    const repository = first.app.get(AgencyRepository);
    const current = await repository.get('key-upgrade', ALL_AGENCIES);
    await repository.update({ ...current!.value, apiKeys: [legacy.stored] }, current!.revision);
    for (const app of [first, second]) await app.app.get(AgencyDirectory).refresh();
    const apiKey = legacy.plaintext;
    expect((await storedKeysOf('key-upgrade'))[0].scheme).toBeUndefined();

    expect((await submit(first, apiKey)).statusCode).toBe(202);

    const [stored] = await storedKeysOf('key-upgrade');
    expect(stored).toMatchObject({ scheme: 'hmac-sha256', salt: '' });
    await eventually(async () => (await submit(second, apiKey)).statusCode === 202);
    expect((await submit(first, apiKey)).statusCode).toBe(202);
  });

  it('answers wrong secrets for a key id 401, then 429 with Retry-After on any instance; another agency is unaffected', async () => {
    const target = await first.createAgency('key-target');
    const bystander = await first.createAgency('key-bystander');

    for (let n = 0; n < KEY_FAILURE_LIMITS.perKeyId; n += 1) {
      expect((await submit(n % 2 === 0 ? first : second, withWrongSecret(target, n % 3))).statusCode).toBe(
        401,
      );
    }
    const limited = await submit(second, withWrongSecret(target, 0));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await submit(first, withWrongSecret(target, 5))).statusCode).toBe(429);

    expect((await submit(first, bystander)).statusCode).toBe(202);
    expect((await submit(second, bystander)).statusCode).toBe(202);
  });
});

import { ALL_AGENCIES, PersonalTokenKey, type AgencyScope } from '@vigil/auth';
import type { OutboxEntry, OutboxLocation } from '@vigil/messaging';
import { randomBytes } from 'node:crypto';
import { agencyFactory } from '../../syslog/test/agency.factory';
import type { Agency } from '../domain/agency';
import { issueApiKey } from '../domain/api-key';
import { AgencyDirectory } from './agency-directory';
import { AgencyRepository, type Versioned } from './agency.repository';
import type { KeyRevocations } from './key-revocations';

class RecordingAgencyRepository extends AgencyRepository {
  updates = 0;
  constructor(public agency: Agency) {
    super();
  }
  get(_id: string, _scope: AgencyScope): Promise<Versioned<Agency> | undefined> {
    return Promise.resolve({ value: this.agency, revision: String(this.updates) });
  }
  create(): Promise<OutboxEntry> {
    return Promise.reject(new Error('not in this test'));
  }
  update(agency: Agency, revision: string): Promise<OutboxEntry> {
    if (revision !== String(this.updates)) return Promise.reject(new Error('stale revision'));
    this.agency = agency;
    this.updates += 1;
    return Promise.resolve({
      location: this.outboxOf(agency.id),
      revision: String(this.updates),
      pending: false,
      messages: [],
    });
  }
  outboxOf(id: string): OutboxLocation {
    return { collection: 'agencies', id };
  }
  list(_scope: AgencyScope): Promise<Agency[]> {
    return Promise.resolve([this.agency]);
  }
  findByKeyId(): Promise<Agency | undefined> {
    return Promise.resolve(this.agency);
  }
}

const noRevocations: KeyRevocations = {
  record: () => Promise.resolve(),
  revokedAt: () => Promise.resolve(undefined),
};

async function setUp() {
  const { plaintext, stored } = await issueApiKey(new Date());
  const repository = new RecordingAgencyRepository(agencyFactory('dgfip', { apiKeys: [stored] }));
  const tokenKey = new PersonalTokenKey(randomBytes(32));
  const directory = new AgencyDirectory(repository, 60_000, noRevocations, { tokenKey });
  await directory.refresh();
  return { plaintext, stored, repository, directory };
}

describe('AgencyDirectory.authenticate', () => {
  it('re-stores a scrypt key as HMAC on its first good use, once, and keeps accepting it', async () => {
    const { plaintext, stored, repository, directory } = await setUp();

    expect((await directory.authenticate(plaintext)).id).toBe('dgfip');

    expect(repository.updates).toBe(1);
    expect(repository.agency.apiKeys[0]).toMatchObject({ id: stored.id, scheme: 'hmac-sha256' });
    const fresh = new AgencyDirectory(repository, 60_000, noRevocations, {
      tokenKey: (directory as unknown as { hasher: PersonalTokenKey }).hasher,
    });
    await fresh.refresh();
    expect((await fresh.authenticate(plaintext)).id).toBe('dgfip');
    expect(repository.updates).toBe(1);
    expect((await repository.get('dgfip', ALL_AGENCIES))?.value.apiKeys).toHaveLength(1);
  });

  it('answers a repeated wrong secret from memory, without looking the key up again', async () => {
    const { plaintext, repository, directory } = await setUp();
    const wrong = `${plaintext.slice(0, -1)}${plaintext.endsWith('A') ? 'B' : 'A'}`;
    await directory.refresh();
    const lookups = jest.spyOn(repository, 'findByKeyId');
    const ownerOf = jest.spyOn(
      directory as unknown as { ownerOf: (id: string) => Agency | undefined },
      'ownerOf',
    );
    const now = new Date();

    await expect(directory.authenticate(wrong, { now })).rejects.toMatchObject({ code: 'invalid_api_key' });
    await expect(directory.authenticate(wrong, { now })).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(ownerOf).toHaveBeenCalledTimes(1);
    await expect(
      directory.authenticate(wrong, { now: new Date(now.getTime() + 10_000) }),
    ).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
    expect(ownerOf).toHaveBeenCalledTimes(2);
    expect(lookups).not.toHaveBeenCalled();
    expect((await directory.authenticate(plaintext, { now })).id).toBe('dgfip');
  });
});

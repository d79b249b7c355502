import { ALL_AGENCIES, type AgencyScope, type Principal } from '@vigil/auth';
import type { OutboxEntry, OutboxLocation, OutboxMessage } from '@vigil/messaging';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { Agency } from '../domain/agency';
import type { AgencyChange, AgencyChangeLog } from './agency-change-log';
import { AgencyRepository, type Versioned } from './agency.repository';
import { CreateAgencyUseCase } from './create-agency.use-case';
import { DirectoryEvents } from './directory-events';

const admin: Principal = {
  id: 'u1',
  name: 'Admin',
  roles: ['admin'],
  scope: ALL_AGENCIES,
  method: 'access-token',
};

/** Agencies in memory; each create keeps the messages it was written with, as the record would. */
class InMemoryAgencies extends AgencyRepository {
  readonly written = new Map<string, { agency: Agency; messages: readonly OutboxMessage[] }>();

  create(agency: Agency, messages: readonly OutboxMessage[]): Promise<OutboxEntry> {
    if (this.written.has(agency.id))
      return Promise.reject(
        new IngestionError(IngestionErrorCode.AgencyExists, `agency "${agency.id}" exists`),
      );
    this.written.set(agency.id, { agency, messages });
    return Promise.resolve({ location: this.outboxOf(agency.id), revision: '1', pending: true, messages });
  }
  update(): Promise<OutboxEntry> {
    return Promise.reject(new Error('not in this test'));
  }
  outboxOf(id: string): OutboxLocation {
    return { collection: 'agencies', id };
  }
  get(id: string, _scope: AgencyScope): Promise<Versioned<Agency> | undefined> {
    const found = this.written.get(id);
    return Promise.resolve(found && { value: found.agency, revision: '1' });
  }
  list(): Promise<Agency[]> {
    return Promise.resolve([...this.written.values()].map((found) => found.agency));
  }
  findByKeyId(): Promise<Agency | undefined> {
    return Promise.resolve(undefined);
  }
}

function setUp() {
  const agencies = new InMemoryAgencies();
  const changes: AgencyChange[] = [];
  const log: AgencyChangeLog = {
    append: (change) => {
      changes.push(change);
      return Promise.resolve();
    },
    of: () => Promise.resolve([]),
  };
  const delivered: OutboxEntry[] = [];
  const redelivered: OutboxLocation[] = [];
  // The real message builder; delivery recorded instead of reaching Kafka.
  const events = Object.assign(Object.create(DirectoryEvents.prototype) as DirectoryEvents, {
    written: (_agency: Agency, entry: OutboxEntry) => {
      delivered.push(entry);
      return Promise.resolve();
    },
    pendingOf: (location: OutboxLocation) => {
      redelivered.push(location);
      return Promise.resolve();
    },
  });
  return {
    useCase: new CreateAgencyUseCase(agencies, log, events),
    agencies,
    changes,
    delivered,
    redelivered,
  };
}

describe('CreateAgencyUseCase', () => {
  it('writes the agency with its directory messages, then delivers them', async () => {
    const { useCase, agencies, delivered } = setUp();

    await useCase.execute({ id: 'so-yte', name: 'Sở Y tế' }, admin);

    const written = agencies.written.get('so-yte');
    expect(written?.messages.map((message) => [message.topic, message.key])).toEqual([
      ['vigil.directory.v1', 'agency:so-yte'],
    ]);
    // the announcement never carries key hashes
    expect(written?.messages[0].value).not.toMatch(/apiKeys|hash/);
    expect(delivered).toHaveLength(1);
  });

  it('on a retry that meets the existing record: publishes what it still holds, then answers 409', async () => {
    const { useCase, redelivered, changes } = setUp();
    await useCase.execute({ id: 'so-yte', name: 'Sở Y tế' }, admin);

    await expect(useCase.execute({ id: 'so-yte', name: 'Sở Y tế' }, admin)).rejects.toMatchObject({
      code: IngestionErrorCode.AgencyExists,
    });

    expect(redelivered).toEqual([{ collection: 'agencies', id: 'so-yte' }]);
    expect(changes).toHaveLength(1);
  });
});

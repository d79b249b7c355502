import type { AgencyScope } from '@vigil/auth';
import type { OutboxEntry, OutboxLocation } from '@vigil/messaging';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { AgencyRepository, type Versioned } from '../../directory/application/agency.repository';
import type { KeyRevocations } from '../../directory/application/key-revocations';
import { AGENCY_DEFAULTS, type Agency } from '../../directory/domain/agency';

/** An active agency with the given syslog sources, for unit tests. */
export function agencyFactory(id: string, overrides: Partial<Agency> = {}): Agency {
  return {
    id,
    name: `Agency ${id}`,
    contact: {},
    status: 'active',
    ...AGENCY_DEFAULTS,
    quotas: { ...AGENCY_DEFAULTS.quotas },
    inputs: [...AGENCY_DEFAULTS.inputs],
    syslogSources: { cidrs: [], certFingerprints: [] },
    apiKeys: [],
    systems: [],
    createdAt: '2026-11-27T00:00:00.000Z',
    updatedAt: '2026-11-27T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

class InMemoryAgencyRepository extends AgencyRepository {
  constructor(private readonly agencies: Agency[]) {
    super();
  }
  get(id: string, _scope: AgencyScope): Promise<Versioned<Agency> | undefined> {
    const agency = this.agencies.find((candidate) => candidate.id === id);
    return Promise.resolve(agency && { value: agency, revision: '1' });
  }
  create(): Promise<OutboxEntry> {
    return Promise.reject(new Error('read-only in tests'));
  }
  update(): Promise<OutboxEntry> {
    return Promise.reject(new Error('read-only in tests'));
  }
  outboxOf(id: string): OutboxLocation {
    return { collection: 'agencies', id };
  }
  list(_scope: AgencyScope): Promise<Agency[]> {
    return Promise.resolve(this.agencies);
  }
  findByKeyId(): Promise<Agency | undefined> {
    return Promise.resolve(undefined);
  }
}

const noRevocations: KeyRevocations = {
  record: () => Promise.resolve(),
  revokedAt: () => Promise.resolve(undefined),
};

/** The real AgencyDirectory, holding these agencies in memory (no Elasticsearch). */
export function directoryOf(agencies: Agency[]): AgencyDirectory {
  const directory = new AgencyDirectory(new InMemoryAgencyRepository(agencies), 60_000, noRevocations);
  for (const agency of agencies) directory.remember(agency);
  return directory;
}

import type { AgencyScope } from '@vigil/auth';
import type { Agency } from '../domain/agency';

export interface Versioned<T> {
  value: T;
  /** Opaque token for optimistic concurrency: an update with a stale token fails. */
  revision: string;
}

/**
 * Where agencies are kept (Elasticsearch in production). Reads take the caller's agency scope
 * and see only the agencies it covers (ALL_AGENCIES for the service's own work): an agency out
 * of scope reads as absent, so the API answers 404 as for one that does not exist.
 */
export abstract class AgencyRepository {
  abstract get(id: string, scope: AgencyScope): Promise<Versioned<Agency> | undefined>;
  /** Fails with agency_exists when the id is taken. */
  abstract create(agency: Agency): Promise<void>;
  /** Fails with concurrent_change when the revision is stale. */
  abstract update(agency: Agency, revision: string): Promise<void>;
  abstract list(scope: AgencyScope): Promise<Agency[]>;
  abstract findByKeyId(keyId: string): Promise<Agency | undefined>;
}

import type { Agency } from '../domain/agency';

export interface Versioned<T> {
  value: T;
  /** Opaque token for optimistic concurrency: an update with a stale token fails. */
  revision: string;
}

/** Where agencies are kept (Elasticsearch in production). */
export abstract class AgencyRepository {
  abstract get(id: string): Promise<Versioned<Agency> | undefined>;
  /** Fails with agency_exists when the id is taken. */
  abstract create(agency: Agency): Promise<void>;
  /** Fails with concurrent_change when the revision is stale. */
  abstract update(agency: Agency, revision: string): Promise<void>;
  abstract list(): Promise<Agency[]>;
  abstract findByKeyId(keyId: string): Promise<Agency | undefined>;
}

import type { AgencyScope } from '@vigil/auth';
import type { OutboxEntry, OutboxLocation, OutboxMessage } from '@vigil/messaging';
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
  /**
   * Writes the agency together with the messages announcing it (one write: no crash separates
   * them); they stay pending until the Outbox has published them. Fails with agency_exists when
   * the id is taken.
   */
  abstract create(agency: Agency, messages: readonly OutboxMessage[]): Promise<OutboxEntry>;
  /**
   * Fails with concurrent_change when the revision is stale. `messages` replace the pending ones
   * (a new version of the directory records supersedes the old); without them the pending ones
   * are kept (a change nobody needs to hear of, such as re-hashing a key).
   */
  abstract update(
    agency: Agency,
    revision: string,
    messages?: readonly OutboxMessage[],
  ): Promise<OutboxEntry>;
  /** Where the agency's record keeps its unpublished messages. */
  abstract outboxOf(id: string): OutboxLocation;
  abstract list(scope: AgencyScope): Promise<Agency[]>;
  abstract findByKeyId(keyId: string): Promise<Agency | undefined>;
}
